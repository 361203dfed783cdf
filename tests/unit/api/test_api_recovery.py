"""Runs whose server process died are settled when read, in lists, periodically; `retry` continues them.

A dead run is made as a crash leaves one: the row claimed by an owner token that no live process holds.
(`tests/integration/test_crash_recovery.py` does it for real, with `kill -9`.)
"""

from __future__ import annotations

import asyncio

from evals.http import drive, resume_body
from knowledge.base import KnowledgeBase
from sessions import crud
from sessions.owners import OWNERS_DIR, FileOwners
from sessions.tables import User
from settings import Settings
from tests.apitest.inprocess import InProcessApi, running_api

DEAD = "d" * 32  # no process holds this token's lock


async def _claim(api: InProcessApi, session_id: str, owner: str, answered: tuple[str, User] | None = None) -> None:
    """As if `owner`'s process claimed a run (with the decision `answered`: interrupt, actor), then died."""
    async with api.runtime.database.transaction() as db:
        row = await crud.get_session(db=db, session_id=session_id)
        assert row is not None and await crud.claim_session(db=db, row=row, owner=owner)
        if answered is not None:
            await crud.add_decision(db=db, session_id=session_id, interrupt_id=answered[0], kind="question",
                                    action="answer", actor=answered[1])


async def test_a_read_settles_a_run_whose_process_died(api: InProcessApi) -> None:
    owner_key, owner = await api.user()
    view = (await owner.post("/v1/sessions")).json()
    sid = view["id"]
    await _claim(api, sid, DEAD, answered=("i1-question", owner_key.user))

    listed = (await owner.get("/v1/sessions")).json()
    assert [(s["id"], s["running"], s["pending_id"]) for s in listed] == [(sid, False, "i1-question")]
    read = (await owner.get(f"/v1/sessions/{sid}")).json()
    assert read["running"] is False and read["pending"]["id"] == "i1-question"
    async with api.runtime.database.sessions() as db:
        assert await crud.list_decisions(db=db, session_id=sid) == []  # its run never applied it
        row = await crud.get_session(db=db, session_id=sid)
    assert row is not None and row.run_started_at is None and row.run_owner is None

    retry = await owner.post(f"/v1/sessions/{sid}/retry")
    assert retry.status_code == 409 and "resume it" in retry.json()["detail"]
    assert (await owner.post(f"/v1/sessions/{sid}/resume", json=resume_body(read["pending"]))).status_code == 200


async def test_a_live_run_of_another_process_stays_running(api: InProcessApi) -> None:
    _, owner = await api.user()
    sid = (await owner.post("/v1/sessions")).json()["id"]
    other = FileOwners(api.runtime.settings.data_dir / OWNERS_DIR)  # another server process, alive
    other.open()
    try:
        await _claim(api, sid, other.token)
        read = (await owner.get(f"/v1/sessions/{sid}")).json()
        assert read["running"] is True and read["pending"] is None
        assert (await owner.get("/v1/sessions")).json()[0]["running"] is True
        retry = await owner.post(f"/v1/sessions/{sid}/retry")
        assert retry.status_code == 409 and "under way" in retry.json()["detail"]
    finally:
        other.close()  # that process ends: its run is dead now
    read = (await owner.get(f"/v1/sessions/{sid}")).json()
    assert read["running"] is False and read["pending"]["id"] == "i1-question"


async def test_a_first_run_cut_off_before_any_checkpoint_fails_and_retry_starts_it(api: InProcessApi) -> None:
    owner_key, owner = await api.user()
    async with api.runtime.database.transaction() as db:
        row = await crud.create_session(db=db, owner=owner_key.user, session_id="f" * 32)
    await _claim(api, row.id, DEAD)

    read = (await owner.get(f"/v1/sessions/{row.id}")).json()
    assert read["running"] is False and read["status"] == "failed" and read["pending"] is None
    assert read["error"]["code"] == "retryable" and "retry" in read["error"]["message"]
    retried = await owner.post(f"/v1/sessions/{row.id}/retry")
    assert retried.status_code == 200, retried.text
    assert retried.json()["pending"]["id"] == "i1-question"
    final, _ = await drive(owner, retried.json())
    assert final["status"] == "completed"
    assert (await owner.post(f"/v1/sessions/{row.id}/retry")).status_code == 409  # completed: nothing to retry


async def test_dead_runs_are_settled_periodically_without_a_read(settings: Settings, kb: KnowledgeBase) -> None:
    async with running_api(settings.model_copy(update={"recovery_interval_s": 0.05}), kb=kb) as api:
        _, owner = await api.user()
        sid = (await owner.post("/v1/sessions")).json()["id"]
        await _claim(api, sid, DEAD)
        for _ in range(100):
            async with api.runtime.database.sessions() as db:
                row = await crud.get_session(db=db, session_id=sid)
            if row is not None and row.run_started_at is None:
                break
            await asyncio.sleep(0.05)
        assert row is not None and row.run_started_at is None and row.pending_id == "i1-question"
