"""A decision never outlives its run: when the run that applies an answer fails before its checkpoint is written,
the answer did not count, `retry` brings the same question back and a new answer to it is taken (never a 409
"another request changed this session first", which left such sessions stuck for good)."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import httpx
import psycopg
import pytest

from evals.http import resume_body
from knowledge.base import KnowledgeBase
from sessions import crud
from sessions.checkpointer import checkpoint_path
from settings import Settings, load_settings
from tests.apitest.inprocess import InProcessApi, running_api
from tests.support.postgres import temporary_database


async def _retry_and_answer_again(api: InProcessApi, owner: httpx.AsyncClient, failed: httpx.Response,
                                  pending: dict[str, Any]) -> None:
    assert failed.status_code == 200, failed.text
    view = failed.json()
    assert view["status"] == "failed" and view["error"]["code"] == "retryable", view
    sid = view["id"]
    async with api.runtime.database.sessions() as db:
        assert [d.interrupt_id for d in await crud.list_decisions(db=db, session_id=sid)] == []  # released
    retried = await owner.post(f"/v1/sessions/{sid}/retry")
    assert retried.status_code == 200, retried.text
    assert retried.json()["pending"]["id"] == pending["id"]  # the answer did not count: the question again
    resumed = await owner.post(f"/v1/sessions/{sid}/resume", json=resume_body(pending))
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["status"] == "interviewing" and resumed.json()["pending"]["id"] != pending["id"]
    async with api.runtime.database.sessions() as db:
        assert [d.interrupt_id for d in await crud.list_decisions(db=db, session_id=sid)] == [pending["id"]]


async def test_a_held_sqlite_write_lock_fails_the_run_and_releases_its_decision(settings: Settings,
                                                                               kb: KnowledgeBase) -> None:
    """Another process holds the checkpoints' write lock past the busy timeout while an answer is applied."""
    async with running_api(settings, kb=kb) as api:
        _, owner = await api.user()
        view = (await owner.post("/v1/sessions")).json()
        holder = sqlite3.connect(checkpoint_path(settings), timeout=0, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            failed = await owner.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        await _retry_and_answer_again(api, owner, failed, view["pending"])


async def _terminate_the_waiting_backend(url: str) -> int:
    """Wait until a backend of the database waits on a lock, then terminate it; returns its pid."""
    database = url.rsplit("/", 1)[1]
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as admin:
        for _ in range(200):
            row = await (await admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' "
                "AND pid <> pg_backend_pid() LIMIT 1", (database,))).fetchone()
            if row is not None:
                await admin.execute("SELECT pg_terminate_backend(%s)", (row[0],))
                return int(row[0])
            await asyncio.sleep(0.05)
    raise AssertionError("no backend of the server waited on the lock")


@pytest.mark.postgres
async def test_a_postgres_backend_terminated_mid_run_releases_its_decision(tmp_path: Any,
                                                                          kb: KnowledgeBase) -> None:
    """The run's checkpointer connection is terminated while it waits (the table locked by another session)."""
    with temporary_database() as url:
        settings = load_settings(data_dir=tmp_path / "coach", database_url=url.replace("postgresql://",
                                                                                      "postgresql+psycopg://"))
        async with running_api(settings, kb=kb) as api:
            _, owner = await api.user()
            view = (await owner.post("/v1/sessions")).json()
            async with await psycopg.AsyncConnection.connect(url) as locker:
                await locker.execute("LOCK TABLE checkpoints IN ACCESS EXCLUSIVE MODE")
                resume = asyncio.create_task(
                    owner.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"])))
                await _terminate_the_waiting_backend(url)
                await locker.commit()
            await _retry_and_answer_again(api, owner, await resume, view["pending"])
