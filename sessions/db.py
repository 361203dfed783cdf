"""The product database: URLs for each driver, the async engine, sessions and the startup lock."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import psycopg
from psycopg_pool import PoolTimeout
from sqlalchemy import Engine, create_engine, event, func, orm, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel import Session
from sqlmodel.ext.asyncio.session import AsyncSession

from sessions.pools import POOL_WAIT_S, PoolPlan, default_budget, plan_pools
from settings import Settings

# Connections wait this long for SQLite's write lock (the span exporter writes from its own thread).
SQLITE_BUSY_TIMEOUT_S = 30.0
# Advisory-lock keys of startup work (migrations, checkpointer setup, the first admin), per database.
STARTUP_LOCK_KEY = 0x636F616368_01
MIGRATION_LOCK_KEY = 0x636F616368_02
STARTUP_LOCK_POLL_S = 0.1
STARTUP_LOCK_TIMEOUT_S = 300.0
SqliteSynchronous = Literal["FULL", "NORMAL", "EXTRA"]
# What `PRAGMA synchronous` reads back for each level.
SQLITE_SYNCHRONOUS: dict[str, int] = {"NORMAL": 1, "FULL": 2, "EXTRA": 3}


# SQLite's errors that pass (a lock held past the busy timeout, a file that cannot be read for a moment), unlike
# its other operational errors (a missing table is a fault of ours).
SQLITE_TRANSIENT = ("locked", "busy", "disk i/o error", "unable to open database file")
# Errors of the database's drivers and pools that mean the database cannot be reached or used for now: a refused
# or broken connection, a terminated backend, a server starting up or shutting down, a pool with no connection
# to give, a lock or statement timeout.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    psycopg.OperationalError, psycopg.InterfaceError, PoolTimeout, sa_exc.TimeoutError, sa_exc.DisconnectionError,
)


def is_database_fault(exc: BaseException) -> bool:
    """Whether `exc` (or an error it was raised from) says the database is unavailable for now, so that the same
    request may succeed in a moment: the driver's and pool's connection errors, SQLite's busy or locked file."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, TRANSIENT_ERRORS):
            return True
        if isinstance(current, sqlite3.OperationalError) and any(
                word in str(current).lower() for word in SQLITE_TRANSIENT):
            return True
        inner = current.orig if isinstance(current, sa_exc.StatementError) else None
        current = inner if isinstance(inner, BaseException) else (current.__cause__ or current.__context__)
    return False


def _url(settings: Settings) -> URL:
    return make_url(settings.resolved_database_url)


def is_sqlite(settings: Settings) -> bool:
    return _url(settings).get_backend_name() == "sqlite"


def sync_database_url(settings: Settings) -> URL:
    """The URL for synchronous engines (migrations, the span exporter): pysqlite or psycopg."""
    url = _url(settings)
    if url.get_backend_name() == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite":
        return url.set(drivername="sqlite")
    return url


def async_database_url(settings: Settings) -> URL:
    url = _url(settings)
    if url.get_backend_name() == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite":
        return url.set(drivername="sqlite+aiosqlite")
    raise ValueError(f"unsupported database {url.get_backend_name()!r}: use sqlite:/// or postgresql://")


def psycopg_conninfo(settings: Settings) -> str:
    """The libpq connection string the PostgreSQL checkpointer takes."""
    url = _url(settings).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def application_name(role: str) -> str:
    """What a connection of `role` calls itself (`pg_stat_activity.application_name`): which pool holds what."""
    return f"coach {role}"


def sqlite_path(settings: Settings) -> str | None:
    url = _url(settings)
    return url.database if url.get_backend_name() == "sqlite" else None


def sqlite_tuner(synchronous: SqliteSynchronous) -> Callable[[Any, Any], None]:
    """A `connect` listener that sets each new SQLite connection up: WAL, the configured `synchronous` level,
    foreign keys and the busy timeout."""
    if synchronous not in SQLITE_SYNCHRONOUS:
        raise ValueError(f"unknown SQLite synchronous level {synchronous!r}")

    def tune(dbapi_connection: Any, _record: Any) -> None:
        # WAL lets readers run beside the one writer. With it, FULL syncs the log at every commit (an acknowledged
        # write survives a power loss); NORMAL syncs only at checkpoints (the last commits may be lost).
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
        cursor.close()

    return tune


def sqlmodel_session(session: orm.Session) -> Session:
    """The session `AsyncSession.run_sync` hands to sync work, typed as the sqlmodel Session it is."""
    assert isinstance(session, Session), "sqlmodel's AsyncSession runs sync work on a sqlmodel Session"
    return session


def lock_key(name: str) -> int:
    """A signed 64-bit advisory-lock key for a name, the same in every process."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@dataclass(frozen=True)
class Database:
    """The async engine and how the API opens sessions on it."""

    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    relaxed_engine: AsyncEngine | None = None
    """An engine whose commits do not wait for the disk (see `unsynced_transaction`); None: `engine` serves."""
    relaxed: async_sessionmaker[AsyncSession] | None = None
    pools: PoolPlan | None = None
    """How many connections each pool of this process opens (PostgreSQL); None on SQLite."""

    @property
    def is_postgres(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session whose work commits on success and rolls back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    @asynccontextmanager
    async def unsynced_transaction(self) -> AsyncIterator[AsyncSession]:
        """A transaction whose commit returns before it reaches the disk (SQLite `synchronous=NORMAL`, PostgreSQL
        `synchronous_commit=off`): for what can be rebuilt after a power loss, never for what acknowledges a
        person's input. A crash of the server process alone loses nothing; a power loss may lose the last such
        commits, and the next synced commit on the database makes them durable too."""
        async with (self.relaxed or self.sessions)() as session, session.begin():
            yield session

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self.relaxed_engine is not None:
            await self.relaxed_engine.dispose()


def create_sync_engine(settings: Settings, *, connections: int | None = None, role: str = "sync") -> Engine:
    """A synchronous engine on the same database (migrations; the span exporter, which writes from a thread); on
    PostgreSQL, with `connections`, a pool of at most that many (a thread waits for one, at most `POOL_WAIT_S`)."""
    url = sync_database_url(settings)
    if url.get_backend_name() != "sqlite":
        bounded: dict[str, Any] = {} if connections is None else {
            "pool_size": connections, "max_overflow": 0, "pool_timeout": POOL_WAIT_S}
        return create_engine(url, pool_pre_ping=True, connect_args={"application_name": application_name(role)},
                             **bounded)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    event.listen(engine, "connect", sqlite_tuner(settings.sqlite_synchronous))
    return engine


def _sqlite_engine(url: URL, synchronous: SqliteSynchronous) -> AsyncEngine:
    engine = create_async_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}, pool_reset_on_return=None)
    event.listen(engine.sync_engine, "connect", sqlite_tuner(synchronous))
    return engine


def _maker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def create_database(settings: Settings, budget: int | None = None) -> Database:
    """The engines; on PostgreSQL, pools sized by `plan_pools` for `budget` connections (the configured
    `database_connections` unless given; the default of a server of 100) shared by `settings.workers` processes.
    The pools never overflow: a request waits for a connection (at most `POOL_WAIT_S`) rather than open one more."""
    url = async_database_url(settings)
    if url.get_backend_name() == "sqlite":
        engine = _sqlite_engine(url, settings.sqlite_synchronous)
        relaxed = None if settings.sqlite_synchronous == "NORMAL" else _sqlite_engine(url, "NORMAL")
        return Database(engine=engine, sessions=_maker(engine), relaxed_engine=relaxed,
                        relaxed=_maker(relaxed) if relaxed is not None else None)
    plan = plan_pools(budget or settings.database_connections or default_budget(100, 3), settings.workers)
    engine = create_async_engine(url, pool_size=plan.tables_engine, max_overflow=0, pool_timeout=POOL_WAIT_S,
                                 pool_pre_ping=True, connect_args={"application_name": application_name("tables")})
    relaxed = create_async_engine(url, pool_size=plan.relaxed, max_overflow=0, pool_timeout=POOL_WAIT_S,
                                  pool_pre_ping=True, connect_args={"options": "-c synchronous_commit=off",
                                                                    "application_name": application_name("relaxed")})
    return Database(engine=engine, sessions=_maker(engine), relaxed_engine=relaxed, relaxed=_maker(relaxed),
                    pools=plan)


async def server_budget(settings: Settings) -> int:
    """The connections this server may open on its PostgreSQL database: `database_connections` when configured,
    else what the server allows (`max_connections` less the ones reserved for superusers, less `HEADROOM`)."""
    if settings.database_connections is not None:
        return settings.database_connections
    async with await psycopg.AsyncConnection.connect(psycopg_conninfo(settings), autocommit=True,
                                                     application_name=application_name("setup")) as connection:
        cursor = await connection.execute(
            "SELECT current_setting('max_connections')::int, current_setting('superuser_reserved_connections')::int"
            " + coalesce(current_setting('reserved_connections', true), '0')::int")
        row = await cursor.fetchone()
    assert row is not None
    return default_budget(int(row[0]), int(row[1]))


@asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[Database]:
    """The engines, their pools sized for the database's connections (PostgreSQL: read from the server unless
    configured)."""
    budget = await server_budget(settings) if not is_sqlite(settings) else None
    database = create_database(settings, budget)
    try:
        yield database
    finally:
        await database.dispose()


@asynccontextmanager
async def _sqlite_startup_lock(database: Database) -> AsyncIterator[None]:
    """Processes starting together on one SQLite file do their startup work (migrations, the checkpointer's and the
    store's tables, the first admin) one at a time."""
    path = database.engine.url.database
    if not path or path == ":memory:":
        yield
        return
    lock = await asyncio.to_thread(sqlite_exclusive, f"{path}.starting", STARTUP_LOCK_TIMEOUT_S)
    try:
        yield
    finally:
        lock.close()


def sqlite_exclusive(path: str, timeout: float) -> sqlite3.Connection:
    """A cross-process lock: an exclusive transaction on the SQLite file `path` (waited for up to `timeout` s),
    released when the connection closes or its process dies."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)  # a first start: the data directory is not there yet
    lock = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    lock.execute("BEGIN EXCLUSIVE")
    return lock


@asynccontextmanager
async def startup_lock(database: Database) -> AsyncIterator[None]:
    """Serialises startup work across server processes sharing one database: on SQLite an exclusive transaction on
    a lock file beside it (released by SQLite if the holder dies), on PostgreSQL an advisory lock.

    The waiting side polls with `pg_try_advisory_lock` outside any transaction: a session blocked inside
    `pg_advisory_lock` keeps a snapshot open, and the checkpointer's first setup (CREATE INDEX CONCURRENTLY)
    waits for every open snapshot, so the lock holder would wait for the waiter: a deadlock.
    """
    if not database.is_postgres:
        async with _sqlite_startup_lock(database):
            yield
        return
    async with database.engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        deadline = time.monotonic() + STARTUP_LOCK_TIMEOUT_S
        while not (await autocommit.execute(select(func.pg_try_advisory_lock(STARTUP_LOCK_KEY)))).scalar():
            if time.monotonic() > deadline:
                raise TimeoutError(f"another server held the startup lock for over {STARTUP_LOCK_TIMEOUT_S:g} s")
            await asyncio.sleep(STARTUP_LOCK_POLL_S)
        try:
            yield
        finally:
            await autocommit.execute(select(func.pg_advisory_unlock(STARTUP_LOCK_KEY)))
