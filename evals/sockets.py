"""Idle connections: sockets that connect and send nothing (or half a request), and what a server does with them."""

from __future__ import annotations

import re
import resource
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from evals.faults import Tally, patient_session
from evals.http import bearer


def open_idle(url: str, count: int, *, first_bytes: bytes = b"") -> list[socket.socket]:
    """`count` connections to the server at `url`, each sending `first_bytes` (nothing, by default) and no more."""
    parts = urlsplit(url)
    sockets: list[socket.socket] = []
    for _ in range(count):
        connection = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=10)
        if first_bytes:
            connection.sendall(first_bytes)
        sockets.append(connection)
    return sockets


def closed_by_server(sockets: list[socket.socket], *, within_s: float) -> int:
    """How many of `sockets` the server closed (end of stream, or reset) within `within_s` seconds."""
    deadline = time.monotonic() + within_s
    closed = 0
    for connection in sockets:
        connection.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            while connection.recv(65536):
                pass
            closed += 1
        except ConnectionResetError:
            closed += 1
        except TimeoutError:
            continue
    return closed


def close_all(sockets: list[socket.socket]) -> None:
    for connection in sockets:
        connection.close()


def open_files_limit(pid: int) -> int:
    """The soft limit of open files of process `pid` (Linux: /proc/<pid>/limits)."""
    limits = Path(f"/proc/{pid}/limits").read_text()
    found = re.search(r"^Max open files\s+(\d+)", limits, re.MULTILINE)
    if found is None:
        raise RuntimeError(f"no limit of open files in /proc/{pid}/limits")
    return int(found.group(1))


def few_open_files(limit: int) -> None:
    """Lower this process's soft limit of open files to `limit`, the hard one kept (run in a server's child
    process before it starts, as `before_exec`)."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))


@dataclass(frozen=True)
class BesideIdle:
    """A session run while `idle` connections sat open and silent on the same server."""

    idle: int
    session_s: float
    tally: Tally
    closed: int
    """How many of the idle connections the server closed (within its head timeout and a margin)."""


def session_beside_idle_sockets(url: str, admin_key: str, *, idle: int, head_timeout_s: float,
                                give_up_s: float = 30.0) -> BesideIdle:
    sockets = open_idle(url, idle)
    try:
        started = time.perf_counter()
        tally = Tally()
        with httpx.Client(base_url=url, timeout=20, headers=bearer(admin_key)) as client:
            patient_session(client, tally, give_up_s=give_up_s)
        took = time.perf_counter() - started
        closed = closed_by_server(sockets, within_s=head_timeout_s + 5)
    finally:
        close_all(sockets)
    return BesideIdle(idle=idle, session_s=took, tally=tally, closed=closed)
