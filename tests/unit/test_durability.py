"""SQLite durability: every connection of the product runs at the configured `synchronous` level (FULL unless told
otherwise), read back from the connection itself: the product engine, the migrations' and span exporter's engine,
and the checkpointer's connection; only the engine of what recovery can rebuild (where a run stopped) runs NORMAL.
Also: the lock files that tell live server processes from dead ones."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

import sessions.migrate
from sessions.checkpointer import open_checkpointer
from sessions.db import SQLITE_SYNCHRONOUS, create_sync_engine, open_database
from sessions.migrate import upgrade_database
from sessions.owners import OWNERS_DIR, FileOwners
from settings import load_settings


def _read_back(dbapi_connection: Any) -> int:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous")
    level = int(cursor.fetchone()[0])
    cursor.close()
    return level


@pytest.mark.parametrize("configured", [None, "NORMAL", "EXTRA"])
async def test_every_sqlite_connection_runs_at_the_configured_level(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, configured: str | None) -> None:
    if configured is None:
        monkeypatch.delenv("COACH_SQLITE_SYNCHRONOUS", raising=False)
    else:
        monkeypatch.setenv("COACH_SQLITE_SYNCHRONOUS", configured)
    settings = load_settings(data_dir=tmp_path / "coach")
    expected = SQLITE_SYNCHRONOUS[configured or "FULL"]
    seen: dict[str, int] = {}

    def migrations_engine(settings_: Any, **options: Any) -> Engine:  # the migrations' engine, probed as it connects
        engine = create_sync_engine(settings_, **options)
        event.listen(engine, "connect", lambda dbapi, _record: seen.setdefault("migrations", _read_back(dbapi)))
        return engine

    monkeypatch.setattr(sessions.migrate, "create_sync_engine", migrations_engine)
    upgrade_database(settings)

    async with open_database(settings) as database:
        async with database.engine.connect() as connection:
            seen["product"] = int((await connection.exec_driver_sql("PRAGMA synchronous")).scalar_one())
        async with database.unsynced_transaction() as db:
            relaxed = await db.connection()
            unsynced = int((await relaxed.exec_driver_sql("PRAGMA synchronous")).scalar_one())
    assert unsynced == SQLITE_SYNCHRONOUS["NORMAL"]
    spans = create_sync_engine(settings)  # the span exporter's (and the CLI's traces') engine
    try:
        with spans.connect() as connection:
            seen["spans"] = int(connection.exec_driver_sql("PRAGMA synchronous").scalar_one())
    finally:
        spans.dispose()
    async with open_checkpointer(settings) as saver:
        cursor = await saver.conn.execute("PRAGMA synchronous")  # type: ignore[attr-defined]
        seen["checkpoints"] = int((await cursor.fetchone())[0])
    assert seen == dict.fromkeys(("migrations", "product", "spans", "checkpoints"), expected)


# Another server process's side of the contract, in plain Python (importing the product would cost seconds):
# `<owners dir>/<token>.lock`, held with flock for the life of the process.
HOLDER = """
import fcntl, os, sys, time, uuid
token = uuid.uuid4().hex
fd = os.open(os.path.join(sys.argv[1], token + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
print(token, flush=True)
time.sleep(60)
"""


def test_a_killed_process_releases_its_owner_lock(tmp_path: Path) -> None:
    directory = tmp_path / OWNERS_DIR
    directory.mkdir()
    holder = subprocess.Popen([sys.executable, "-S", "-c", HOLDER, str(directory)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        token = holder.stdout.readline().strip()
        me = FileOwners(directory)
        me.open()
        try:
            assert asyncio.run(me.alive([token, me.token, "0" * 32, "../etc"])) == {token, me.token}
            os.kill(holder.pid, signal.SIGKILL)
            holder.wait(timeout=10)
            assert asyncio.run(me.alive([token])) == set()
            assert not (directory / f"{token}.lock").exists()  # a dead process's file is removed
        finally:
            me.close()
        assert list(directory.iterdir()) == []
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
