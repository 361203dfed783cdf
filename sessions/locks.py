"""One writer per session: an asyncio lock in this process and, on PostgreSQL, an advisory lock across processes.

The advisory lock is transaction-scoped (`pg_advisory_xact_lock`) on a connection held for the run, so a
crashed holder releases it with its connection. On SQLite the compare-and-set on the session's version
(`crud.claim_session`) is what stops a stale writer in another process.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from psycopg.errors import LockNotAvailable
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from sessions.db import Database, lock_key
from sessions.pools import MOST_LOCKED_RUNS

logger = logging.getLogger(__name__)

LOCK_TIMEOUT_S = 30.0


class SessionBusy(Exception):
    """The session's lock was not free within the timeout."""


class SessionLocks:
    def __init__(self, database: Database, *, timeout_s: float = LOCK_TIMEOUT_S) -> None:
        self._database = database
        self._timeout_s = timeout_s
        self._local: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        # Runs holding a PostgreSQL connection for their lock at once: the engine's pool keeps the others for
        # short work, so a run under its lock always gets the connections it needs (it waits for a slot first,
        # holding none).
        self._slots = asyncio.Semaphore(database.pools.locked_runs if database.pools else MOST_LOCKED_RUNS)

    def _lock(self, session_id: str) -> asyncio.Lock:
        lock = self._local.get(session_id)
        if lock is None:
            lock = asyncio.Lock()
            self._local[session_id] = lock
        return lock

    def is_held(self, session_id: str) -> bool:
        """Whether a holder in this process has the session now (a write, and so any run of it, is under way)."""
        lock = self._local.get(session_id)
        return lock is not None and lock.locked()

    @asynccontextmanager
    async def hold(self, session_id: str, *, timeout_s: float | None = None) -> AsyncIterator[None]:
        """Exclusive use of the session until the block exits; SessionBusy after the timeout (the instance's,
        unless `timeout_s` says otherwise)."""
        timeout_s = self._timeout_s if timeout_s is None else timeout_s
        lock = self._lock(session_id)  # a strong reference for as long as this holder waits or holds
        try:
            async with asyncio.timeout(timeout_s):
                await lock.acquire()
        except TimeoutError as exc:
            raise SessionBusy(f"session {session_id} has been busy for over {timeout_s:g} s") from exc
        try:
            if self._database.is_postgres:
                async with self._slots, self._advisory(session_id, timeout_s):
                    yield
            else:
                yield
        finally:
            lock.release()

    @asynccontextmanager
    async def _advisory(self, session_id: str, timeout_s: float) -> AsyncIterator[None]:
        """The transaction-scoped advisory lock. A connection that cannot be had is the database's fault (raised
        as it is: a 503); a lock still taken at the timeout is `SessionBusy`. Ending the transaction releases the
        lock; if the connection was lost meanwhile, the server released it already, and the work done under it
        stands (its compare-and-set on the session's version kept it safe)."""
        connection = await self._database.engine.connect()
        try:
            await connection.begin()
            try:
                # One round trip: the timeout is set (for this transaction) before the lock is asked for.
                timeout = f"{max(1, int(timeout_s * 1000))}ms"
                await connection.execute(select(func.set_config("lock_timeout", timeout, True),
                                                func.pg_advisory_xact_lock(lock_key(f"session:{session_id}"))))
            except DBAPIError as exc:
                if not isinstance(exc.orig, LockNotAvailable):
                    raise
                raise SessionBusy(f"session {session_id} is locked by another server process") from exc
            yield
        finally:
            # The transaction wrote nothing: ending it releases the lock. Then the connection goes back.
            for release in (connection.rollback, connection.close):
                try:
                    await release()
                except (DBAPIError, OSError) as exc:
                    logger.warning("session %s: its lock's connection was lost (%s); the lock went with it",
                                   session_id, exc)
