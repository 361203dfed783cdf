"""Changes that what a server process keeps in memory must see on its next request, in every process: a key
revoked (or its user deleted), a person's documents added or removed.

The transaction that makes such a change calls `announce_change`. What a process caches is stamped with the
`Changes.stamp()` read *before* the database was: an entry whose stamp is no longer current is read again.

- SQLite (one machine, any number of processes: the servers and `coach` commands): after the change commits, a
  small file beside the database gets a new random content; the stamp is that content, read on each use (a file
  read, no database statement).
- PostgreSQL (any number of machines): a NOTIFY in the change's own transaction, delivered when it commits; each
  process LISTENs on one connection and counts what arrives. While that connection is down, nothing is cached
  (`stamp()` is None), and a reconnection starts a new generation, so what was cached before it is read again.
  A change counts from the first request that begins after PostgreSQL has delivered its notification to the
  process's connection (microseconds after the commit; the connection's socket is read as each request begins).
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import tempfile
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import psycopg
from sqlalchemy import event, func
from sqlalchemy.engine import URL
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sessions.db import application_name

logger = logging.getLogger(__name__)

CHANNEL = "coach_cache_changes"
STAMP_SUFFIX = ".changes"
PROBE_S = 30.0
RECONNECT_S = (0.2, 5.0)
READY_TIMEOUT_S = 10.0
DELIVERY_WAIT_S = 2.0
DELIVERY_POLL_S = 0.002

K = TypeVar("K")
V = TypeVar("V")


class Changes(Protocol):
    def stamp(self) -> str | None:
        """The current stamp; None when changes cannot be followed now (then nothing may be served from memory)."""
        ...


def stamp_file(database_path: str) -> Path:
    """Where the SQLite database at `database_path` keeps its change stamp."""
    return Path(database_path + STAMP_SUFFIX)


def _bump(path: Path) -> None:
    """A new stamp, written whole (a reader never sees half of one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, scratch = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    with os.fdopen(descriptor, "w") as output:
        output.write(secrets.token_hex(16))
    os.replace(scratch, path)


async def announce_change(db: AsyncSession) -> None:
    """Say, in the transaction that makes a change, that cached keys and documents must be read again once it
    commits (a rolled-back change announces nothing)."""
    bind = db.get_bind()
    if bind.dialect.name == "postgresql":
        await db.exec(select(func.pg_notify(CHANNEL, "")))
        return
    database = _sqlite_file(bind.engine.url)
    if database is not None:
        event.listen(db.sync_session, "after_commit", lambda _session: _bump(stamp_file(database)), once=True)


def _sqlite_file(url: URL) -> str | None:
    return url.database if url.database and url.database != ":memory:" else None


class FileChanges:
    """The SQLite stamp: the content of the file beside the database."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def stamp(self) -> str:
        try:
            return self.path.read_text()
        except FileNotFoundError:
            return ""


class NotifiedChanges:
    """The PostgreSQL stamp: notifications counted on a listening connection (None while it is down).

    What arrived is read when a stamp is asked for, from the connection's socket without waiting (a few
    microseconds): a change committed before a request begins counts for that request even when this process's
    event loop has not run since. While the connection is busy with its own probe, `stamp()` is None."""

    def __init__(self, conninfo: str) -> None:
        self._conninfo = conninfo
        self._generation = 0
        self._seen = 0
        self._connection: psycopg.AsyncConnection[Any] | None = None
        self.listening = asyncio.Event()

    def stamp(self) -> str | None:
        connection = self._connection
        if connection is None or connection.closed or connection.lock.locked():
            return None
        try:
            connection.pgconn.consume_input()
            while connection.pgconn.notifies() is not None:
                self._seen += 1
        except psycopg.Error:
            return None
        return f"{self._generation}.{self._seen}"

    async def run(self) -> None:
        delay = RECONNECT_S[0]
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                        self._conninfo, autocommit=True, application_name=application_name("changes")) as connection:
                    await connection.execute(f"LISTEN {CHANNEL}")
                    # Notifications that arrive during the probe below reach this handler; the others are read
                    # by `stamp()`.
                    connection.add_notify_handler(self._count)
                    self._generation += 1
                    self._connection = connection
                    self.listening.set()
                    delay = RECONNECT_S[0]
                    while True:
                        await asyncio.sleep(PROBE_S)
                        await connection.execute("SELECT 1")  # a dead server sends nothing: asked
            except (psycopg.Error, OSError) as exc:
                logger.warning("cache changes: listening failed (%s); reconnecting in %.1f s", exc, delay)
            finally:
                self._connection = None
                self.listening.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, RECONNECT_S[1])

    def _count(self, _note: psycopg.Notify) -> None:
        self._seen += 1


@asynccontextmanager
async def announced(changes: Changes, *, wait_s: float = DELIVERY_WAIT_S) -> AsyncIterator[None]:
    """Around work that announces a change: once it is done, wait (at most `wait_s`) until this process has had
    the change back from PostgreSQL. Every listening process was signalled at the same commit, so by then the
    others have it too (or within the same instant): the caller's answer comes after the change reached them."""
    before = changes.stamp()
    yield
    if not isinstance(changes, NotifiedChanges):
        return
    for _ in range(max(1, int(wait_s / DELIVERY_POLL_S))):  # the socket is read at each look (`stamp`)
        if changes.stamp() != before:
            return
        await asyncio.sleep(DELIVERY_POLL_S)


@asynccontextmanager
async def following_changes(*, database_path: str | None, conninfo: str | None) -> AsyncIterator[Changes]:
    """The changes of the database: on PostgreSQL (`conninfo`), listening before it yields; else the SQLite file."""
    if conninfo is None:
        yield FileChanges(stamp_file(database_path or ""))
        return
    changes = NotifiedChanges(conninfo)
    task = asyncio.create_task(changes.run(), name="cache-changes-listen")
    try:
        with suppress(TimeoutError):
            async with asyncio.timeout(READY_TIMEOUT_S):
                await changes.listening.wait()
        yield changes
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


class StampedCache(Generic[K, V]):
    """A bounded map whose entries hold while the stamp they were read under is current."""

    def __init__(self, changes: Changes, *, size: int) -> None:
        self.changes = changes
        self._size = size
        self._entries: OrderedDict[K, tuple[str, V]] = OrderedDict()

    def get(self, key: K) -> tuple[bool, V | None]:
        """(True, value) when `key` was read under the current stamp; (False, None) otherwise."""
        entry = self._entries.get(key)
        if entry is None:
            return False, None
        current = self.changes.stamp()
        if current is None or entry[0] != current:
            self._entries.pop(key, None)
            return False, None
        self._entries.move_to_end(key)
        return True, entry[1]

    def put(self, key: K, value: V, stamp: str | None) -> None:
        """Keep `value`, read after `stamp` was taken (nothing is kept without a stamp)."""
        if stamp is None:
            return
        self._entries[key] = (stamp, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._size:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()

