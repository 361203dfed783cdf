"""The app under uvicorn in a thread of the test process, on a free loopback port, configured as `coach serve`
configures it (`api.serving`): a real HTTP server for a real browser, without paying for a fresh interpreter's
imports (`tests.apitest.server` runs `coach serve` itself)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from api.app import create_app
from api.serving import server_config
from knowledge.base import KnowledgeBase
from localmodel import free_port
from sessions.bootstrap import IssuedKey
from settings import Settings

STARTUP_TIMEOUT_S = 60.0
SHUTDOWN_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class ThreadedServer:
    url: str
    data_dir: Path
    admin_key: str


@contextmanager
def serving(settings: Settings, *, kb: KnowledgeBase | None = None) -> Iterator[ThreadedServer]:
    keys: list[IssuedKey] = []
    app = create_app(settings, kb=kb, on_admin_key=keys.append)
    port = free_port()
    server = uvicorn.Server(server_config(app, settings, host="127.0.0.1", port=port, log_level="warning",
                                          timeout_graceful_shutdown=5))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the app did not start on port {port} within {STARTUP_TIMEOUT_S:g} s")
        time.sleep(0.05)
    try:
        yield ThreadedServer(url=f"http://127.0.0.1:{port}", data_dir=settings.data_dir,
                             admin_key=keys[0].token if keys else "")
    finally:
        server.should_exit = True
        thread.join(SHUTDOWN_TIMEOUT_S)
