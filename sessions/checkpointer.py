"""The graph's checkpointer: SQLite in the data directory by default, PostgreSQL when the database URL says so."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

from graphs.serde import make_serde
from sessions.db import application_name, psycopg_conninfo
from sessions.pools import CHECKPOINTS
from settings import Settings

CHECKPOINT_FILE = "checkpoints.db"
# How long a run waits for a connection of the pool before its step fails as retryable (while the database restarts,
# the pool reconnects in the background).
POSTGRES_POOL_TIMEOUT_S = 10.0


def checkpoint_path(settings: Settings) -> Path:
    """Checkpoints get their own SQLite file so graph writes never wait on the product tables' lock."""
    return settings.data_dir / CHECKPOINT_FILE


@asynccontextmanager
async def postgres_pool(settings: Settings, *, max_size: int, role: str) -> AsyncIterator[AsyncConnectionPool[Any]]:
    """An open pool of autocommit connections with dict rows, as LangGraph's PostgreSQL savers and stores want;
    its connections call themselves `role` (see `application_name`)."""
    pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
        psycopg_conninfo(settings),
        min_size=1,
        max_size=max_size,
        kwargs={"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row,
                "application_name": application_name(role)},
        # Each connection is checked as it is handed out: one the server closed (a terminated backend, a
        # restart) is replaced, not given to a run.
        check=AsyncConnectionPool.check_connection,
        timeout=POSTGRES_POOL_TIMEOUT_S,
        open=False,
    )
    await pool.open(wait=True)
    try:
        yield pool
    finally:
        await pool.close()


@asynccontextmanager
async def open_checkpointer(settings: Settings, *, connections: int = CHECKPOINTS
                            ) -> AsyncIterator[BaseCheckpointSaver[Any]]:
    """An async checkpointer with the strict serde, set up (tables created or migrated) before it is yielded; on
    PostgreSQL with a pool of at most `connections` (LangGraph's saver uses one at a time)."""
    if settings.is_postgres:
        async with postgres_pool(settings, max_size=connections, role="checkpoints") as pool:
            postgres = AsyncPostgresSaver(pool, serde=make_serde())
            await postgres.setup()
            yield postgres
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    async with aiosqlite.connect(checkpoint_path(settings)) as connection:
        sqlite = AsyncSqliteSaver(connection, serde=make_serde())
        await sqlite.setup()  # switches the file to WAL
        # Checkpoints are what a resume acknowledges: synced at each commit unless configured otherwise.
        await connection.execute(f"PRAGMA synchronous={settings.sqlite_synchronous}")
        yield sqlite
