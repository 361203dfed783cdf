"""Which server process runs a session, and whether that process is still alive.

Each server process draws a token when it starts and holds a lock on it for as long as it lives: on PostgreSQL a
session-level advisory lock on a connection of its own, on SQLite an `flock` on a file in the data directory. A
claim records the token with the run (`coaching_sessions.run_owner`). The database or the kernel releases the
lock when the process dies, however it dies (`kill -9` too), so any process can tell a live run from a dead one
by trying the owner's lock: if it can be taken, the owner is gone and its run will never finish.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection

from sessions.db import Database, lock_key
from sessions.tables import new_id
from settings import Settings

logger = logging.getLogger(__name__)

OWNERS_DIR = "owners"
TOKEN = re.compile(r"[0-9a-f]{32}")


class RunOwners(Protocol):
    """This process's token, and which tokens belong to live processes."""

    token: str

    async def alive(self, tokens: Collection[str]) -> set[str]:
        """The tokens among `tokens` whose process is alive (this process's own token always is)."""
        ...

    async def check(self) -> None:
        """Periodic upkeep: make sure this process still holds its own lock; tidy up after dead processes."""
        ...


def owner_key(token: str) -> int:
    return lock_key(f"run-owner:{token}")


class FileOwners:
    """SQLite: one lock file per live process in `<data dir>/owners/`, held with `flock` for the process's life."""

    def __init__(self, directory: Path) -> None:
        self.token = new_id()
        self.directory = directory
        self._fd: int | None = None

    def _path(self, token: str) -> Path:
        return self.directory / f"{token}.lock"

    def open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._path(self.token), os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a fresh token: nobody else can hold it
        self._fd = fd
        self._sweep()

    def close(self) -> None:
        if self._fd is not None:
            self._path(self.token).unlink(missing_ok=True)
            os.close(self._fd)  # releases the lock
            self._fd = None

    def _held(self, token: str) -> bool:
        """Whether a live process holds `token`'s file; the file of a dead one is removed."""
        if not TOKEN.fullmatch(token):
            return False
        try:
            fd = os.open(self._path(token), os.O_RDWR)
        except FileNotFoundError:
            return False
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            self._path(token).unlink(missing_ok=True)  # tokens are never reused: nobody needs it again
            return False
        finally:
            os.close(fd)  # and with it any lock taken here

    def _sweep(self) -> None:
        for path in self.directory.glob("*.lock"):
            if path.stem != self.token:
                self._held(path.stem)

    async def alive(self, tokens: Collection[str]) -> set[str]:
        return {token for token in tokens if token == self.token or self._held(token)}

    async def check(self) -> None:
        self._sweep()


class AdvisoryOwners:
    """PostgreSQL: a session-level advisory lock on the token's key, held on a connection kept for the process's
    life; the server releases it when that connection ends, so with the process."""

    def __init__(self, database: Database) -> None:
        self.token = new_id()
        self._database = database
        self._connection: AsyncConnection | None = None

    async def open(self) -> None:
        connection = await (await self._database.engine.connect()).execution_options(isolation_level="AUTOCOMMIT")
        try:
            if not (await connection.execute(select(func.pg_try_advisory_lock(owner_key(self.token))))).scalar():
                raise RuntimeError("this server process's run-owner lock is taken (a key collision)")
        except BaseException:
            await connection.close()
            raise
        self._connection = connection

    async def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(SQLAlchemyError):
                await self._connection.execute(select(func.pg_advisory_unlock(owner_key(self.token))))
            await self._connection.close()
            self._connection = None

    async def alive(self, tokens: Collection[str]) -> set[str]:
        others = sorted(set(tokens) - {self.token})
        live = {self.token} & set(tokens)
        if not others:
            return live
        # Taken for the transaction only: a lock that can be taken has no live holder.
        async with self._database.engine.connect() as connection, connection.begin():
            for token in others:
                if not (await connection.execute(select(func.pg_try_advisory_xact_lock(owner_key(token))))).scalar():
                    live.add(token)
        return live

    async def check(self) -> None:
        """If the connection holding this process's lock was lost, take the lock again on a new one."""
        connection = self._connection
        if connection is not None:
            try:
                await connection.execute(select(1))
                return
            except SQLAlchemyError:
                logger.warning("lost the connection that holds this server's run-owner lock; taking it again")
                self._connection = None
                with contextlib.suppress(SQLAlchemyError):
                    await connection.close()
        await self.open()


@asynccontextmanager
async def open_run_owners(settings: Settings, database: Database) -> AsyncIterator[RunOwners]:
    """This process's run-owner token, locked until the block exits."""
    if database.is_postgres:
        advisory = AdvisoryOwners(database)
        await advisory.open()
        try:
            yield advisory
        finally:
            await advisory.close()
        return
    files = FileOwners(settings.data_dir / OWNERS_DIR)
    files.open()
    try:
        yield files
    finally:
        files.close()
