"""Sessions through the HTTP API, in-process: a whole session, reads, auth, reviews, deletion, events."""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import select

from evals.http import drive, parse_sse, resume_body
from evals.personas import QA_ENGINEER_QUESTIONS
from knowledge.base import KnowledgeBase
from observability.store import SpanRecord
from sessions.checkpointer import checkpoint_path
from sessions.tables import CoachingSession, DecisionRecord, PlanVersion
from settings import load_settings
from tests.apitest.inprocess import InProcessApi, running_api


async def _rows(api: InProcessApi, model: Any, session_id: str) -> list[Any]:
    column = model.id if model is CoachingSession else model.session_id
    async with api.runtime.database.sessions() as db:
        return list((await db.exec(select(model).where(column == session_id))).all())


async def test_a_whole_session_ends_with_an_approved_plan(api: InProcessApi) -> None:
    _, coachee = await api.user("coachee", "Quinn")
    created = await coachee.post("/v1/sessions")
    assert created.status_code == 201
    view = created.json()
    assert view["status"] == "interviewing" and view["version"] == 1
    assert view["pending"]["kind"] == "question" and view["pending"]["field"] == "current_role"

    final, answered = await drive(coachee, view)

    kinds = [p["kind"] for p in answered]
    assert kinds == ["question"] * QA_ENGINEER_QUESTIONS + ["profile_review", "assessment_review", "plan_review"]
    assert [p["attempt"] for p in answered if p.get("field") == "goals"] == [1, 2]  # the vague answer was re-asked
    assert final["status"] == "completed" and final["pending"] is None and final["error"] is None
    assert final["version"] == 1 + len(answered)
    assert final["profile"]["matched_role"] == "role.qa-ai-quality"
    assert [s["stage"] for s in final["plan"]["stages"]] == ["survive", "adapt", "lead"]

    decisions = await _rows(api, DecisionRecord, final["id"])
    assert [d.action for d in decisions] == ["answer"] * QA_ENGINEER_QUESTIONS + ["approve"] * 3
    assert len({d.interrupt_id for d in decisions}) == QA_ENGINEER_QUESTIONS + 3
    versions = await _rows(api, PlanVersion, final["id"])
    assert [v.status for v in versions] == ["draft", "approved"]
    assert versions[-1].plan == final["plan"]


async def test_reads_of_a_session(api: InProcessApi) -> None:
    _, coachee = await api.user()
    view = (await coachee.post("/v1/sessions")).json()
    sid = view["id"]

    assert (await coachee.get(f"/v1/sessions/{sid}/plan")).status_code == 404  # no plan before the interview ends
    assert (await coachee.get(f"/v1/sessions/{sid}")).json() == view

    final, _ = await drive(coachee, view)
    plan = (await coachee.get(f"/v1/sessions/{sid}/plan")).json()
    assert plan["status"] == "approved" and plan["version"] == 2 and plan["plan"] == final["plan"]

    markdown = await coachee.get(f"/v1/sessions/{sid}/plan", params={"format": "markdown"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    body = markdown.text
    assert body.startswith("# Your career plan") and "## 1. Survive" in body and "## 3. Lead" in body
    first_citation = final["plan"]["stages"][0]["actions"][0]["citations"][0]
    title = api.runtime.kb.get(first_citation).title  # type: ignore[union-attr]
    assert f"**{title}** (`{first_citation}`" in body and "**Success metric:**" in body

    history = (await coachee.get(f"/v1/sessions/{sid}/history")).json()
    assert history[0]["phase"] == "completed" and history[0]["next"] == []
    steps = [entry["step"] for entry in history]
    assert steps == sorted(steps, reverse=True)
    assert any(entry["pending_ids"] == ["i1-question"] for entry in history)
    assert len((await coachee.get(f"/v1/sessions/{sid}/history", params={"limit": 2})).json()) == 2

    listed = (await coachee.get("/v1/sessions")).json()
    assert [s["id"] for s in listed] == [sid] and listed[0]["status"] == "completed"


async def test_keys_and_visibility(api: InProcessApi) -> None:
    _, owner = await api.user("coachee", "owner")
    _, other = await api.user("coachee", "other")
    _, coach = await api.user("coach")
    sid = (await owner.post("/v1/sessions")).json()["id"]

    anonymous = api.client()
    assert (await anonymous.get("/v1/sessions")).status_code == 401
    assert (await api.client("ck_0123456789ab_not-a-real-key").get("/v1/sessions")).status_code == 401
    assert (await api.client("garbage").get("/v1/sessions")).headers["www-authenticate"] == "Bearer"

    for method, path in [("GET", ""), ("GET", "/plan"), ("GET", "/history"), ("GET", "/events"),
                         ("POST", "/retry"), ("DELETE", "")]:
        response = await other.request(method, f"/v1/sessions/{sid}{path}")
        assert response.status_code == 404, (method, path, response.text)
    stolen = await other.post(f"/v1/sessions/{sid}/resume", json={"interrupt_id": "i1-question", "answer": "x"})
    assert stolen.status_code == 404
    assert (await other.get("/v1/sessions")).json() == []

    assert (await coach.get(f"/v1/sessions/{sid}")).status_code == 200
    assert sid in [s["id"] for s in (await coach.get("/v1/sessions")).json()]
    # A coach sees the session but does not answer its questions, nor delete it.
    answer = await coach.post(f"/v1/sessions/{sid}/resume", json={"interrupt_id": "i1-question", "answer": "x"})
    assert answer.status_code == 403
    assert (await coach.delete(f"/v1/sessions/{sid}")).status_code == 403
    assert (await owner.get(f"/v1/sessions/{sid}")).json()["version"] == 1


async def _to_review(api: InProcessApi) -> tuple[Any, str, dict[str, Any]]:
    """A coachee's session paused at its assessment review."""
    _, owner = await api.user("coachee", "owner")
    view = (await owner.post("/v1/sessions")).json()
    while view["pending"]["kind"] in ("question", "profile_review"):
        view = (await owner.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))).json()
    assert view["pending"]["kind"] == "assessment_review" and view["status"] == "awaiting_review"
    return owner, view["id"], view


async def test_reviews_edit_reject_and_the_inbox(api: InProcessApi) -> None:
    owner, sid, view = await _to_review(api)
    _, coach = await api.user("coach")
    iid = view["pending"]["id"]
    inbox = (await coach.get("/v1/inbox")).json()
    assert [(i["session_id"], i["interrupt_id"], i["kind"]) for i in inbox] == [(sid, iid, "assessment_review")]
    assert [i["session_id"] for i in (await owner.get("/v1/inbox")).json()] == [sid]

    async def resume(client: Any, **body: Any) -> Any:
        return await client.post(f"/v1/sessions/{sid}/resume", json={"interrupt_id": iid, **body})

    invalid: list[dict[str, Any]] = [
        {"answer": "yes"},  # a review takes an action
        {"action": "edit"},  # an edit needs edits
        {"action": "reject"},  # a rejection needs feedback
        {"action": "edit", "edits": {"exposure": []}},  # four exposures, by the schema
        {"action": "edit", "edits": {"no_such_field": 1}},
        {"action": "approve", "bogus": True},
    ]
    for body in invalid:
        response = await resume(owner, **body)
        assert response.status_code == 422, (body, response.text)
    unchanged = (await owner.get(f"/v1/sessions/{sid}")).json()
    assert unchanged["version"] == view["version"] and unchanged["pending"]["id"] == iid

    edited = await resume(coach, action="edit", edits={"risk_summary": "Routine regression work is most exposed."})
    assert edited.status_code == 200, edited.text
    after = edited.json()
    assert after["assessment"]["risk_summary"] == "Routine regression work is most exposed."
    assert after["pending"]["kind"] == "plan_review"

    iid = after["pending"]["id"]
    rejected = await resume(coach, action="reject", feedback="Fewer hours in the adapt stage, please.")
    assert rejected.status_code == 200
    redrafted = rejected.json()
    assert redrafted["pending"]["kind"] == "plan_review" and redrafted["pending"]["id"] != iid
    decisions = await _rows(api, DecisionRecord, sid)
    assert [(d.action, d.feedback) for d in decisions[-2:]] == [
        ("edit", None), ("reject", "Fewer hours in the adapt stage, please.")]
    assert decisions[-2].edits == {"risk_summary": "Routine regression work is most exposed."}
    assert (await coach.get("/v1/inbox")).json()[0]["interrupt_id"] == redrafted["pending"]["id"]


async def test_a_setting_can_reserve_reviews_for_coaches(tmp_path: Any, kb: KnowledgeBase) -> None:
    settings = load_settings(data_dir=tmp_path / "coach", require_coach_review=True)
    async with running_api(settings, kb=kb) as api:
        owner, sid, view = await _to_review(api)
        _, coach = await api.user("coach")
        body = {"interrupt_id": view["pending"]["id"], "action": "approve"}
        assert (await owner.post(f"/v1/sessions/{sid}/resume", json=body)).status_code == 403
        assert (await owner.get("/v1/inbox")).json() == []
        assert (await coach.post(f"/v1/sessions/{sid}/resume", json=body)).status_code == 200


async def test_delete_leaves_no_rows_checkpoints_or_spans(api: InProcessApi) -> None:
    _, owner = await api.user()
    _, other = await api.user()
    view, _ = await drive(owner, (await owner.post("/v1/sessions")).json())
    sid = view["id"]
    kept = (await other.post("/v1/sessions")).json()["id"]
    async with api.runtime.database.transaction() as db:
        db.add(SpanRecord(span_id="00000000000000aa", trace_id="0" * 31 + "1", session_id=sid, name="invoke_workflow",
                          start_ns=1, end_ns=2, duration_ms=0.0, status_code="UNSET"))

    assert (await owner.delete(f"/v1/sessions/{sid}")).status_code == 204
    assert (await owner.get(f"/v1/sessions/{sid}")).status_code == 404
    assert (await owner.delete(f"/v1/sessions/{sid}")).status_code == 404
    for model in (CoachingSession, DecisionRecord, PlanVersion, SpanRecord):
        assert await _rows(api, model, sid) == [], model
    assert await _rows(api, CoachingSession, kept)
    with sqlite3.connect(checkpoint_path(api.runtime.settings)) as connection:
        for table in ("checkpoints", "writes"):
            count = connection.execute(f"SELECT count(*) FROM {table} WHERE thread_id = ?", (sid,)).fetchone()[0]
            assert count == 0, table
        assert connection.execute("SELECT count(*) FROM checkpoints WHERE thread_id = ?", (kept,)).fetchone()[0]
    async with api.runtime.database.sessions() as db:
        assert (await db.exec(text("SELECT count(*) FROM decisions"))).one()[0] == 0  # type: ignore[call-overload]


async def test_events_stream_a_running_session(api: InProcessApi) -> None:
    _, owner = await api.user()
    view = (await owner.post("/v1/sessions")).json()
    sid = view["id"]

    idle = await owner.get(f"/v1/sessions/{sid}/events")
    assert idle.headers["content-type"].startswith("text/event-stream")
    assert [event for event, _ in parse_sse(idle.text)] == ["state"]

    follow = asyncio.create_task(owner.get(f"/v1/sessions/{sid}/events", params={"follow": "true"}))
    for _ in range(200):
        if api.runtime.hub.subscriber_count(sid):
            break
        await asyncio.sleep(0.01)
    final, _ = await drive(owner, view)
    streamed = parse_sse((await asyncio.wait_for(follow, 30)).text)

    names = [event for event, _ in streamed]
    runs = QA_ENGINEER_QUESTIONS + 3  # the start, then one run per answer and per review decision
    assert names.count("run_started") == runs and names.count("paused") == runs - 1
    assert names[-2:] == ["completed", "state"]
    started = [data["node"] for event, data in streamed if event == "node_started"]
    assert {"ask", "interview", "profile_review", "assess", "plan", "review", "finalize"} <= set(started)
    finished = [data for event, data in streamed if event == "node_finished"]
    assert any(data["interrupted"] for data in finished) and all(data["failed"] is False for data in finished)
    assert streamed[-1][1]["status"] == "completed" and streamed[-1][1]["version"] == final["version"]


@pytest.mark.parametrize(("params", "status"), [
    ({"q": "test automation"}, 200), ({"q": "test automation", "k": 50}, 200), ({"q": ""}, 422),
    ({"q": "x" * 501}, 422), ({"q": "qa", "k": 0}, 422), ({"q": "qa", "k": 51}, 422), ({}, 422),
    ({"q": "nul\x00byte"}, 422),
])
async def test_knowledge_search_validates(api: InProcessApi, params: dict[str, Any], status: int) -> None:
    response = await api.client(api.admin_key).get("/v1/knowledge/search", params=params)
    assert response.status_code == status, response.text


async def test_knowledge_items_resolve_citations(api: InProcessApi) -> None:
    client = api.client(api.admin_key)
    hits = (await client.get("/v1/knowledge/search", params={"q": "regression testing automation", "k": 3})).json()
    assert len(hits) == 3 and hits[0]["score"] >= hits[-1]["score"]
    item = await client.get(f"/v1/knowledge/items/{hits[0]['id']}")
    assert item.status_code == 200 and item.json()["title"] == hits[0]["title"]
    assert (await client.get("/v1/knowledge/items/p.no-such-entry")).status_code == 404
    assert (await api.client().get("/v1/knowledge/search", params={"q": "qa"})).status_code == 401


async def test_health(api: InProcessApi) -> None:
    for path in ("/healthz", "/v1/healthz"):
        response = await api.client().get(path)
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "sqlite", "checkpointer": "AsyncSqliteSaver",
                                   "engine": "knowledge"}
    assert (await api.client().get("/docs")).status_code == 200


@pytest.mark.parametrize("blank", ["", "   ", "\u200b\u200d"])
async def test_an_empty_answer_is_asked_again_and_costs_no_question(api: InProcessApi, blank: str) -> None:
    _, owner = await api.user()
    view = (await owner.post("/v1/sessions")).json()
    first = view["pending"]
    response = await owner.post(f"/v1/sessions/{view['id']}/resume",
                                json={"interrupt_id": first["id"], "answer": blank})
    assert response.status_code == 200, response.text
    again = response.json()["pending"]
    assert again["question_id"] == first["question_id"] and again["attempt"] == first["attempt"]
    assert again["progress"] == first["progress"], "no question slot was used"
    assert again["reflection"] and again["prompt"].endswith(first["question"])


async def test_approving_over_open_errors_takes_an_acknowledgement(api: InProcessApi) -> None:
    owner, sid, view = await _to_review(api)

    async def resume(**body: Any) -> Any:
        return await owner.post(f"/v1/sessions/{sid}/resume", json={"interrupt_id": view["pending"]["id"], **body})

    view = (await resume(action="approve")).json()
    assert view["pending"]["kind"] == "plan_review" and view["review"]["verdict"] == "pass"
    promise = "You are guaranteed a job in 3 months if you follow this plan."
    view = (await resume(action="edit", edits={"summary": promise})).json()
    assert view["pending"]["kind"] == "plan_review" and view["review"]["verdict"] == "revise"

    refused = await resume(action="approve")
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "invalid_input" and body["detail"][0]["loc"] == ["body", "acknowledge"]
    assert "guarantees" in body["detail"][0]["msg"]
    assert (await owner.get(f"/v1/sessions/{sid}")).json()["version"] == view["version"], "nothing applied"

    approved = await resume(action="approve", acknowledge=True)
    assert approved.status_code == 200, approved.text
    final = approved.json()
    assert final["status"] == "completed" and any("guarantees" in i for i in final["plan"]["open_issues"])
    plan = (await owner.get(f"/v1/sessions/{sid}/plan")).json()
    assert plan["status"] == "approved" and plan["plan"]["open_issues"] == final["plan"]["open_issues"]
    markdown = (await owner.get(f"/v1/sessions/{sid}/plan", params={"format": "markdown"})).text
    assert "## Open issues" in markdown and "guarantees" in markdown
