"""Everything a session needs, opened in order and closed in reverse: the API's lifespan and `coach chat` share it.

The database (migrated under the startup lock), the checkpointer, the first admin, this process's run-owner lock,
the knowledge base, the run observer (tracing), the embedded model server when configured, the event hub (with its
relay across processes on PostgreSQL), the graph runner, the service; then runs whose server process died are
settled, at once and every `recovery_interval_s`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from agents.deps import AgentDeps
from agents.engines import build_deps
from graphs.coaching import make_graph
from knowledge.base import KnowledgeBase
from localmodel import serving_local_model
from sessions.bootstrap import IssuedKey, ensure_first_admin
from sessions.changes import Changes, following_changes
from sessions.checkpointer import open_checkpointer
from sessions.db import Database, open_database, psycopg_conninfo, sqlite_path, startup_lock
from sessions.documents import PrivateScopes
from sessions.events import EventHub, StreamLimits
from sessions.memory import open_store
from sessions.migrate import upgrade_database
from sessions.observer import open_observer
from sessions.owners import open_run_owners
from sessions.pools import PoolPlan
from sessions.relay import open_relay
from sessions.runs import GraphRunner
from sessions.service import SessionService
from settings import Settings


@dataclass(frozen=True)
class SessionStack:
    settings: Settings
    database: Database
    kb: KnowledgeBase
    hub: EventHub
    service: SessionService
    documents: PrivateScopes
    """Each person's own documents, for their scope of the knowledge base."""
    issued_admin: IssuedKey | None
    """The first admin's key, when this start created it (an empty database)."""
    changes: Changes
    """Changes to keys and documents made in any process (what this process keeps in memory follows them)."""


@asynccontextmanager
async def open_session_stack(settings: Settings, *, kb: KnowledgeBase | None = None,
                             deps: AgentDeps | None = None) -> AsyncIterator[SessionStack]:
    """`kb` and `deps` replace the ones built from settings (tests, benchmarks). On exit, event streams end and
    runs under way finish before anything closes."""
    async with AsyncExitStack() as stack:
        database = await stack.enter_async_context(open_database(settings))
        pools = database.pools or PoolPlan.unbounded()  # the plan of PostgreSQL's pools (SQLite has none)
        async with startup_lock(database):
            await asyncio.to_thread(upgrade_database, settings)
            checkpointer = await stack.enter_async_context(open_checkpointer(settings, connections=pools.checkpoints))
            store = await stack.enter_async_context(open_store(settings, connections=pools.memory))
            issued = await ensure_first_admin(database=database, data_dir=settings.data_dir)
        owners = await stack.enter_async_context(open_run_owners(settings, database))
        knowledge = kb if kb is not None else await asyncio.to_thread(KnowledgeBase.open, settings.user_index_dir)
        observer = await stack.enter_async_context(open_observer(settings, connections=pools.spans))
        engine_settings = await stack.enter_async_context(serving_local_model(settings))
        hub = EventHub(StreamLimits.of(settings.limits))
        if database.is_postgres:  # several server processes may share the database: their events are relayed
            await stack.enter_async_context(open_relay(psycopg_conninfo(settings), hub, database))
        changes = await stack.enter_async_context(following_changes(
            database_path=sqlite_path(settings), conninfo=psycopg_conninfo(settings) if database.is_postgres else None))
        documents = PrivateScopes(database, changes)
        runner = GraphRunner(graph=make_graph(checkpointer, store), deps=deps or build_deps(engine_settings, knowledge),
                             hub=hub, observer=observer, documents=documents)
        service = SessionService(runner=runner, checkpointer=checkpointer, database=database, settings=settings,
                                 owners=owners, store=store)
        await service.recovery.settle_all()
        recovering = asyncio.create_task(service.recovery.run_periodically(settings.recovery_interval_s))
        try:
            yield SessionStack(settings=settings, database=database, kb=knowledge, hub=hub, service=service,
                               documents=documents, issued_admin=issued, changes=changes)
        finally:
            recovering.cancel()
            await asyncio.gather(recovering, return_exceptions=True)
            hub.close_all()
            await service.drain()
