"""Run llama.cpp's HTTP server (from the ``xllamacpp`` wheel) until SIGTERM or SIGINT.

``python -m localmodel.launch --model FILE.gguf --port 8080`` takes a subset of ``llama-server``'s flags and
prints ``listening on http://HOST:PORT`` once the model is loaded (``--port 0`` lets the OS choose).
:class:`localmodel.server.LocalModelServer` runs it as a child process, so the server's threads, its memory
and any crash stay out of the API's process, and a stop is a plain signal.

The C++ server runs in this process on threads of its own; the main thread only waits for a signal.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m localmodel.launch", description=__doc__.splitlines()[0])
    parser.add_argument("-m", "--model", required=True, help="GGUF model file")
    parser.add_argument("--alias", default=None, help="model name the server answers to")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0: any free port")
    parser.add_argument("-c", "--ctx-size", type=int, default=4096, help="context size in tokens")
    parser.add_argument("-t", "--threads", type=int, default=1, help="threads for generation")
    parser.add_argument("-tb", "--threads-batch", type=int, default=None, help="threads for prompts (default: -t)")
    parser.add_argument("-np", "--parallel", type=int, default=1, help="concurrent requests (slots)")
    return parser.parse_args(argv)


def server_params(args: argparse.Namespace, xllamacpp: Any) -> Any:
    """``xllamacpp.CommonParams`` for a CPU-only, offline server without the web UI."""
    params = xllamacpp.CommonParams()
    params.model.path = args.model
    if args.alias:
        params.model_alias = {args.alias}
    params.hostnames = [args.host]
    params.port = args.port
    params.n_ctx = args.ctx_size
    params.cpuparams.n_threads = args.threads
    params.cpuparams_batch.n_threads = args.threads_batch or args.threads
    params.n_parallel = args.parallel
    params.n_gpu_layers = 0
    params.ui = False
    params.offline = True  # never fetch anything (models, templates) from the network
    return params


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        import xllamacpp  # the optional `local` extra; its native library loads here
    except ImportError as exc:
        print(f"xllamacpp cannot be loaded ({exc}); install the local model extra (uv sync --extra local); "
              "on Linux it also needs the OpenMP runtime libgomp.so.1 (Debian/Ubuntu: libgomp1)", file=sys.stderr)
        return 2
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    try:
        server = xllamacpp.Server(server_params(args, xllamacpp))  # returns once the model is loaded and bound
    except RuntimeError as exc:
        print(f"llama.cpp server did not start: {exc}", file=sys.stderr, flush=True)  # its log above says why
        return 1
    print(f"listening on {server.listening_address}", flush=True)
    stop.wait()
    del server  # stops the HTTP server and waits for its loop to exit
    return 0


if __name__ == "__main__":
    sys.exit(main())
