"""Idle connections: sockets that connect and send nothing (or half a request), and what a server does with them."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit


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
