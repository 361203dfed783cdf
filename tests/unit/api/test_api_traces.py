"""Traces through the API: one trace per run, agent/retrieval/guard spans, pauses, links, isolation, redaction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from coach.cli import app
from evals.http import drive
from evals.personas import QA_ENGINEER
from graphs.driver import SessionScript
from knowledge.base import KnowledgeBase
from observability.store import SpanRecord
from sessions.db import create_sync_engine
from settings import Settings
from tests.apitest.inprocess import running_api

CANARY_EMAIL = "canary.person@example.org"
CANARY_PHONE = "+1 415 555 0199"


def _walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node["children"]:
        yield from _walk(child)


async def test_a_session_is_traced_run_by_run(settings: Settings, kb: KnowledgeBase) -> None:
    async with running_api(settings, kb=kb) as api:
        _, client = await api.user()
        view = (await client.post("/v1/sessions")).json()
        view, answered = await drive(client, view)
        assert view["status"] == "completed"
        traces = (await client.get(f"/v1/sessions/{view['id']}/traces")).json()
        assert len(traces) == len(answered) + 1, "one trace per API call that started or resumed the graph"
        assert all(t["name"] == "invoke_workflow coaching" and t["complete"] for t in traces)
        assert sum(t["paused"] for t in traces) == len(answered), "every run but the last paused"
        assert all(t["status"] != "ERROR" for t in traces)
        # The run that approved the assessment: planner, retrieval, reviewer and its guards.
        trees = [(await client.get(f"/v1/traces/{t['trace_id']}")).json() for t in traces]
        names_by_run = [[n["name"] for n in _walk(tree)] for tree in trees]
        planning = next(names for names in names_by_run if "invoke_agent planner" in names)
        assert {"invoke_agent reviewer", "retrieval", "guards"} <= set(planning)
        assert any("invoke_agent assessor" in names for names in names_by_run)
        root = next(tree for tree in trees if "invoke_agent planner" in [n["name"] for n in _walk(tree)])
        assert root["links"], "a resumed run links to the run that paused"
        for node in _walk(root):
            assert node["attributes"]["session.id"] == view["id"]
            assert node["attributes"]["gen_ai.conversation.id"] == view["id"]
        guards = next(n for n in _walk(root) if n["name"] == "guards")
        assert guards["kind"] == "GUARDRAIL" and "citations" in guards["attributes"]["coach.guard.checks"]
        paused = next(tree for tree in trees if any(e["name"] == "coach.hitl.paused" for e in tree["events"]))
        assert paused["status"] == "UNSET" and paused["events"][-1]["name"] == "coach.hitl.paused"
        # Each run that received a human's reply records it: the answer's length, the decision's action.
        decisions = [[e["attributes"] for e in tree["events"] if e["name"] == "coach.hitl.decision"] for tree in trees]
        assert sorted(len(d) for d in decisions) == [0] + [1] * len(answered), "one decision per resumed run"
        actions = [d[0]["coach.decision.action"] for d in decisions if d]
        assert actions.count("answer") == len(answered) - 3 and actions.count("approve") == 3
        answers = [d[0] for d in decisions if d and d[0]["coach.decision.action"] == "answer"]
        assert all(a["coach.decision.answer_chars"] > 0 and a["coach.interrupt.kind"] == "question" for a in answers)
        # Root spans say what the run was given and where it stopped (no free text: content capture is off).
        for tree in trees:
            assert tree["attributes"]["input.mime_type"] == "text/plain" and tree["attributes"]["input.value"]
            assert tree["attributes"]["output.value"]
        assert any(t["attributes"]["input.value"].startswith("answer (") for t in trees)


async def test_traces_are_private_and_go_with_the_session(settings: Settings, kb: KnowledgeBase) -> None:
    async with running_api(settings, kb=kb) as api:
        _, owner = await api.user()
        _, stranger = await api.user()
        view = (await owner.post("/v1/sessions")).json()
        traces = (await owner.get(f"/v1/sessions/{view['id']}/traces")).json()
        trace_id = traces[0]["trace_id"]
        assert (await stranger.get(f"/v1/sessions/{view['id']}/traces")).status_code == 404
        assert (await stranger.get(f"/v1/traces/{trace_id}")).status_code == 404
        assert (await owner.get("/v1/traces/" + "0" * 32)).status_code == 404
        assert (await owner.get("/v1/traces/not-a-trace-id")).status_code == 422
        assert (await owner.delete(f"/v1/sessions/{view['id']}")).status_code == 204
    with Session(create_sync_engine(settings)) as db:
        assert db.exec(select(SpanRecord).where(SpanRecord.session_id == view["id"])).all() == []


async def test_content_capture_redacts_personal_data(settings: Settings, kb: KnowledgeBase) -> None:
    capturing = settings.model_copy(update={"capture_content": True})
    script = SessionScript(answers={**QA_ENGINEER.answers,
                                    "concerns": f"Losing my job; reach me at {CANARY_EMAIL} or {CANARY_PHONE}"})
    async with running_api(capturing, kb=kb) as api:
        _, client = await api.user()
        view = (await client.post("/v1/sessions")).json()
        view, _ = await drive(client, view, script)
        assert view["status"] == "completed"
        api.runtime.service.observer.flush()
    with Session(create_sync_engine(capturing)) as db:
        rows = db.exec(select(SpanRecord).where(SpanRecord.session_id == view["id"])).all()
    assert rows
    stored = json.dumps([[r.name, r.attributes, r.events, r.status_message] for r in rows])
    assert CANARY_EMAIL not in stored and "415 555 0199" not in stored
    assert "retrieval" in {r.name for r in rows}


async def test_coach_traces_prints_the_session_as_trees(
    settings: Settings, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_api(settings, kb=kb) as api:
        _, client = await api.user()
        view = (await client.post("/v1/sessions")).json()
        view, _ = await drive(client, view)
    monkeypatch.setenv("COACH_DATA_DIR", str(settings.data_dir))
    result = CliRunner().invoke(app, ["traces", view["id"]])
    assert result.exit_code == 0, result.output
    assert "invoke_workflow coaching" in result.stdout and "invoke_agent planner" in result.stdout
    assert "paused" in result.stdout and "runs" in result.stdout
    missing = CliRunner().invoke(app, ["traces", "no-such-session"])
    assert missing.exit_code == 1 and "No traces" in missing.output
