"""A check-in as LangChain's own clients drive it: each check-in question announced as an AI message under its id
and carrying the human-in-the-loop request (one `question` action to respond to, described in Markdown), answered
by what a person types in Agent Chat UI's composer (a new run's input on the thread), or by Agent Inbox's response."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.store.memory import InMemoryStore
from langgraph.types import Command

from agents.engines import build_deps
from evals.personas import PERSONAS
from graphs.checkin import NO_STATUS
from graphs.memory import checkins
from knowledge.base import KnowledgeBase
from settings import Settings
from tests.support.threads import GraphThread, typed

SCRIPT = PERSONAS["manual_qa"][2]
PERSON = "ada"
CHECKIN = {"person": PERSON, "follows": "s1"}


class Followed:
    """A person's approved session on thread `s1`, remembered; a check-in on it runs on a thread of its own."""

    def __init__(self, settings: Settings, kb: KnowledgeBase) -> None:
        self.store = InMemoryStore()
        self.deps = build_deps(settings, kb)
        first = GraphThread(self.deps, SCRIPT, "s1", store=self.store)
        payload = first.run({"person": PERSON})
        while payload is not None:
            resume: Any = {"answer": SCRIPT.answer_for(payload["field"], payload["attempt"])} \
                if payload["kind"] == "question" else {"action": "approve", "acknowledge": True}
            payload = first.run(Command(resume=resume))
        self.plan = first.values["plan"]
        self.checkin = GraphThread(self.deps, SCRIPT, "c1", store=self.store)


@pytest.fixture
def followed(settings: Settings, kb: KnowledgeBase) -> Followed:
    return Followed(settings, kb)


def _readable(thread: GraphThread, payload: dict[str, Any]) -> None:
    """A check-in question as a chat client draws it: HITL-shaped, under an AI message saying the same."""
    request, config = payload["action_requests"][0], payload["review_configs"][0]
    assert request["name"] == config["action_name"] == "question"
    assert request["args"] == request["arguments"] and request["args"]["question"] == payload["prompt"]
    assert {"respond", "reject"} <= set(config["allowed_decisions"]) and "approve" not in config["allowed_decisions"]
    description = request["description"]
    assert payload["prompt"] in description and f"{payload['asked']} of {payload['of']}" in description
    assert all(option["label"] in description for option in payload["options"]) and payload["options"]
    if payload["step"] == "action":
        action = payload["action"]
        assert action["title"] in description and f"{action['hours_per_week']:g} h a week planned" in description
        assert request["args"]["action"] == action["title"]
        assert request["args"]["planned_hours_per_week"] == action["hours_per_week"]
    for value in ("done", [{"type": "response", "args": "done"}], {"decisions": [{"type": "respond",
                                                                                   "message": "done"}]}):
        jsonschema.validate(value, payload["response_schema"])
    last = thread.values["messages"][-1]
    assert isinstance(last, AIMessage) and last.id == payload["id"] and last.content == description


def test_a_whole_check_in_typed_in_the_composer(followed: Followed) -> None:
    thread = followed.checkin
    payload = thread.run(CHECKIN)
    sent: list[str] = []
    while payload is not None and payload["kind"] == "checkin":
        _readable(thread, payload)
        assert payload["error"] is None, payload["error"]
        sent.append(f"k{len(sent) + 1}")
        words = "done, about 2 hours a week" if payload["step"] == "action" else \
            "Nothing has changed, about what I hoped"
        payload = thread.run(typed(words, sent[-1]))
    first = followed.plan.stages[0]
    assert len(sent) == len(first.actions) + 1, "one question per open action, then one on what changed"
    assert payload is not None and payload["kind"] == "plan_review"
    record = thread.values["checkin"].record
    assert [a.report.status for a in record.actions] == ["done"] * len(first.actions)
    assert [a.report.hours_per_week for a in record.actions] == [2.0] * len(first.actions)
    assert record.changes.rating == 0 and record.changes_said == "Nothing has changed, about what I hoped"
    mine = [m.id for m in thread.values["messages"] if isinstance(m, HumanMessage)]
    assert mine == sent, "each typed message stands as its answer, not twice"

    assert thread.run(typed("approve", "k-end")) is None
    assert thread.values["phase"] == "completed"
    [kept] = checkins(followed.store, PERSON)
    assert kept.follows == "s1" and kept.changes.rating == 0 and len(kept.actions) == len(first.actions)


@pytest.mark.parametrize("resume", [
    [{"type": "response", "args": "partly, 1 h a week"}],  # Agent Inbox's Respond
    {"decisions": [{"type": "respond", "message": "partly, 1 h a week"}]},  # LangChain's HITL reply
])
def test_a_reply_to_the_hitl_request_answers_a_check_in_question(followed: Followed, resume: Any) -> None:
    thread = followed.checkin
    first = thread.run(CHECKIN)
    assert first is not None and first["kind"] == "checkin" and first["step"] == "action"
    second = thread.run(Command(resume=resume))
    assert second is not None and second["kind"] == "checkin" and second["asked"] == 2 and second["error"] is None
    _readable(thread, second)
    [answer] = thread.values["checkin"].record.actions
    assert answer.action.title == first["action"]["title"]
    assert (answer.report.status, answer.report.hours_per_week) == ("partly", 1.0)


def test_an_unreadable_typed_answer_asks_the_check_in_question_again(followed: Followed) -> None:
    thread = followed.checkin
    first = thread.run(CHECKIN)
    assert first is not None
    again = thread.run(typed("hmm", "u1"))
    assert again is not None and again["kind"] == "checkin" and again["id"] != first["id"]
    assert again["action"] == first["action"] and again["error"] == NO_STATUS
    assert again["action_requests"][0]["description"].startswith(f"**Not applied:** {NO_STATUS}")
    _readable(thread, again)
    assert thread.values["checkin"].record.actions == []
    answered = thread.run(typed("not started yet", "u2"))
    assert answered is not None and answered["asked"] == 2 and answered["error"] is None
    [answer] = thread.values["checkin"].record.actions
    assert answer.report.status == "not_started" and answer.said == "not started yet"


def test_no_input_on_a_waiting_check_in_asks_the_same_question_again(followed: Followed) -> None:
    thread = followed.checkin
    first = thread.run(CHECKIN)
    assert first is not None and thread.run(typed("done", "d1")) is not None
    pending = thread.values
    again = thread.run({})
    assert again is not None and again["kind"] == "checkin" and again["asked"] == 2
    assert thread.values["checkin"] == pending["checkin"], "the check-in goes on where it was; nothing restarts"
