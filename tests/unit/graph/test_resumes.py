"""Resume values in every shape LangGraph clients send, and the ones no interrupt can use.

Parsing is checked on its own (domain.interrupts) and against LangChain's own human-in-the-loop types; the graph
is checked end to end on a checkpointer: a malformed resume re-interrupts (same kind, new id, the reason in
`error`) and the thread takes the next, valid, resume as if nothing had happened.
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain.agents.middleware.human_in_the_loop import HITLRequest, HITLResponse
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.types import Command
from pydantic import TypeAdapter

from agents.engines import build_deps
from domain.resumes import ResumeError, parse_answer, parse_review
from evals.personas import PERSONAS
from knowledge.base import KnowledgeBase
from settings import Settings
from tests.support.threads import GraphThread

SCRIPT = PERSONAS["manual_qa"][2]


# --- parsing ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["QA lead, 10 years", {"answer": "QA lead, 10 years"}])
def test_a_question_takes_text_or_an_answer_object(value: Any) -> None:
    assert parse_answer(value) == "QA lead, 10 years"


@pytest.mark.parametrize(("value", "says"), [
    (["QA lead"], "not a list"), (42, "not a number"), (None, "not null"), ({"answer": 3}, "answer"),
    ({"answer": "x", "extra": 1}, "extra"), ({"action": "approve"}, "answer"),
])
def test_a_question_refuses_what_is_not_an_answer(value: Any, says: str) -> None:
    with pytest.raises(ResumeError, match=says):
        parse_answer(value)


def test_an_answer_over_the_limit_is_refused() -> None:
    with pytest.raises(ResumeError, match="limit is 10"):
        parse_answer("x" * 11, max_chars=10)


@pytest.mark.parametrize(("value", "action", "shape"), [
    ({"action": "approve"}, "approve", "coach"),
    ({"decisions": [{"type": "approve"}]}, "approve", "hitl"),
    ({"type": "approve"}, "approve", "hitl"),
    ([{"type": "accept", "args": None}], "approve", "agent_inbox"),
    ({"decisions": [{"type": "reject", "message": "less time"}]}, "reject", "hitl"),
    ([{"type": "response", "args": "less time"}], "reject", "agent_inbox"),
    ({"decisions": [{"type": "edit", "edited_action": {"name": "plan", "args": {"summary": "s"}}}]}, "edit", "hitl"),
    ([{"type": "edit", "args": {"action": "plan", "args": {"summary": "s"}}}], "edit", "agent_inbox"),
])
def test_a_review_takes_the_project_hitl_and_agent_inbox_shapes(value: Any, action: str, shape: str) -> None:
    decision, seen = parse_review(value, action_name="plan")
    assert (decision.action, seen) == (action, shape)
    if action == "reject":
        assert decision.feedback == "less time"
    if action == "edit":
        assert decision.edits == {"summary": "s"}


@pytest.mark.parametrize(("value", "acknowledged"), [
    ({"decisions": [{"type": "approve", "acknowledge": True}]}, True),
    ({"action": "approve", "acknowledge": True}, True),
    ([{"type": "accept", "args": {"acknowledge": True}}], True),
    ([{"type": "accept", "args": None}], False),
    ({"type": "approve"}, False),
])
def test_an_approval_may_carry_acknowledge_in_every_shape(value: Any, acknowledged: bool) -> None:
    decision, _ = parse_review(value, action_name="plan")
    assert decision.action == "approve" and decision.acknowledge is acknowledged


@pytest.mark.parametrize(("value", "says"), [
    ("approve", "not text"),
    ({"decisions": [{"type": "reject"}]}, "message"),
    ({"decisions": [{"type": "respond", "message": " "}]}, "message"),
    ({"decisions": [{"type": "edit", "edited_action": {"name": "assessment", "args": {}}}]}, "'plan'"),
    ({"decisions": [{"type": "approve"}, {"type": "approve"}]}, "decisions"),
    ({"decisions": []}, "decisions"),
    ([{"type": "ignore", "args": None}], "cannot be ignored"),
    ([{"type": "accept"}, {"type": "accept"}], "one response"),
    ({"action": "reject"}, "feedback"),
    ({"action": "edit"}, "edits"),
    ({"action": "maybe"}, "action"),
    ({"answer": "yes"}, "answer"),
])
def test_a_review_refuses_what_is_not_a_decision(value: Any, says: str) -> None:
    with pytest.raises(ResumeError, match=says):
        parse_review(value, action_name="plan")


# --- the graph -------------------------------------------------------------------------------------------------

Thread = GraphThread


@pytest.fixture
def thread(kb: KnowledgeBase) -> Thread:
    return GraphThread(build_deps(Settings(), kb), SCRIPT)


def _plan_review(thread: Thread) -> dict[str, Any]:
    thread.answer_until("assessment_review")
    payload = thread.run(Command(resume={"decisions": [{"type": "approve"}]}))
    assert payload is not None and payload["kind"] == "plan_review"
    return payload


def _refused_then_resumed(thread: Thread, first: dict[str, Any], bad: Any, good: Any) -> dict[str, Any] | None:
    again = thread.run(Command(resume=bad))
    assert again is not None and again["kind"] == first["kind"] and again["id"] != first["id"]
    assert again["error"], "the reason a resume was refused is in the payload"
    assert thread.graph.get_state(thread.config).next == (
        "ask" if first["kind"] == "question" else first["kind"],)
    return thread.run(Command(resume=good))


@pytest.mark.parametrize("bad", [["a list"], 42, {"action": "approve"}])
def test_a_bad_answer_asks_the_question_again(thread: Thread, bad: Any) -> None:
    first = thread.answer_until("question")
    nxt = _refused_then_resumed(thread, first, bad, "Manual QA tester at a fintech, 6 years")
    assert nxt is not None and nxt["field"] != first["field"] and nxt["error"] is None
    assert thread.values["profile"].matched_role == "role.qa-ai-quality", "the list was never taken as the role"


@pytest.mark.parametrize("bad", ["approve", {"decisions": [{"type": "reject"}]}, [{"type": "ignore"}]])
def test_a_bad_assessment_decision_asks_again(thread: Thread, bad: Any) -> None:
    first = thread.answer_until("assessment_review")
    nxt = _refused_then_resumed(thread, first, bad, [{"type": "accept", "args": None}])
    assert nxt is not None and nxt["kind"] == "plan_review"


def test_a_response_in_words_is_feedback() -> None:
    decision, shape = parse_review({"decisions": [{"type": "respond", "message": "Fewer hours"}]}, action_name="plan")
    assert (decision.action, decision.feedback, shape) == ("reject", "Fewer hours", "hitl")


@pytest.mark.parametrize("bad", [{"decisions": [{"type": "reject", "message": ""}]}, {"decisions": "approve"},
                                 {"action": "edit"}])
def test_a_bad_plan_decision_asks_again(thread: Thread, bad: Any) -> None:
    first = _plan_review(thread)
    assert _refused_then_resumed(thread, first, bad, {"decisions": [{"type": "approve"}]}) is None
    assert thread.values["phase"] == "completed"


def test_a_session_decided_in_the_hitl_shape(thread: Thread) -> None:
    payload = _plan_review(thread)
    revised = thread.run(Command(resume={"decisions": [{"type": "reject", "message": "Less time, please"}]}))
    assert revised is not None and revised["kind"] == "plan_review" and revised["id"] != payload["id"]
    edited = {**revised["draft"], "summary": "My own summary of the plan."}
    final = thread.run(Command(resume={"decisions": [{"type": "edit", "edited_action": {"name": "plan",
                                                                                          "args": edited}}]}))
    assert final is None
    values = thread.values
    assert values["plan"].summary == "My own summary of the plan." and values["phase"] == "completed"
    assert [d.action for d in values["decisions"] if d.kind != "profile_review"] == ["approve", "reject", "edit"]


def test_review_payloads_are_langchain_hitl_requests(thread: Thread) -> None:
    for payload in (thread.answer_until("assessment_review"), _plan_review(thread)):
        request = TypeAdapter(HITLRequest).validate_python(
            {k: payload[k] for k in ("action_requests", "review_configs")})
        action, config = request["action_requests"][0], request["review_configs"][0]
        assert action["args"] == payload["draft"] and config["action_name"] == action["name"]
        assert set(config["allowed_decisions"]) == {"approve", "edit", "reject"}
        assert config.get("args_schema", {}).get("type") == "object"
    decisions = [{"type": "approve"}, {"type": "reject", "message": "m"},
                 {"type": "edit", "edited_action": {"name": "plan", "args": {}}}]
    for decision in decisions:
        TypeAdapter(HITLResponse).validate_python({"decisions": [decision]})


def test_guard_findings_are_in_the_hitl_description(thread: Thread) -> None:
    payload = _plan_review(thread)
    stages = payload["draft"]["stages"]
    stages[0]["actions"][0]["why"] = "You are guaranteed a promotion within 90 days."
    shown = thread.run(Command(resume={"action": "edit", "edits": {"stages": stages}}))
    assert shown is not None and shown["review"]["verdict"] == "revise"
    assert "stages[0].actions[0].why" in shown["action_requests"][0]["description"]


def test_the_messages_channel_mirrors_the_interview(thread: Thread) -> None:
    first = thread.answer_until("question")
    description = first["action_requests"][0]["description"]
    assert thread.values["messages"] == [AIMessage(description, id=first["id"])] and first["question"] in description
    thread.run(Command(resume={"answer": "Manual QA tester at a fintech, 6 years"}))
    messages = thread.values["messages"]
    assert isinstance(messages[1], HumanMessage) and messages[1].content == "Manual QA tester at a fintech, 6 years"
    assert isinstance(messages[2], AIMessage) and messages[2].id != messages[0].id and len(messages) == 3


def test_the_messages_of_a_whole_session(thread: Thread) -> None:
    payload = _plan_review(thread)
    thread.run(Command(resume={"action": "reject", "feedback": "Less time, please"}))
    thread.run(Command(resume={"action": "approve"}))
    messages = thread.values["messages"]
    questions = [m for m in messages if isinstance(m, AIMessage) and m.id and m.id.endswith("-question")]
    answers = [m for m in messages if isinstance(m, HumanMessage) and m.id and m.id.endswith("-answer")]
    assert questions and len(answers) == len(questions) == len(thread.values["transcript"])
    notes = [m.content for m in messages if isinstance(m, HumanMessage) and m.id and m.id.endswith("-decision")]
    assert notes == ["Approved the profile.", "Approved the assessment.",
                     "Asked for changes to the plan: Less time, please", "Approved the plan."]
    assert isinstance(messages[-1], AIMessage) and "approved" in str(messages[-1].content)
    assert payload["id"] in {m.id.removesuffix("-decision") for m in messages if m.id}
