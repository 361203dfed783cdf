"""Opt-in: spans exported over OTLP reach Arize Phoenix (a real receiver and trace viewer) grouped by session, with
the session's conversation (root spans' input and output values) and each human decision (an event on its run).

Phoenix is not a project dependency (it is large). Point COACH_PHOENIX_BIN at a `phoenix` executable, e.g.
`python -m venv /tmp/phx && /tmp/phx/bin/pip install arize-phoenix`, or install it beside the project.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from evals.http import drive
from evals.personas import QA_ENGINEER
from knowledge.base import KnowledgeBase
from settings import Settings
from tests.apitest.inprocess import running_api
from tests.apitest.server import free_port

pytestmark = pytest.mark.integration
STARTUP_TIMEOUT_S = 120
SESSIONS_QUERY = (
    "{ projects { edges { node { name sessions(first: 20) { edges { node { sessionId numTraces } } } } } } }"
)


def _phoenix_bin() -> str:
    found = os.environ.get("COACH_PHOENIX_BIN") or shutil.which("phoenix")
    if not found:
        pytest.skip("Arize Phoenix is not installed (set COACH_PHOENIX_BIN to a `phoenix` executable to run this)")
    return found


@pytest.fixture
def phoenix(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PHOENIX_PORT": str(port), "PHOENIX_GRPC_PORT": str(free_port()),
           "PHOENIX_HOST": "127.0.0.1", "PHOENIX_WORKING_DIR": str(tmp_path / "phoenix"),
           "PHOENIX_TELEMETRY_ENABLED": "false"}
    log = tmp_path / "phoenix.log"
    with log.open("w") as output:
        process = subprocess.Popen([_phoenix_bin(), "serve"], stdout=output, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            assert process.poll() is None, f"phoenix exited:\n{log.read_text()[-2000:]}"
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail(f"phoenix did not start within {STARTUP_TIMEOUT_S} s:\n{log.read_text()[-2000:]}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _session_traces(url: str, session_id: str) -> int:
    reply = httpx.post(f"{url}/graphql", json={"query": SESSIONS_QUERY}, timeout=10).json()
    for project in reply["data"]["projects"]["edges"]:
        for session in project["node"]["sessions"]["edges"]:
            if session["node"]["sessionId"] == session_id:
                return int(session["node"]["numTraces"])
    return 0


async def _run_session(settings: Settings, kb: KnowledgeBase) -> tuple[str, list[dict[str, Any]]]:
    """A whole session exporting over OTLP; returns its id and every interrupt it answered (one run each, and one
    more to start)."""
    async with running_api(settings, kb=kb) as api:
        _, client = await api.user()
        view, answered = await drive(client, (await client.post("/v1/sessions")).json())
        api.runtime.service.observer.flush()
    return str(view["id"]), answered


def test_session_spans_arrive_in_phoenix_grouped_by_session(
    phoenix: str, settings: Settings, kb: KnowledgeBase
) -> None:
    traced = settings.model_copy(update={"otlp_endpoint": phoenix, "capture_content": True})
    session_id, answered = asyncio.run(_run_session(traced, kb))
    runs = len(answered) + 1
    deadline = time.monotonic() + 30
    while _session_traces(phoenix, session_id) < runs and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _session_traces(phoenix, session_id) == runs
    spans = httpx.get(f"{phoenix}/v1/projects/default/spans", params={"limit": 500}, timeout=10).json()["data"]
    names = {s["name"] for s in spans if s["attributes"].get("session.id") == session_id}
    assert {"invoke_workflow coaching", "invoke_agent assessor", "invoke_agent planner", "guards"} <= names
    # The session view reads as the conversation: each run's input (an answer, a decision) and output (the next
    # question, the review it waits on); and each human decision is an event on the run that received it.
    roots = [s for s in spans if s["name"] == "invoke_workflow coaching" and s["attributes"].get("session.id")
             == session_id]
    inputs = [str(r["attributes"].get("input.value", "")) for r in roots]
    outputs = [str(r["attributes"].get("output.value", "")) for r in roots]
    assert QA_ENGINEER.answer_for("current_role", 1) in inputs and "approve" in inputs
    assert answered[0]["prompt"] in outputs, "the first question, as the run that started the session ended"
    assert any(o.startswith("assessment_review") for o in outputs) and any(o.startswith("completed") for o in outputs)
    decisions = [e["attributes"] for r in roots for e in r.get("events", []) if e["name"] == "coach.hitl.decision"]
    assert len(decisions) == runs - 1, "one decision per run that resumed the session"
    assert {d["coach.decision.action"] for d in decisions} == {"answer", "approve"}
