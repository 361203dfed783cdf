"""Real servers for tests and benchmarks: `coach serve` processes on free loopback ports, the app under uvicorn in a
thread, throwaway PostgreSQL databases, and a private PostgreSQL cluster that can be stopped and restarted."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import uvicorn

from api.app import create_app
from api.serving import server_config
from knowledge.base import KnowledgeBase
from localmodel import free_port
from sessions.bootstrap import IssuedKey
from settings import Settings

STARTUP_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 15.0
# Benchmarks and crash runs drive many sessions with one key: the per-key rate limits, and the cap on one person's
# open sessions, are set out of their reach.
UNLIMITED_RATES = {"COACH_LIMIT_SESSION_CREATES": "1000000/minute", "COACH_LIMIT_RESUMES": "1000000/minute",
                   "COACH_LIMIT_OPEN_SESSIONS_PER_USER": "1000000"}


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
def coach_serve(data_dir: Path, *, env: Mapping[str, str] | None = None, count: int = 1,
                before_exec: Callable[[], None] | None = None, args: Sequence[str] = ()) -> Iterator[list[Server]]:
    """Start `count` `coach serve` processes at once with COACH_DATA_DIR=data_dir (plus `env`), each on its own
    port, its output in `serve-<port>.log` beside the data directory; wait for each one's /healthz; stop those still
    alive afterwards. `before_exec` runs in each child before `coach` does (to lower a resource limit, say); `args`
    go to `coach serve` (`--workers 2`, say)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "COACH_DATA_DIR": str(data_dir), **(env or {})}
    started: list[tuple[subprocess.Popen[bytes], Server]] = []
    try:
        for _ in range(count):
            port = free_port()
            log = data_dir.parent / f"serve-{port}.log"
            with log.open("w") as output:
                process = subprocess.Popen(
                    [*coach_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                     *args],
                    stdout=output, stderr=subprocess.STDOUT, env=environment, preexec_fn=before_exec,
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


def postgres_binaries() -> Path | None:
    """The folder of `initdb` and `pg_ctl`: on the PATH, else the newest of Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    folders = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
                     if p.parent.name.isdigit() else 0)
    return next((f for f in reversed(folders) if (f / "initdb").exists() and (f / "pg_ctl").exists()), None)


@dataclass(frozen=True)
class PrivateCluster:
    """A PostgreSQL cluster of this process's own, under a temporary folder, on a free loopback port."""

    folder: Path
    port: int
    binaries: Path
    run_as: tuple[str, ...]
    """The command prefix that runs PostgreSQL's tools as a user other than root (they refuse root)."""

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _ctl(self, *args: str) -> None:
        subprocess.run([*self.run_as, str(self.binaries / "pg_ctl"), "-D", str(self.folder / "data"), "-w", *args],
                       check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._ctl("-l", str(self.folder / "postgres.log"), "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "stop")

    def restart(self, down_s: float) -> None:
        """Stop the server (open connections are cut), stay down `down_s` seconds, start it again."""
        self.stop()
        time.sleep(down_s)
        self.start()


@contextmanager
def private_postgres() -> Iterator[PrivateCluster | None]:
    """A new cluster (initdb, trust on loopback) started on a free port, removed afterwards; None when PostgreSQL's
    tools are not installed (or, as root, there is no `postgres` user to run them as)."""
    binaries = postgres_binaries()
    run_as: tuple[str, ...] = ()
    owner: pwd.struct_passwd | None = None
    if binaries is not None and os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            binaries = None
        run_as = ("runuser", "-u", "postgres", "--")
    if binaries is None:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="coach-pg-"))
    if owner is not None:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    cluster = PrivateCluster(folder=folder, port=free_port(), binaries=binaries, run_as=run_as)
    try:
        subprocess.run([*run_as, str(binaries / "initdb"), "-D", str(folder / "data"), "-U", "postgres",
                        "--auth=trust", "-E", "UTF8", "--no-sync"], check=True, capture_output=True, timeout=300)
        cluster.start()
        try:
            yield cluster
        finally:
            cluster.stop("immediate")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


REDIS_STARTUP_TIMEOUT_S = 20.0


@contextmanager
def redis_server(folder: Path) -> Iterator[str | None]:
    """A redis-server of this process's own on a free loopback port (nothing kept on disk): its URL, None when
    `redis-server` is not installed. Stopped afterwards."""
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    folder.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                "no", "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + REDIS_STARTUP_TIMEOUT_S
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start on port {port}")
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=STOP_TIMEOUT_S)


THREAD_STARTUP_TIMEOUT_S = 60.0
THREAD_SHUTDOWN_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class ThreadedServer:
    url: str
    data_dir: Path
    admin_key: str


@contextmanager
def serving(settings: Settings, *, kb: KnowledgeBase | None = None) -> Iterator[ThreadedServer]:
    """The app for `settings` under uvicorn (configured as `coach serve` configures it) in a thread of this process,
    on a free loopback port: a real HTTP server without a fresh interpreter's imports."""
    keys: list[IssuedKey] = []
    app = create_app(settings, kb=kb, on_admin_key=keys.append)
    port = free_port()
    server = uvicorn.Server(server_config(app, settings, host="127.0.0.1", port=port, log_level="warning",
                                          timeout_graceful_shutdown=5))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + THREAD_STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the app did not start on port {port} within {THREAD_STARTUP_TIMEOUT_S:g} s")
        time.sleep(0.05)
    try:
        yield ThreadedServer(url=f"http://127.0.0.1:{port}", data_dir=settings.data_dir,
                             admin_key=keys[0].token if keys else "")
    finally:
        server.should_exit = True
        thread.join(THREAD_SHUTDOWN_TIMEOUT_S)
