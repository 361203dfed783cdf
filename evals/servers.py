"""Real servers for tests and benchmarks: `coach serve` processes on free loopback ports, and throwaway PostgreSQL
databases."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg

from localmodel import free_port

STARTUP_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 15.0
# Benchmarks and crash runs drive many sessions with one key: the per-key rate limits are set out of their reach.
UNLIMITED_RATES = {"COACH_LIMIT_SESSION_CREATES": "1000000/minute", "COACH_LIMIT_RESUMES": "1000000/minute"}


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path
    log: Path
    pid: int

    @property
    def admin_key(self) -> str:
        """The first admin's key, written by the first start on this data directory."""
        return (self.data_dir / "admin.key").read_text().strip()


def coach_command() -> list[str]:
    """The `coach` script of the running virtual environment."""
    return [str(Path(sys.executable).with_name("coach"))]


@contextmanager
def coach_serve(data_dir: Path, *, env: Mapping[str, str] | None = None, count: int = 1) -> Iterator[list[Server]]:
    """Start `count` `coach serve` processes at once with COACH_DATA_DIR=data_dir (plus `env`), each on its own
    port, its output in `serve-<port>.log` beside the data directory; wait for each one's /healthz; stop those still
    alive afterwards."""
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
            started.append((process, Server(url=f"http://127.0.0.1:{port}", data_dir=data_dir, log=log,
                                            pid=process.pid)))
        for process, server in started:
            wait_ready(server.url, process, server.log)
        yield [server for _, server in started]
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"coach serve exited with {process.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"coach serve did not answer /healthz within {STARTUP_TIMEOUT_S:g} s:\n{log.read_text()}")


@contextmanager
def throwaway_postgres(admin_dsn: str, prefix: str = "coach_bench") -> Iterator[str | None]:
    """A new, uniquely named database's URL, dropped afterwards; None when no PostgreSQL server answers."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        yield None
        return
    try:
        yield admin_dsn.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
