"""The graph under LangGraph's own server, as a LangGraph user runs it: `langgraph dev` from the repository root,
driven through `langgraph-sdk` from the first question to the approved plan, reviews decided in LangChain's
human-in-the-loop shape; and the schemas endpoint Studio draws its forms from.

The server runs on a free loopback port with analytics, version checks and LangSmith tracing off (no outbound
traffic), in its own process group, stopped at the end. It keeps its in-memory state under `.langgraph_api/` in
the working directory (ignored by git); every run here uses a thread of its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from langgraph_sdk import get_client
from langgraph_sdk.client import LangGraphClient

from evals.personas import PERSONAS
from localmodel import free_port

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 120.0
SCRIPT = PERSONAS["manual_qa"][2]
QUIET = {  # nothing leaves the machine: no analytics, no version check, no LangSmith
    "LANGGRAPH_CLI_NO_ANALYTICS": "1", "LANGGRAPH_NO_VERSION_CHECK": "true", "LANGSMITH_TRACING": "false",
    "LANGCHAIN_TRACING_V2": "false", "LANGSMITH_CONTROL_PLANE_API_KEY": "", "OTEL_ENABLED": "false",
}
SECRETS = ("LANGSMITH_API_KEY", "LANGCHAIN_API_KEY", "LANGGRAPH_API_KEY")


def _wait_ok(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"langgraph dev exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/ok", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    pytest.fail(f"langgraph dev did not answer /ok within {STARTUP_TIMEOUT_S:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`langgraph dev` on a free port, from the repository root, with the project's own environment."""
    work = tmp_path_factory.mktemp("langgraph-dev")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key not in SECRETS and not key.startswith("OTEL_")}
    env |= QUIET | {"COACH_DATA_DIR": str(work / "coach"), "COACH_ENGINE": "knowledge"}
    langgraph = str(Path(sys.executable).with_name("langgraph"))
    log = work / "langgraph-dev.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [langgraph, "dev", "--host", "127.0.0.1", "--port", str(port), "--no-browser", "--no-reload"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ok(url, process, log)
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)


async def test_studio_schemas_answer_with_json_schemas(server: str) -> None:
    client = get_client(url=server)
    assistant_id = (await client.assistants.search(graph_id="coaching"))[0]["assistant_id"]
    async with httpx.AsyncClient(base_url=server, timeout=30) as http:
        response = await http.get(f"/assistants/{assistant_id}/schemas")
    assert response.status_code == 200, response.text
    schemas = response.json()
    for name in ("input_schema", "output_schema", "state_schema", "context_schema"):
        assert schemas[name]["type"] == "object", name
    assert set(schemas["context_schema"]["properties"]) == {"engine", "model", "base_url"}


class Session:
    """One thread on the server, resumed through the SDK; `transcript` is what the client saw and sent."""

    def __init__(self, client: LangGraphClient, thread_id: str) -> None:
        self.client = client
        self.thread_id = thread_id
        self.transcript: list[str] = []
        self.context = {"engine": "knowledge"}

    async def run(self, **kwargs: Any) -> dict[str, Any] | None:
        out = await self.client.runs.wait(self.thread_id, "coaching", context=self.context, **kwargs)
        assert isinstance(out, dict) and "__error__" not in out, out
        interrupts = out.get("__interrupt__") or []
        return dict(interrupts[0]["value"]) if interrupts else None

    async def resume(self, pending: dict[str, Any], value: Any) -> dict[str, Any] | None:
        self.transcript.append(f"{pending['id']} {pending['kind']}: {str(pending['prompt'])[:70]!r} <- {value!r:.110}")
        return await self.run(command={"resume": value})


async def test_a_whole_session_through_the_sdk(server: str) -> None:
    client = get_client(url=server)
    session = Session(client, (await client.threads.create())["thread_id"])
    pending = await session.run(input={})
    assert pending is not None and pending["kind"] == "question"

    # A value no question can use: asked again, the thread stays healthy.
    again = await session.resume(pending, ["not", "an", "answer"])
    assert again is not None and again["kind"] == "question" and again["field"] == pending["field"]
    assert again["error"] and (await client.threads.get(session.thread_id))["status"] == "interrupted"
    pending, answered = again, 0
    while pending is not None and pending["kind"] == "question":  # plain text and {"answer"} by turns
        answer = SCRIPT.answer_for(pending["field"], pending["attempt"])
        pending = await session.resume(pending, {"answer": answer} if answered % 2 else answer)
        answered += 1

    assert pending is not None and pending["kind"] == "profile_review"
    assert pending["action_requests"][0]["name"] == "profile" and pending["draft"]["current_role"]
    correction = {"decisions": [{"type": "respond", "message": "not evenings, mornings only"}]}
    pending = await session.resume(pending, correction)
    assert pending is not None and pending["kind"] == "profile_review", "a correction in words is shown back"
    assert "evenings" in pending["draft"]["times_not"]
    pending = await session.resume(pending, {"decisions": [{"type": "approve"}]})

    assert pending is not None and pending["kind"] == "assessment_review"
    assert pending["action_requests"][0]["name"] == "assessment"
    pending = await session.resume(pending, {"decisions": [{"type": "approve"}]})

    assert pending is not None and pending["kind"] == "plan_review"
    config = pending["review_configs"][0]
    assert config["allowed_decisions"] == ["approve", "edit", "reject"] and config["args_schema"]["type"] == "object"
    first_draft = pending["id"]
    pending = await session.resume(pending, {"decisions": [{"type": "reject", "message": "Less time, please"}]})

    assert pending is not None and pending["kind"] == "plan_review" and pending["id"] != first_draft
    assert pending["draft"]["revision_notes"], "the revised draft says what changed"
    edited = {**pending["action_requests"][0]["args"], "summary": "My plan, in my own words."}
    done = await session.resume(pending, {"decisions": [{"type": "edit", "edited_action": {"name": "plan",
                                                                                           "args": edited}}]})
    assert done is None, session.transcript

    thread = await client.threads.get(session.thread_id)
    assert thread["status"] == "idle", session.transcript
    values = (await client.threads.get_state(session.thread_id))["values"]
    assert values["phase"] == "completed" and values["plan"]["summary"] == "My plan, in my own words."
    assert [d["action"] for d in values["decisions"]] == ["reject", "approve", "approve", "reject", "edit"]
    kinds = [message["type"] for message in values["messages"]]
    assert kinds.count("human") == len(values["transcript"]) + 5 and kinds[-1] == "ai", kinds
    print("\n".join(["", *session.transcript]))  # shown with -s: the session as the SDK client saw it


async def test_a_check_in_through_the_sdk(server: str) -> None:
    """A person's session approved, then a check-in on it on another thread: the plan comes from the server's own
    store (the memory of the person), and the adapted plan is approved as its next version."""
    client = get_client(url=server)
    person = f"sdk-person-{time.time_ns()}"
    first = Session(client, (await client.threads.create())["thread_id"])
    pending = await first.run(input={"person": person})
    while pending is not None:
        value: Any = {"answer": SCRIPT.answer_for(pending["field"], pending["attempt"])} \
            if pending["kind"] == "question" else {"decisions": [{"type": "approve", "acknowledge": True}]}
        pending = await first.resume(pending, value)
    before = (await client.threads.get_state(first.thread_id))["values"]["plan"]

    checkin = Session(client, (await client.threads.create())["thread_id"])
    pending = await checkin.run(input={"person": person, "follows": first.thread_id})
    asked = 0
    while pending is not None and pending["kind"] == "checkin" and asked < 10:
        assert pending["error"] is None, pending["error"]
        asked += 1
        changes = {"answer": {"hours_per_week": 3, "rating": 0}}  # a structured answer, as the schema describes
        value = "done, 2 hours a week" if pending["step"] == "action" else changes
        pending = await checkin.resume(pending, value)
    assert asked == len(before["stages"][0]["actions"]) + 1
    assert pending is not None and pending["kind"] == "plan_review"
    assert pending["action_requests"][0]["name"] == "plan"
    assert "survive" not in [s["stage"] for s in pending["draft"]["stages"]]  # every survive action done
    assert await checkin.resume(pending, {"decisions": [{"type": "approve", "acknowledge": True}]}) is None
    items = await client.store.search_items(("people", person, "plans"))
    kept = {item["key"]: item["value"] for item in items["items"]}
    assert kept[checkin.thread_id]["follows"] == first.thread_id and kept[checkin.thread_id]["version"] == 2
