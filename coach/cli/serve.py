"""`coach serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import asyncio
import socket
from enum import StrEnum
from types import FrameType
from typing import TYPE_CHECKING, Annotated

import typer
import uvicorn
from rich.console import Console
from rich.panel import Panel

from coach.cli.workers import supervise

if TYPE_CHECKING:
    from fastapi import FastAPI

    from sessions.bootstrap import IssuedKey
    from settings import Settings

out = Console()
GRACEFUL_SHUTDOWN_S = 10
MAX_WORKERS = 64
BACKLOG = 2048


class LLMChoice(StrEnum):
    local = "local"


def _show_admin_key(issued: IssuedKey) -> None:
    out.print(Panel(
        f"The admin's API key is printed below, once, and written to {issued.path} (mode 0600).\n"
        "Send it as `Authorization: Bearer <key>`; create more users with `coach users create`.",
        title="First start: an admin was created", border_style="yellow",
    ))
    typer.echo(issued.token)  # on a line of its own, never wrapped


class _Server(uvicorn.Server):
    """uvicorn, ending the app's event streams as soon as a shutdown signal arrives.

    uvicorn waits for open connections before it runs the lifespan's shutdown, and an event stream stays
    open until its client leaves.
    """

    def __init__(self, config: uvicorn.Config, app: FastAPI) -> None:
        super().__init__(config)
        self._app = app
        self._loop: asyncio.AbstractEventLoop | None = None

    async def serve(self, sockets: list[socket.socket] | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        await super().serve(sockets)

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        runtime = getattr(self._app.state, "runtime", None)
        if runtime is not None and self._loop is not None:
            self._loop.call_soon_threadsafe(runtime.hub.close_all)
        super().handle_exit(sig, frame)


def serve(
    host: Annotated[str, typer.Option(envvar="COACH_HOST", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="COACH_PORT", min=1, max=65535, help="TCP port.")] = 8000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    llm: Annotated[LLMChoice | None, typer.Option(
        help="`local`: start the embedded model server (make install-local-llm) and run the agents on it.")] = None,
    workers: Annotated[int, typer.Option(
        envvar="COACH_WORKERS", min=1, max=MAX_WORKERS,
        help="Server processes sharing the port (PostgreSQL only; with COACH_REDIS_URL they share the limits).")] = 1,
) -> None:
    """Serve the API (OpenAPI docs at /docs) on the configured database and engine."""
    # Imported here: the API stack is heavy, and other commands should not pay for it.
    from api.serving import raise_open_files_limit
    from settings import load_settings

    settings = load_settings(llm_local=True, workers=workers) if llm == LLMChoice.local else load_settings(
        workers=workers)
    if workers > 1 and not settings.is_postgres:
        raise typer.BadParameter("several workers need PostgreSQL (COACH_DATABASE_URL=postgresql://...): on SQLite "
                                 "one process serves", param_hint="--workers")
    if workers > 1 and llm == LLMChoice.local:
        raise typer.BadParameter("the embedded model server serves one process; use one worker with --llm local",
                                 param_hint="--workers")
    engine = "LLM on the embedded model" if settings.llm_local else f"{settings.engine} engine"
    before, files = raise_open_files_limit()
    shared = "limits shared in Redis" if settings.redis_url else "limits counted per process"
    out.print(f"Serving the coach API on http://{host}:{port} ({engine}; docs: /docs; "
              f"data: {settings.data_dir.resolve()}; open files: {files}"
              f"{f', raised from {before}' if files != before else ''}"
              f"{f'; {workers} workers, {shared}' if workers > 1 else ''})")
    if workers == 1:
        _run(settings, host=host, port=port, log_level=log_level)
        return
    listening = socket.create_server((host, port), backlog=BACKLOG, reuse_port=False)
    listening.set_inheritable(True)
    supervise(workers, lambda: _run(settings, host=host, port=port, log_level=log_level, sockets=[listening]))


def _run(settings: Settings, *, host: str, port: int, log_level: str,
         sockets: list[socket.socket] | None = None) -> None:
    """One server process: the app, under uvicorn, on its own port or on `sockets` shared with other workers."""
    from api.app import create_app
    from api.serving import server_config

    app = create_app(settings, on_admin_key=_show_admin_key)
    config = server_config(app, settings, host=host, port=port, log_level=log_level, lifespan="on",
                           timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S)
    _Server(config, app).run(sockets=sockets)
