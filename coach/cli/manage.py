"""What `coach users` and `coach keys` share: the database (migrated first), the session stack for deletes,
refusals printed as one line, key tables without secrets."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # the session stack takes seconds to import: only the commands that need it pay for it
    from sessions.db import Database
    from sessions.management import KeySummary
    from sessions.service import SessionService
    from settings import Settings

T = TypeVar("T")
WIDE = 200  # tables piped to a file or another program are not cut at 80 columns
out = Console(width=None if sys.stdout.isatty() else WIDE)
err = Console(stderr=True)


def run_on_database(work: Callable[[Database], Awaitable[T]]) -> T:
    """Run `work` on the configured database, migrated to the current schema; a refusal exits 1 with its reason."""
    from sessions.db import open_database
    from sessions.migrate import upgrade_database
    from settings import load_settings

    settings = load_settings()
    upgrade_database(settings)

    async def run() -> T:
        async with open_database(settings) as database:
            return await work(database)

    return _refusals_exit(lambda: asyncio.run(run()))


def run_with_service(work: Callable[[Database, SessionService], Awaitable[T]]) -> T:
    """Run `work` with the session service (deleting sessions removes checkpoints, rows and spans). No graph runs:
    the offline engine is enough, whatever the server is set up with."""
    from sessions.stack import open_session_stack
    from settings import load_settings

    settings: Settings = load_settings().model_copy(update={"engine": "knowledge", "llm_local": False})

    async def run() -> T:
        async with open_session_stack(settings) as stack:
            return await work(stack.database, stack.service)

    return _refusals_exit(lambda: asyncio.run(run()))


def _refusals_exit(call: Callable[[], T]) -> T:
    from sessions.errors import ServiceError

    try:
        return call()
    except ServiceError as refused:
        err.print(f"[red]{refused.message}[/]", soft_wrap=True)
        raise typer.Exit(code=1) from refused


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "-"


def print_keys(keys: list[KeySummary]) -> None:
    table = Table("prefix", "user", "user id", "label", "state", "created", "last used", "expires", "revoked")
    for key in keys:
        table.add_row(key.prefix, key.user_name, key.user_id, key.name or "-", key.state, when(key.created_at),
                      when(key.last_used_at), when(key.expires_at), when(key.revoked_at))
    out.print(table)
    out.print(f"{len(keys)} keys (times in UTC)")
