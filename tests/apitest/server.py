"""A real `coach serve` process on a free loopback port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from localmodel import free_port

STARTUP_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path
    log: Path

    @property
    def admin_key(self) -> str:
        return (self.data_dir / "admin.key").read_text().strip()


def coach_command() -> list[str]:
    """The `coach` script of the running virtual environment."""
    return [str(Path(sys.executable).with_name("coach"))]


@contextmanager
def coach_serve(data_dir: Path, *, env: Mapping[str, str] | None = None, count: int = 1) -> Iterator[list[Server]]:
    """Start `count` `coach serve` processes at once with COACH_DATA_DIR=data_dir (plus `env`), each on its own
    port; wait for each one's /healthz; stop them all afterwards."""
    data_dir.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "COACH_DATA_DIR": str(data_dir), **(env or {})}
    started: list[tuple[subprocess.Popen[bytes], Server]] = []
    try:
        for _ in range(count):
            port = free_port()
            log = data_dir.parent / f"serve-{port}.log"
            with log.open("w") as output:
                process = subprocess.Popen(
                    [*coach_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                    stdout=output, stderr=subprocess.STDOUT, env=environment,
                )
            started.append((process, Server(url=f"http://127.0.0.1:{port}", data_dir=data_dir, log=log)))
        for process, server in started:
            _wait_ready(server.url, process, server.log)
        yield [server for _, server in started]
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"coach serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"coach serve did not answer /healthz within {STARTUP_TIMEOUT_S:g} s:\n{log.read_text()}")
