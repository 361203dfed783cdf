"""One model-server process on loopback (``python -m localmodel.launch``): started, health-checked, stopped."""

from __future__ import annotations

import atexit
import collections
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO, Self

from localmodel.files import MODEL_NAME, LocalModelServerError, locate_model, require_server

_HOST = "127.0.0.1"
_STDERR_LINES = 200
_BIND_FAILURE_MARKERS = ("couldn't bind", "address already in use", "failed to bind")
_LAUNCHER = "localmodel.launch"
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS's choice for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def _launch_environment() -> dict[str, str]:
    """The current environment with the directory holding this package first on ``PYTHONPATH``.

    The launcher then runs from the same copy of ``localmodel`` as this process, even when this process found it
    through a path the interpreter would not search by itself (a source checkout, a test runner's rootdir).
    """
    env = dict(os.environ)
    existing = env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = os.pathsep.join([str(_PACKAGE_ROOT), *([existing] if existing else [])])
    return env


class LocalModelServer:
    """One llama.cpp server process on 127.0.0.1, serving :data:`MODEL_NAME` through the OpenAI API.

    The process is this interpreter running :mod:`localmodel.launch` (``xllamacpp``); it computes on the CPU
    with one thread by default: on a small machine shared with the API, more threads contend and run slower.
    Its context is the model's full 8,192 tokens: a planner revision sends about 3,300 tokens of prompt and may
    get up to ``llm_max_tokens`` (2,500) back, more than a 4,096-token context holds.

    ``with LocalModelServer() as server:`` starts it and waits until ``GET /health`` answers 200, then
    ``ChatOpenAI(base_url=server.base_url, api_key="local", model=server.model)`` talks to it. ``stop()``
    terminates it (then kills it after ``stop_grace_s``) and may be called any number of times.
    """

    def __init__(
        self,
        *,
        model_path: Path | None = None,
        port: int | None = None,
        context_size: int = 8192,
        threads: int = 1,
        batch_threads: int = 1,
        startup_timeout_s: float = 60.0,
        stop_grace_s: float = 5.0,
    ) -> None:
        self.model = MODEL_NAME
        self._model_path = model_path
        self._requested_port = port
        self._context_size = context_size
        self._threads = threads
        self._batch_threads = batch_threads
        self._startup_timeout_s = startup_timeout_s
        self._stop_grace_s = stop_grace_s
        self._process: subprocess.Popen[bytes] | None = None
        self._reader: threading.Thread | None = None
        self._output: collections.deque[str] = collections.deque(maxlen=_STDERR_LINES)
        self._port: int | None = None
        self._lock = threading.Lock()
        self.startup_seconds: float | None = None
        """Seconds from launching the process to the first healthy answer."""

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
            require_server()
            model = self._model_path or locate_model()
            attempts = 1 if self._requested_port is not None else 3
            for attempt in range(1, attempts + 1):
                port = self._requested_port or free_port()
                try:
                    self._launch(model, port)
                    atexit.register(self.stop)
                    return self
                except LocalModelServerError as exc:
                    bind_failed = any(marker in str(exc).lower() for marker in _BIND_FAILURE_MARKERS)
                    if attempt == attempts or not bind_failed:
                        raise
            raise AssertionError("unreachable")  # pragma: no cover

    def _command(self, model: Path, port: int) -> list[str]:
        return [
            sys.executable, "-m", _LAUNCHER,
            "--model", str(model),
            "--alias", self.model,
            "--host", _HOST,
            "--port", str(port),
            "-t", str(self._threads),
            "-tb", str(self._batch_threads),
            "-c", str(self._context_size),
            "-np", "1",
        ]  # fmt: skip

    def _launch(self, model: Path, port: int) -> None:
        self._output.clear()
        started = time.monotonic()
        process = subprocess.Popen(
            self._command(model, port),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=_launch_environment(),
        )
        assert process.stdout is not None
        reader = threading.Thread(
            target=_drain, args=(process.stdout, self._output), name=f"local-model-server-{process.pid}", daemon=True
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
                        f"the model server exited with {_describe_exit(code)} before it was ready", self.output_tail()
                    )
                )
            with contextlib.suppress(OSError, urllib.error.URLError), opener.open(url, timeout=2.0) as response:
                if response.status == 200:
                    return
            if time.monotonic() >= deadline:
                raise LocalModelServerError(
                    _error_with_output(
                        f"the model server was not healthy within {self._startup_timeout_s:g} s", self.output_tail()
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
        return f"signal {-code}"
    if -code == signal.SIGILL:
        name += " (illegal instruction: this CPU lacks an instruction set llama.cpp was built for; x86-64 needs AVX2)"
    return name


def _error_with_output(message: str, output: str) -> str:
    return f"{message}\n--- last output ---\n{output}" if output else message
