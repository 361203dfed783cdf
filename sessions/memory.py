"""The memory store (LangGraph's `BaseStore`): SQLite in the data directory by default, PostgreSQL when the
database URL says so. What it keeps per person is `graphs.memory`'s to say."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite
from langgraph.store.base import BaseStore
from langgraph.store.postgres.aio import AsyncPostgresStore
from langgraph.store.sqlite.aio import AsyncSqliteStore

from sessions.checkpointer import postgres_pool
from sessions.pools import MEMORY
from settings import Settings

MEMORY_FILE = "memory.db"


def memory_path(settings: Settings) -> Path:
    return settings.data_dir / MEMORY_FILE


async def _stopped(store: BaseStore) -> None:
    """The batching task LangGraph's async stores run in the background, ended before their connection closes."""
    task = getattr(store, "_task", None)
    if isinstance(task, asyncio.Task) and not task.done():
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


@asynccontextmanager
async def open_store(settings: Settings, *, connections: int = MEMORY) -> AsyncIterator[BaseStore]:
    """The store, set up (tables created or migrated) before it is yielded; on PostgreSQL with a pool of at most
    `connections`."""
    if settings.is_postgres:
        async with postgres_pool(settings, max_size=connections, role="memory") as pool:
            postgres = AsyncPostgresStore(pool)
            await postgres.setup()
            try:
                yield postgres
            finally:
                await _stopped(postgres)
        return
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    async with aiosqlite.connect(memory_path(settings), isolation_level=None) as connection:
        sqlite = AsyncSqliteStore(connection)
        await sqlite.setup()
        try:
            yield sqlite
        finally:
            await _stopped(sqlite)
