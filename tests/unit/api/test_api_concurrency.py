"""One writer per session: concurrent identical resumes apply once; stale interrupt ids get a 409."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from evals.http import resume_body
from sessions import crud
from sessions.tables import CoachingSession, DecisionRecord
from tests.apitest.inprocess import InProcessApi


async def test_ten_identical_resumes_apply_once(api: InProcessApi) -> None:
    _, owner = await api.user()
    view = (await owner.post("/v1/sessions")).json()
    sid, body = view["id"], resume_body(view["pending"])

    responses = await asyncio.gather(*(owner.post(f"/v1/sessions/{sid}/resume", json=body) for _ in range(10)))

    codes = sorted(r.status_code for r in responses)
    assert codes == [200] + [409] * 9
    applied = next(r.json() for r in responses if r.status_code == 200)
    assert applied["version"] == view["version"] + 1
    for conflict in (r.json() for r in responses if r.status_code == 409):
        assert conflict["pending"]["id"] == applied["pending"]["id"] != body["interrupt_id"]
        assert "not pending" in conflict["detail"]
    async with api.runtime.database.sessions() as db:
        decisions = (await db.exec(select(DecisionRecord).where(DecisionRecord.session_id == sid))).all()
    assert [(d.interrupt_id, d.action) for d in decisions] == [(body["interrupt_id"], "answer")]


async def test_a_stale_interrupt_id_gets_the_current_one(api: InProcessApi) -> None:
    _, owner = await api.user()
    view = (await owner.post("/v1/sessions")).json()
    sid, first = view["id"], resume_body(view["pending"])
    second = (await owner.post(f"/v1/sessions/{sid}/resume", json=first)).json()

    again = await owner.post(f"/v1/sessions/{sid}/resume", json=first)
    assert again.status_code == 409
    assert again.json()["pending"] == second["pending"] and again.json()["status"] == "interviewing"
    unknown = await owner.post(f"/v1/sessions/{sid}/resume", json={"interrupt_id": "i99-question", "answer": "x"})
    assert unknown.status_code == 409
    assert (await owner.get(f"/v1/sessions/{sid}")).json()["version"] == second["version"]


async def test_a_stale_writer_loses_the_compare_and_set(api: InProcessApi) -> None:
    _, owner = await api.user()
    sid = (await owner.post("/v1/sessions")).json()["id"]
    async with api.runtime.database.sessions() as db:
        first = (await db.exec(select(CoachingSession).where(CoachingSession.id == sid))).one()
        second = first.model_copy()
    async with api.runtime.database.transaction() as db:
        assert await crud.claim_session(db=db, row=first)
    async with api.runtime.database.transaction() as db:
        assert not await crud.claim_session(db=db, row=second)
    assert first.version == second.version + 1
