"""A decision never outlives its run: when the run that applies an answer fails before its checkpoint is written,
the answer did not count, `retry` brings the same question back and a new answer to it is taken (never a 409
"another request changed this session first", which left such sessions stuck for good)."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.faults import answer_through_a_failed_run, backend_terminated, sqlite_write_lock_held
from knowledge.base import KnowledgeBase
from sessions.checkpointer import checkpoint_path
from settings import Settings, load_settings
from tests.apitest.inprocess import running_api
from tests.support.postgres import temporary_database


async def test_a_held_sqlite_write_lock_fails_the_run_and_releases_its_decision(settings: Settings,
                                                                               kb: KnowledgeBase) -> None:
    """Another process holds the checkpoints' write lock past the busy timeout while an answer is applied."""
    async with running_api(settings, kb=kb) as api:
        _, owner = await api.user()
        view = (await owner.post("/v1/sessions")).json()
        outcome = await answer_through_a_failed_run(owner, view, sqlite_write_lock_held(checkpoint_path(settings)),
                                                    api.decision_ids)
    assert outcome.ok, outcome


@pytest.mark.postgres
async def test_a_postgres_backend_terminated_mid_run_releases_its_decision(tmp_path: Path,
                                                                          kb: KnowledgeBase) -> None:
    """The run's checkpointer connection is terminated while it waits (the table locked by another session)."""
    with temporary_database() as url:
        settings = load_settings(data_dir=tmp_path / "coach", database_url=url.replace("postgresql://",
                                                                                      "postgresql+psycopg://"))
        async with running_api(settings, kb=kb) as api:
            _, owner = await api.user()
            view = (await owner.post("/v1/sessions")).json()
            outcome = await answer_through_a_failed_run(owner, view, backend_terminated(url), api.decision_ids)
    assert outcome.ok, outcome
