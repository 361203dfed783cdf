"""The graph under LangGraph's own server, as a LangGraph user runs it: `langgraph dev` from the repository root,
driven through `langgraph-sdk` from the first question to the approved plan, reviews decided in LangChain's
human-in-the-loop shape; the schemas endpoint Studio draws its forms from; whole sessions through the HTTP calls
Agent Chat UI and Agent Inbox make (see the section below), and one in each of them, built from the pinned copies
in tools/agent-chat-ui and tools/agent-inbox and driven in Chromium; and check-ins on an approved plan, through the
SDK and through those clients' calls.

The server runs on a free loopback port with analytics, version checks and LangSmith tracing off (no outbound
traffic), in its own process group, stopped at the end. It keeps its in-memory state under `.langgraph_api/` in
the working directory (ignored by git); every run here uses a thread of its own.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from langgraph_sdk import get_client
from langgraph_sdk.client import LangGraphClient

from evals.personas import PERSONAS
from localmodel import free_port
from tests.support.agent_chat_ui import CHAT_UI
from tests.support.agent_inbox import AGENT_INBOX
from tests.support.browser import Screenshots, launched, require_browser, watched_context
from tests.support.next_client import ClientUnavailable, PinnedClient, serving

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_S = 120.0
WIDGET_TRIES = 6
"""How often a reply is typed into Agent Chat UI's widget before the test gives up: the widget clears what was typed
whenever the thread's state arrives again, which on a loaded machine can happen several times in a row."""
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


def test_the_assistant_is_described(server: str) -> None:
    assistant = httpx.post(f"{server}/assistants/search", json={"graph_id": "coaching"}, timeout=30).json()[0]
    assert "interview" in (assistant.get("description") or ""), assistant


# --- LangChain's own clients, call for call ----------------------------------------------------------------------
# What Agent Chat UI (`useStream` of @langchain/langgraph-sdk 1.8) and Agent Inbox send and read, as plain HTTP:
# the composer's message is a new run's input on the thread (its text in content blocks, under an id of the
# client's); the HITL widget resumes with `{"decisions": [...]}` (input `{}` beside the command) and edits send every
# field back, the ones a person typed in as text; the UI reads the thread's history and draws the interrupt under
# the last message when that is an AI message. Agent Inbox lists interrupted threads, reads `action_requests[0]`'s
# `arguments` and `description`, and resumes with `[{"type": "accept" | "edit" | "response", "args"}]`.

ASSISTANT = "coaching"


def _sse_events(body: str) -> list[tuple[str, Any]]:
    events, name = [], ""
    for line in body.splitlines():
        if line.startswith("event:"):
            name = line.removeprefix("event:").strip()
        elif line.startswith("data:") and name:
            events.append((name, json.loads(line.removeprefix("data:").strip() or "null")))
    return events


class ChatUI:
    """One Agent Chat UI window on one thread."""

    def __init__(self, http: httpx.AsyncClient, thread_id: str) -> None:
        self.http = http
        self.thread_id = thread_id
        self.sent = 0

    async def _stream(self, body: dict[str, Any]) -> None:
        body = {"assistant_id": ASSISTANT, "stream_mode": ["values"], "stream_subgraphs": True,
                "stream_resumable": True, "on_disconnect": "continue", **body}
        response = await self.http.post(f"/threads/{self.thread_id}/runs/stream", json=body)
        assert response.status_code == 200, response.text
        errors = [data for name, data in _sse_events(response.text) if name == "error"]
        assert not errors, errors

    async def type_message(self, text: str) -> dict[str, Any] | None:
        """The composer: a human message, sent as the input of a new run on the thread."""
        self.sent += 1
        message = {"id": f"chat-{uuid.uuid4()}", "type": "human", "content": [{"type": "text", "text": text}]}
        await self._stream({"input": {"messages": [message]}})
        return await self.widget()

    async def decide(self, decision: dict[str, Any]) -> dict[str, Any] | None:
        """The HITL widget's submit."""
        await self._stream({"input": {}, "command": {"resume": {"decisions": [decision]}}})
        return await self.widget()

    async def latest(self) -> dict[str, Any]:
        history = (await self.http.post(f"/threads/{self.thread_id}/history", json={"limit": 10})).json()
        return dict(history[0])

    async def widget(self) -> dict[str, Any] | None:
        """The interrupt the UI draws, if any: HITL-shaped, and under an AI message (else it draws no widget)."""
        state = await self.latest()
        interrupts = [i for task in state["tasks"] for i in task.get("interrupts", [])]
        if not interrupts:
            return None
        value = dict(interrupts[0]["value"])
        requests, configs = value.get("action_requests") or [], value.get("review_configs") or []
        assert requests and all(isinstance(r.get("args"), dict) for r in requests), "not drawn as HITL"
        assert configs and all(isinstance(c.get("allowed_decisions"), list) for c in configs)
        last = state["values"]["messages"][-1]
        assert last["type"] == "ai" and last["id"] == value["id"], "the widget goes under the last AI message"
        assert last["content"] == requests[0]["description"]
        return value


class AgentInbox:
    """Agent Inbox on the deployment: the interrupted threads, and its responses."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def card(self, thread_id: str) -> dict[str, Any]:
        """What the inbox shows for a thread: its normalized human interrupt."""
        threads = (await self.http.post("/threads/search", json={"status": "interrupted", "limit": 100,
                                                                  "offset": 0})).json()
        thread = next(t for t in threads if t["thread_id"] == thread_id)
        value = next(iter(thread["interrupts"].values()))[0]["value"]
        request, config = value["action_requests"][0], value["review_configs"][0]
        decisions = config["allowed_decisions"]
        return {"action": request["name"], "args": request.get("arguments") or {},
                "description": request["description"], "allow_accept": "approve" in decisions,
                "allow_edit": "edit" in decisions, "allow_respond": "reject" in decisions, "value": value}

    async def send(self, thread_id: str, response: dict[str, Any]) -> None:
        run = (await self.http.post(f"/threads/{thread_id}/runs", json={
            "assistant_id": ASSISTANT, "command": {"resume": [response]}})).json()
        out = await self.http.get(f"/threads/{thread_id}/runs/{run['run_id']}/join")
        assert out.status_code == 200 and "__error__" not in out.json(), out.text


async def test_a_whole_session_in_agent_chat_ui(server: str) -> None:
    async with httpx.AsyncClient(base_url=server, timeout=60) as http:
        thread_id = (await http.post("/threads", json={"metadata": {}})).json()["thread_id"]
        ui = ChatUI(http, thread_id)
        widget = await ui.type_message("Hi! I'd like some help with my career.")
        asked = 0
        while widget is not None and widget["kind"] == "question":  # every question answered in the composer
            asked += 1
            assert widget["progress"]["asked"] == asked, "the session never starts again"
            widget = await ui.type_message(SCRIPT.answer_for(widget["field"], widget["attempt"]))

        assert widget is not None and widget["kind"] == "profile_review" and asked > 3
        widget = await ui.type_message("not evenings, mornings only")  # a correction typed at the review
        assert widget is not None and widget["kind"] == "profile_review"
        assert "evenings" in widget["draft"]["times_not"]
        widget = await ui.decide({"type": "approve"})

        assert widget is not None and widget["kind"] == "assessment_review"
        assert widget["draft"]["risk_summary"] in widget["action_requests"][0]["description"]
        widget = await ui.type_message("Looks good")  # a plain approval, typed

        assert widget is not None and widget["kind"] == "plan_review"
        first_draft = widget["id"]
        widget = await ui.decide({"type": "reject", "message": "Less time, please"})
        assert widget is not None and widget["kind"] == "plan_review" and widget["id"] != first_draft
        assert widget["draft"]["revision_notes"]

        # The edit form: every field comes back, the ones typed in as text (a list as JSON text).
        args = widget["action_requests"][0]["args"]
        stages = args["stages"]
        stages[0]["goal"] = "Automate the dull half of my regression runs."
        edited = {key: value if isinstance(value, str | int | float) else json.dumps(value)
                  for key, value in args.items()}
        edited |= {"stages": json.dumps(stages), "summary": "My plan, in my own words."}
        assert await ui.decide({"type": "edit", "edited_action": {"name": "plan", "args": edited}}) is None

        values = (await ui.latest())["values"]
        assert values["phase"] == "completed" and values["plan"]["summary"] == "My plan, in my own words."
        assert values["plan"]["stages"][0]["goal"] == "Automate the dull half of my regression runs."
        decisions = values["decisions"]
        assert [d["action"] for d in decisions] == ["reject", "approve", "approve", "reject", "edit"]
        assert sorted(decisions[-1]["edits"]) == ["stages", "summary"], "only the changed fields are noted"

        assert await ui.type_message("thanks! what now?") is None  # a finished session says so, and stays
        after = (await ui.latest())["values"]
        assert after["phase"] == "completed" and after["plan"] == values["plan"]
        assert "complete" in after["messages"][-1]["content"]


async def test_the_plan_decided_in_agent_inbox(server: str) -> None:
    client = get_client(url=server)
    async with httpx.AsyncClient(base_url=server, timeout=60) as http:
        thread_id = (await http.post("/threads", json={})).json()["thread_id"]
        await client.runs.wait(thread_id, ASSISTANT, input={})
        inbox = AgentInbox(http)
        card = await inbox.card(thread_id)
        while card["value"]["kind"] == "question":  # a question is a card with a reply box
            assert card["allow_respond"] and not card["allow_accept"] and card["args"]["question"]
            value = card["value"]
            await inbox.send(thread_id, {"type": "response",
                                         "args": SCRIPT.answer_for(value["field"], value["attempt"])})
            card = await inbox.card(thread_id)
        assert card["action"] == "profile" and card["args"]["current_role"]
        await inbox.send(thread_id, {"type": "accept", "args": None})

        card = await inbox.card(thread_id)
        assert card["action"] == "assessment" and card["args"]["role_matches"], "the inbox sees the draft"
        await inbox.send(thread_id, {"type": "accept", "args": None})

        card = await inbox.card(thread_id)
        assert card["action"] == "plan" and card["args"]["stages"] and card["allow_edit"]
        assert card["args"]["summary"] in card["description"], "the description is the draft in words"
        await inbox.send(thread_id, {"type": "response", "args": "Less time, please"})

        card = await inbox.card(thread_id)
        assert card["args"]["revision_notes"]
        broken = {**card["args"], "stages": "[not json"}
        await inbox.send(thread_id, {"type": "edit", "args": {"action": "plan", "args": broken}})
        refused = await inbox.card(thread_id)
        assert "stages" in refused["value"]["error"] and refused["args"] == card["args"]
        assert refused["value"]["review"] == card["value"]["review"], "a refused edit keeps the draft's own review"
        await inbox.send(thread_id, {"type": "accept", "args": None})

        values = (await client.threads.get_state(thread_id))["values"]
        assert values["phase"] == "completed" and values["plan"]["stages"] == card["args"]["stages"]
        # (the refused edit is on the record too, as every decision taken is)
        assert [d["action"] for d in values["decisions"]] == ["approve", "approve", "reject", "edit", "approve"]


# --- Agent Chat UI itself, in Chromium ------------------------------------------------------------------------------
# The pinned copy in tools/agent-chat-ui (see its README), built once into a static site and served on loopback,
# pointed at the server through its own setup form, and driven the way a person uses it: every answer typed in the
# composer (one sent from the reply box of the widget drawn under the question), the profile corrected in words and
# confirmed with the widget's Approve, the assessment approved, the plan rejected with a reason, then edited in the
# widget's form. What the page shows is checked against the thread on the server.

QUESTION_LINE = r"^Question {n} of at most \d+: reply with your answer\.$"
OPENING = "Hi! I'd like some help with my career."
STEP_TIMEOUT_MS = 60_000


def _client_site(client: PinnedClient) -> Path:
    """The built client, or a skip that says why it cannot be built here (a failure under CI=true)."""
    try:
        return client.ensure_built(print)
    except ClientUnavailable as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{client.name} must run in CI: {exc}")
        pytest.skip(str(exc))


class ChatPage:
    """The Agent Chat UI page, and the thread it is on as the server keeps it."""

    def __init__(self, page: Page, server: str) -> None:
        from playwright.sync_api import expect

        self.page, self.server, self.expect = page, server, expect
        self.retyped = 0
        self.composer = page.get_by_placeholder("Type your message...")

    def connect(self, ui: str) -> None:
        """The client's setup form: the deployment's URL and the graph id."""
        self.page.goto(f"{ui}/")
        self.page.get_by_label("Deployment URL").fill(self.server)
        self.page.get_by_label("Assistant / Graph ID").fill(ASSISTANT)
        self.page.get_by_role("button", name="Continue").click()
        self.expect(self.composer).to_be_visible()

    def thread_id(self) -> str:
        from urllib.parse import parse_qs, urlsplit

        return parse_qs(urlsplit(self.page.url).query)["threadId"][0]

    def state(self) -> dict[str, Any]:
        return dict(httpx.get(f"{self.server}/threads/{self.thread_id()}/state", timeout=30).json())

    def idle(self) -> None:
        """The run is over: the composer's Send is back (Cancel while a run streams)."""
        self.expect(self.page.get_by_role("button", name="Send")).to_be_visible(timeout=STEP_TIMEOUT_MS)

    def widget(self, action: str) -> Locator:
        """The HITL widget drawn under the last AI message, titled with its action's name."""
        title = self.page.get_by_text(action, exact=True)
        self.expect(title).to_be_visible(timeout=STEP_TIMEOUT_MS)
        self.expect(self.page.get_by_text(re.compile(rf"^{action}$"))).to_have_count(1)  # one widget at a time
        return title

    def settle(self) -> None:
        """No request in flight: the widget's form is filled in only then (see `reply_in_widget`)."""
        self.page.wait_for_load_state("networkidle")

    def reply_in_widget(self, text: str) -> None:
        """The widget's "Reason" box (its Reject card) and "Submit rejection". The widget resets what was typed into
        it whenever the thread's state arrives again (a new interrupt object, e.g. the history the client fetches
        after a run), and its submit then refuses an empty reason with a toast: a person types it again, and so
        does this (`self.retyped` counts it)."""
        reason = self.page.get_by_placeholder("Share feedback with the agent...")
        refused = self.page.get_by_text("Please provide a rejection reason.")
        for _ in range(WIDGET_TRIES):
            self.settle()
            reason.fill(text)
            self.page.wait_for_timeout(300)
            if reason.input_value() != text:  # reset as the thread's state arrived: type it again
                self.retyped += 1
                continue
            before = refused.count()
            self.page.get_by_role("button", name="Submit rejection").click()
            self.page.wait_for_timeout(500)
            if refused.count() == before:
                return
            self.retyped += 1
        raise AssertionError(f"the widget refused {text!r} {WIDGET_TRIES} times")

    def fill_widget(self, values: dict[str, str]) -> None:
        """The widget's edit form filled in, typed again if the client clears it before the values stick."""
        for _ in range(WIDGET_TRIES):
            if all(self.field(label).input_value() == value for label, value in values.items()):
                return
            self.settle()
            for label, value in values.items():
                self.field(label).fill(value)
            self.page.wait_for_timeout(300)
            if all(self.field(label).input_value() == value for label, value in values.items()):
                return
            self.retyped += 1
        raise AssertionError(f"the widget's form would not keep {sorted(values)}")

    def type_message(self, text: str) -> None:
        self.composer.fill(text)
        self.page.get_by_role("button", name="Send").click()
        self.expect(self.page.get_by_text(text, exact=True).last).to_be_visible()

    def picture(self, screenshots: Screenshots, name: str, top: Locator) -> None:
        """A screenshot with `top` at the top of the view, scrolled there as a reader would (Playwright's clicks
        centre what they click, which scrolls the page's clipped columns sideways), the client's toasts hidden."""
        self.page.add_style_tag(content="[data-sonner-toaster] { display: none !important; }")
        self.page.evaluate("""() => {
            document.activeElement?.blur();
            for (const e of document.querySelectorAll('*')) if (e.scrollLeft) e.scrollLeft = 0;
        }""")
        for _ in range(2):  # again once the client's own scrolling (it sticks to the bottom as it grows) is done
            top.evaluate("element => element.scrollIntoView({block: 'start', inline: 'nearest'})")
            self.page.wait_for_timeout(300)
        screenshots(self.page, name)

    def field(self, name: str) -> Locator:
        """A textarea of the widget's edit form, under its label (the form ties none to its field)."""
        label = self.page.locator("p", has_text=re.compile(rf"^{name}$"))
        return label.locator("xpath=following-sibling::textarea")

    def shown(self, text: str) -> Locator:
        """An AI message as the page draws it: its first line (markdown taken out)."""
        line = self.page.get_by_text(text.split("\n")[0].strip("*_ "), exact=True).last
        self.expect(line).to_be_visible(timeout=STEP_TIMEOUT_MS)
        return line

    def next_pending(self, before: str | None) -> dict[str, Any] | None:
        """The interrupt after `before` (None once the session is over), once the page has drawn it."""
        self.idle()
        deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            state = self.state()
            interrupts = [i for task in state["tasks"] for i in task.get("interrupts", [])]
            if interrupts and interrupts[0]["value"]["id"] != before:
                pending = dict(interrupts[0]["value"])
                self.shown(str(pending["action_requests"][0]["description"]))
                return pending
            if not interrupts and not state["next"]:
                return None
            time.sleep(0.2)
        raise AssertionError(f"no interrupt after {before} within {STEP_TIMEOUT_MS / 1000:.0f} s")


def test_a_whole_session_in_agent_chat_ui_in_chromium(server: str, screenshots: Screenshots) -> None:
    timings: dict[str, float] = {}
    started = time.monotonic()
    browser_path = require_browser()
    site = _client_site(CHAT_UI)
    timings["install and build (0 when cached)"] = time.monotonic() - started
    with serving(site) as ui, launched(browser_path) as browser, \
            watched_context(browser, width=1280, height=900, own_policy=False) as watched:
        page = watched.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        chat = ChatPage(page, server)
        mark = time.monotonic()
        chat.connect(ui)
        chat.type_message(OPENING)
        pending = chat.next_pending(None)
        timings["page loaded, first question drawn"] = time.monotonic() - mark

        mark, asked = time.monotonic(), 0
        while pending is not None and pending["kind"] == "question":
            asked += 1
            assert pending["progress"]["asked"] == asked, "the session never starts again"
            chat.expect(page.get_by_text(re.compile(QUESTION_LINE.format(n=asked)))).to_be_visible()
            chat.widget("question")
            answer = SCRIPT.answer_for(pending["field"], pending["attempt"])
            if asked == 1:
                chat.picture(screenshots, "agent-chat-ui-question", page.get_by_text(OPENING, exact=True).last)
            if asked == 2:  # the widget's own reply box, labelled "Reason" under "Reject", answers too
                chat.reply_in_widget(answer)
            else:
                chat.type_message(answer)
            pending = chat.next_pending(pending["id"])
        timings[f"{asked} questions answered"] = time.monotonic() - mark
        assert asked > 3

        mark = time.monotonic()
        assert pending is not None and pending["kind"] == "profile_review", pending
        chat.widget("profile")
        chat.type_message("not evenings, mornings only")  # a correction in words, typed in the composer
        pending = chat.next_pending(pending["id"])
        assert pending is not None and pending["kind"] == "profile_review"
        assert "evenings" in pending["draft"]["times_not"]
        chat.expect(chat.field("Times Not")).to_have_value(json.dumps(pending["draft"]["times_not"],
                                                                      separators=(",", ":")))
        page.get_by_role("button", name="Approve", exact=True).click()  # the profile confirmed in the widget

        pending = chat.next_pending(pending["id"])
        assert pending is not None and pending["kind"] == "assessment_review", pending
        chat.widget("assessment")
        page.get_by_role("button", name="Approve", exact=True).click()

        pending = chat.next_pending(pending["id"])
        assert pending is not None and pending["kind"] == "plan_review", pending
        chat.widget("plan")
        chat.expect(chat.field("Summary")).to_have_value(pending["draft"]["summary"])
        chat.picture(screenshots, "agent-chat-ui-review", page.get_by_text("Approved the assessment.").last)
        chat.reply_in_widget("Less time, please")

        revised = chat.next_pending(pending["id"])
        assert revised is not None and revised["kind"] == "plan_review" and revised["draft"]["revision_notes"]
        chat.widget("plan")
        chat.expect(chat.field("Summary")).to_have_value(revised["draft"]["summary"])
        stages = revised["draft"]["stages"]
        stages[0]["goal"] = "Automate the dull half of my regression runs."
        edits = {"Summary": "My plan, in my own words.", "Stages": json.dumps(stages)}
        chat.fill_widget(edits)  # the widget's form: Approve becomes Submit
        chat.picture(screenshots, "agent-chat-ui-edit", page.get_by_text("Edit/Approve", exact=True))
        chat.fill_widget(edits)  # (typed again only if the form was cleared meanwhile)
        page.get_by_role("button", name="Submit", exact=True).click()
        assert chat.next_pending(revised["id"]) is None
        timings["reviews decided"] = time.monotonic() - mark

        values = chat.state()["values"]
        assert values["phase"] == "completed" and values["plan"]["summary"] == "My plan, in my own words."
        assert values["plan"]["stages"][0]["goal"] == "Automate the dull half of my regression runs."
        decisions = values["decisions"]
        assert [d["action"] for d in decisions] == ["reject", "approve", "approve", "reject", "edit"], decisions
        assert sorted(decisions[-1]["edits"]) == ["stages", "summary"], "only the changed fields are noted"
        chat.picture(screenshots, "agent-chat-ui-done", chat.shown(values["messages"][-1]["content"]))

        chat.type_message("thanks! what now?")  # a finished session says so, and stays finished
        chat.idle()
        after = chat.state()["values"]
        assert after["phase"] == "completed" and after["plan"] == values["plan"]
        said = after["messages"][-1]
        assert said["type"] == "ai" and "complete" in said["content"], said
        chat.shown(said["content"])
        watched.assert_clean()
    timings["whole test"] = time.monotonic() - started
    print(f"\nwidget replies typed again after the client reset its form: {chat.retyped}")
    print("\n".join(["", *(f"{name}: {seconds:.1f} s" for name, seconds in timings.items())]))


# --- Agent Inbox itself, in Chromium -------------------------------------------------------------------------------
# The pinned copy in tools/agent-inbox (see its README), built into a static site as Agent Chat UI is and served on
# loopback, given the server through its own "Add Inbox" form. Agent Inbox starts no runs: the session is started
# through the SDK, the thread opened from the inbox's list, and every interrupt decided in its card: the questions
# answered in the Response box, the profile and the assessment accepted, the plan answered with feedback, the
# revised plan edited. After each, the thread on the server is checked, and what the card shows against it.


class InboxPage:
    """Agent Inbox's card for one thread, and the thread as the server keeps it."""

    def __init__(self, page: Page, server: str, thread_id: str) -> None:
        from playwright.sync_api import expect

        self.page, self.server, self.thread_id, self.expect = page, server, thread_id, expect
        self.response = page.get_by_placeholder("Your response here...")

    def connect(self, ui: str) -> None:
        """The inbox's own form, open on a first visit: graph id, deployment URL, a name. Adding the inbox reloads
        the page (once: the form's own reload), and the reloaded address still has `no_inboxes_found=true`, so the
        welcome dialog opens again over the new inbox's list; it is closed, as a person closes it."""
        self.page.goto(f"{ui}/")
        self.page.get_by_label("Assistant/Graph ID").fill(ASSISTANT)
        self.page.get_by_label("Deployment URL").fill(self.server)
        self.page.get_by_label("Name").fill("Coaching")
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Add Inbox").click()
        self.expect(self.page.get_by_text("Coaching", exact=True).first).to_be_visible()
        self.expect(self.page.get_by_role("dialog")).to_be_visible()
        self.page.keyboard.press("Escape")
        self.expect(self.page.get_by_role("dialog")).to_have_count(0)

    def open_thread(self, description: str) -> Locator:
        """The newest interrupted thread, first in the list (this one: it was just started), opened from there."""
        first = self.page.get_by_text(description[:65], exact=False).first
        self.expect(first).to_be_visible(timeout=STEP_TIMEOUT_MS)
        first.click()
        self.expect(self.page).to_have_url(re.compile(rf"view_state_thread_id={self.thread_id}"))
        return first

    def state(self) -> dict[str, Any]:
        return dict(httpx.get(f"{self.server}/threads/{self.thread_id}/state", timeout=30).json())

    def card(self, pending: dict[str, Any]) -> None:
        """The card shows this interrupt: its action as the title, its description's first line beside it."""
        request = pending["action_requests"][0]
        self.expect(self.page.get_by_text(request["name"], exact=True).first).to_be_visible(timeout=STEP_TIMEOUT_MS)
        first_line = request["description"].split("\n")[0].strip("*_ ")
        self.expect(self.page.get_by_text(first_line, exact=False).first).to_be_visible(timeout=STEP_TIMEOUT_MS)

    def field(self, name: str) -> Locator:
        """A textarea of the card's edit form, under its label (the form ties none to its field)."""
        label = self.page.locator("p", has_text=re.compile(rf"^{name}$"))
        return label.locator("xpath=following-sibling::textarea")

    def next_pending(self, before: str) -> dict[str, Any] | None:
        """The interrupt after `before` on the server (None once the session is over), once the card shows it."""
        deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
        while time.monotonic() < deadline:
            state = self.state()
            interrupts = [i for task in state["tasks"] for i in task.get("interrupts", [])]
            if interrupts and interrupts[0]["value"]["id"] != before:
                pending = dict(interrupts[0]["value"])
                self.card(pending)
                return pending
            if not interrupts and not state["next"]:
                return None
            time.sleep(0.2)
        raise AssertionError(f"no interrupt after {before} within {STEP_TIMEOUT_MS / 1000:.0f} s")

    def send_response(self) -> None:
        self.page.get_by_role("button", name="Send Response").click()

    def picture(self, screenshots: Screenshots, name: str, top: str | None = None) -> None:
        """A screenshot, the card's title `top` at the top of the view, the inbox's toasts hidden."""
        self.page.add_style_tag(content="[aria-label^='Notifications'] { display: none !important; }")
        self.page.evaluate("() => document.activeElement?.blur()")
        if top is not None:
            title = self.page.get_by_text(top, exact=True).first
            title.evaluate("element => element.scrollIntoView({block: 'start', inline: 'nearest'})")
        self.page.wait_for_timeout(300)
        screenshots(self.page, name)


def test_a_session_decided_in_agent_inbox_in_chromium(server: str, screenshots: Screenshots) -> None:
    timings: dict[str, float] = {}
    started = time.monotonic()
    browser_path = require_browser()
    site = _client_site(AGENT_INBOX)
    timings["install and build (0 when cached)"] = time.monotonic() - started
    thread_id = httpx.post(f"{server}/threads", json={"metadata": {}}, timeout=30).json()["thread_id"]
    run = httpx.post(f"{server}/threads/{thread_id}/runs/wait", json={"assistant_id": ASSISTANT, "input": {}},
                     timeout=60)
    assert run.status_code == 200, run.text  # the session, started as Studio or the SDK starts it
    with serving(site) as ui, launched(browser_path) as browser, \
            watched_context(browser, width=1280, height=900, own_policy=False) as watched:
        page = watched.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        inbox = InboxPage(page, server, thread_id)
        mark = time.monotonic()
        inbox.connect(ui)
        interrupts = [i for task in inbox.state()["tasks"] for i in task.get("interrupts", [])]
        pending: dict[str, Any] | None = dict(interrupts[0]["value"])
        assert pending is not None and pending["kind"] == "question"
        inbox.picture(screenshots, "agent-inbox-list")
        inbox.open_thread(pending["action_requests"][0]["description"])
        inbox.card(pending)
        timings["page loaded, inbox added, thread opened"] = time.monotonic() - mark

        mark, asked = time.monotonic(), 0
        while pending is not None and pending["kind"] == "question":  # each answered in the Response box
            asked += 1
            assert pending["progress"]["asked"] == asked, "the session never starts again"
            inbox.expect(page.get_by_text(pending["question"], exact=True).first).to_be_visible()
            answer = SCRIPT.answer_for(pending["field"], pending["attempt"])
            inbox.response.fill(answer)
            if asked == 1:
                inbox.picture(screenshots, "agent-inbox-question")
            inbox.send_response()
            before = pending["id"]
            pending = inbox.next_pending(before)
            said = [m for m in inbox.state()["values"]["messages"] if m["type"] == "human"]
            assert said[-1]["content"] == answer, "the answer reached the thread as the person's message"
        timings[f"{asked} questions answered"] = time.monotonic() - mark
        assert asked > 3

        mark = time.monotonic()
        assert pending is not None and pending["kind"] == "profile_review", pending
        inbox.expect(inbox.field("Current Role")).to_have_value(pending["draft"]["current_role"])
        page.get_by_role("button", name="Accept", exact=True).click()  # the profile confirmed as it is

        pending = inbox.next_pending(pending["id"])
        assert pending is not None and pending["kind"] == "assessment_review", pending
        values = inbox.state()["values"]
        assert values["profile"]["confirmed"] and values["decisions"][-1]["action"] == "approve"
        draft = pending["draft"]
        inbox.expect(inbox.field("Risk Summary")).to_have_value(draft["risk_summary"])  # the draft itself
        inbox.expect(page.get_by_text(draft["risk_summary"], exact=False).first).to_be_visible()  # and in words
        inbox.expect(inbox.field("Role Matches")).to_have_value(json.dumps(draft["role_matches"],
                                                                          separators=(",", ":")))
        inbox.picture(screenshots, "agent-inbox-assessment", top="assessment")
        page.get_by_role("button", name="Accept", exact=True).click()

        pending = inbox.next_pending(pending["id"])
        assert pending is not None and pending["kind"] == "plan_review", pending
        values = inbox.state()["values"]
        assert values["assessment"]["risk_summary"] == draft["risk_summary"], "the assessment accepted as shown"
        assert [d["action"] for d in values["decisions"]] == ["approve", "approve"]
        inbox.expect(inbox.field("Summary")).to_have_value(pending["draft"]["summary"])
        first_draft = pending["id"]
        inbox.response.fill("Less time, please")  # feedback in words: the plan is drafted again
        inbox.send_response()

        revised = inbox.next_pending(first_draft)
        assert revised is not None and revised["kind"] == "plan_review" and revised["draft"]["revision_notes"]
        decided = inbox.state()["values"]["decisions"][-1]
        assert decided["action"] == "reject" and decided["feedback"] == "Less time, please", decided
        inbox.expect(inbox.field("Summary")).to_have_value(revised["draft"]["summary"])
        inbox.field("Summary").fill("My plan, in my own words.")  # the card's form: Accept becomes Submit
        inbox.picture(screenshots, "agent-inbox-edit", top="plan")
        page.get_by_role("button", name="Submit", exact=True).click()
        assert inbox.next_pending(revised["id"]) is None
        timings["reviews decided"] = time.monotonic() - mark

        values = inbox.state()["values"]
        assert values["phase"] == "completed" and values["plan"]["summary"] == "My plan, in my own words."
        assert values["plan"]["stages"] == revised["draft"]["stages"], "only the summary was changed"
        decisions = values["decisions"]
        assert [d["action"] for d in decisions] == ["approve", "approve", "reject", "edit"], decisions
        assert list(decisions[-1]["edits"]) == ["summary"], "only the changed field is noted"
        inbox.expect(page).not_to_have_url(re.compile("view_state_thread_id"))  # back to the list, the thread gone
        watched.assert_clean()
    timings["whole test"] = time.monotonic() - started
    print("\n".join(["", *(f"{name}: {seconds:.1f} s" for name, seconds in timings.items())]))


async def _approved_session(client: LangGraphClient, person: str) -> tuple[str, dict[str, Any]]:
    """A person's whole session, approved through the SDK: its thread, and its plan (kept in the server's store)."""
    first = Session(client, (await client.threads.create())["thread_id"])
    pending = await first.run(input={"person": person})
    while pending is not None:
        value: Any = {"answer": SCRIPT.answer_for(pending["field"], pending["attempt"])} \
            if pending["kind"] == "question" else {"decisions": [{"type": "approve", "acknowledge": True}]}
        pending = await first.resume(pending, value)
    return first.thread_id, (await client.threads.get_state(first.thread_id))["values"]["plan"]


async def test_a_check_in_through_the_sdk(server: str) -> None:
    """A person's session approved, then a check-in on it on another thread: the plan comes from the server's own
    store (the memory of the person), and the adapted plan is approved as its next version."""
    client = get_client(url=server)
    person = f"sdk-person-{time.time_ns()}"
    first_thread, before = await _approved_session(client, person)

    checkin = Session(client, (await client.threads.create())["thread_id"])
    pending = await checkin.run(input={"person": person, "follows": first_thread})
    asked = 0
    while pending is not None and pending["kind"] == "checkin" and asked < 10:
        assert pending["error"] is None, pending["error"]
        assert pending["action_requests"][0]["args"]["question"] == pending["prompt"]
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
    assert kept[checkin.thread_id]["follows"] == first_thread and kept[checkin.thread_id]["version"] == 2


async def test_a_check_in_in_agent_chat_ui_and_agent_inbox(server: str) -> None:
    """A check-in started on its thread (Agent Chat UI's composer cannot name the plan it follows: Studio or the SDK
    starts it), then answered as the clients answer: each question drawn as a HITL widget under its AI message, the
    first answered from Agent Inbox's card, the rest typed in the composer, an unreadable one asked again."""
    client = get_client(url=server)
    person = f"chat-person-{time.time_ns()}"
    first_thread, before = await _approved_session(client, person)
    async with httpx.AsyncClient(base_url=server, timeout=60) as http:
        thread_id = (await http.post("/threads", json={"metadata": {}})).json()["thread_id"]
        ui, inbox = ChatUI(http, thread_id), AgentInbox(http)
        await client.runs.wait(thread_id, ASSISTANT, input={"person": person, "follows": first_thread})
        widget = await ui.widget()
        assert widget is not None and widget["kind"] == "checkin" and widget["step"] == "action"
        card = await inbox.card(thread_id)
        assert card["allow_respond"] and not card["allow_accept"], "a check-in question is a card with a reply box"
        assert card["args"]["action"] == widget["action"]["title"] and widget["action"]["title"] in card["description"]
        await inbox.send(thread_id, {"type": "response", "args": "done, 2 hours a week"})

        widget = await ui.widget()
        assert widget is not None and widget["kind"] == "checkin" and widget["asked"] == 2
        refused = await ui.type_message("hmm")
        assert refused is not None and refused["error"] and refused["id"] != widget["id"]
        assert refused["action"] == widget["action"]
        widget = refused
        while widget is not None and widget["kind"] == "checkin":
            assert widget["asked"] < 10
            widget = await ui.type_message("done, 2 hours a week" if widget["step"] == "action"
                                           else "Nothing has changed, about what I hoped")
        assert widget is not None and widget["kind"] == "plan_review"
        assert "survive" not in [s["stage"] for s in widget["draft"]["stages"]]  # every survive action done
        assert await ui.type_message("approve") is None
        values = (await ui.latest())["values"]
        record = values["checkin"]["record"]
        assert len(record["actions"]) == len(before["stages"][0]["actions"])
        assert record["changes"]["rating"] == 0 and values["phase"] == "completed"
