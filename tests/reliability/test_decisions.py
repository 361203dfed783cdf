"""A decision never outlives its run: when the run that applies an answer fails before its checkpoint is written,
the answer did not count, `retry` brings the same question back and a new answer to it is taken (never a 409
"another request changed this session first", which left such sessions stuck for good)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from evals.faults import Send, answer_through_a_failed_run, terminate_waiting_backend
from knowledge.base import KnowledgeBase
from sessions import crud
from sessions.checkpointer import checkpoint_path
from settings import Settings, load_settings
from tests.apitest.inprocess import InProcessApi, running_api
from tests.support.postgres import temporary_database


def _decisions(api: InProcessApi) -> Any:
    async def listed(session_id: str) -> list[str]:
        async with api.runtime.database.sessions() as db:
            return [d.interrupt_id for d in await crud.list_decisions(db=db, session_id=session_id)]

    return listed


async def test_a_held_sqlite_write_lock_fails_the_run_and_releases_its_decision(settings: Settings,
                                                                               kb: KnowledgeBase) -> None:
    """Another process holds the checkpoints' write lock past the busy timeout while an answer is applied."""

    async def locked(send: Send) -> httpx.Response:
        holder = sqlite3.connect(checkpoint_path(settings), timeout=0, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            return await send()
        finally:
            holder.execute("ROLLBACK")
            holder.close()

    async with running_api(settings, kb=kb) as api:
        _, owner = await api.user()
        view = (await owner.post("/v1/sessions")).json()
        outcome = await answer_through_a_failed_run(owner, view, locked, _decisions(api))
    assert outcome.ok, outcome


@pytest.mark.postgres
async def test_a_postgres_backend_terminated_mid_run_releases_its_decision(tmp_path: Path,
                                                                          kb: KnowledgeBase) -> None:
    """The run's checkpointer connection is terminated while it waits (the table locked by another session)."""
    with temporary_database() as url:
        settings = load_settings(data_dir=tmp_path / "coach", database_url=url.replace("postgresql://",
                                                                                      "postgresql+psycopg://"))

        async def terminated(send: Send) -> httpx.Response:
            async with await psycopg.AsyncConnection.connect(url) as locker:
                await locker.execute("LOCK TABLE checkpoints IN ACCESS EXCLUSIVE MODE")
                resume = asyncio.create_task(send())
                await terminate_waiting_backend(url)
            return await resume

        async with running_api(settings, kb=kb) as api:
            _, owner = await api.user()
            view = (await owner.post("/v1/sessions")).json()
            outcome = await answer_through_a_failed_run(owner, view, terminated, _decisions(api))
    assert outcome.ok, outcome
