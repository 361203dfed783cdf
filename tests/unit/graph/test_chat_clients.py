"""The graph as LangChain's own clients drive it: Agent Chat UI sends what a person types in its composer as a new
run's input (a human message, its text in content blocks), decides reviews in LangChain's human-in-the-loop shape
(edits with the fields typed as text), and draws an interrupt's widget under the last AI message; Agent Inbox reads
`arguments` and a Markdown `description`, and replies with `[{"type": "accept" | "edit" | "response", "args"}]`."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.types import Command

from agents.engines import build_deps
from domain.replies import (
    ANYWAY_EXAMPLES,
    FEEDBACK_EXAMPLES,
    NOT_RESTART_EXAMPLES,
    PLAIN_APPROVAL_EXAMPLES,
    RESTART_EXAMPLES,
    is_restart,
    reading,
)
from domain.resumes import parse_answer, parse_review
from evals.personas import PERSONAS
from graphs.conversation import COMPLETED
from knowledge.base import KnowledgeBase
from settings import Settings
from tests.support.threads import GraphThread, typed

SCRIPT = PERSONAS["manual_qa"][2]


@pytest.fixture
def thread(kb: KnowledgeBase) -> GraphThread:
    return GraphThread(build_deps(Settings(), kb), SCRIPT)


def _answer_questions_in_the_composer(thread: GraphThread) -> dict[str, Any]:
    payload = thread.run({})
    n = 0
    while payload is not None and payload["kind"] == "question":
        n += 1
        payload = thread.run(typed(SCRIPT.answer_for(payload["field"], payload["attempt"]), f"m{n}"))
    assert payload is not None and payload["kind"] == "profile_review", payload
    return payload


# --- replies in words ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", PLAIN_APPROVAL_EXAMPLES)
def test_a_plain_approval_is_one(text: str) -> None:
    assert reading(text) == "approve"


@pytest.mark.parametrize("text", ANYWAY_EXAMPLES)
def test_approve_anyway_approves_over_open_errors(text: str) -> None:
    assert reading(text) == "approve_anyway"


@pytest.mark.parametrize("text", FEEDBACK_EXAMPLES)
def test_anything_more_than_an_approval_is_feedback(text: str) -> None:
    assert reading(text) == "feedback"


@pytest.mark.parametrize(("text", "restarts"), [(t, True) for t in RESTART_EXAMPLES]
                         + [(t, False) for t in NOT_RESTART_EXAMPLES])
def test_only_a_plain_start_over_restarts(text: str, restarts: bool) -> None:
    assert is_restart(text) is restarts


@pytest.mark.parametrize("value", [
    {"decisions": [{"type": "respond", "message": "QA lead"}]},
    {"decisions": [{"type": "reject", "message": "QA lead"}]},
    {"type": "respond", "message": "QA lead"}, [{"type": "response", "args": "QA lead"}], {"chat": "QA lead"},
])
def test_a_question_takes_a_reply_in_any_clients_shape(value: Any) -> None:
    assert parse_answer(value) == "QA lead"


@pytest.mark.parametrize(("value", "action", "acknowledge"), [
    ({"decisions": [{"type": "respond", "message": "looks good"}]}, "approve", False),
    ([{"type": "response", "args": "approve anyway"}], "approve", True),
    ({"decisions": [{"type": "reject", "message": "Approve it anyway."}]}, "approve", True),
    ({"chat": "yes please"}, "approve", False),
    ({"chat": "yes, but less time"}, "reject", False),
])
def test_a_reply_in_words_at_a_review(value: Any, action: str, acknowledge: bool) -> None:
    decision, _ = parse_review(value, action_name="plan")
    assert (decision.action, decision.acknowledge) == (action, acknowledge)


# --- readable requests ----------------------------------------------------------------------------------------------

def test_every_interrupt_is_a_readable_hitl_request_with_its_response_schema(thread: GraphThread) -> None:
    question = thread.run({})
    assert question is not None and question["kind"] == "question"
    request, config = question["action_requests"][0], question["review_configs"][0]
    assert request["args"] == request["arguments"] == {"question": question["question"]}
    assert question["question"] in request["description"]
    assert config["action_name"] == request["name"] and "reject" in config["allowed_decisions"]
    jsonschema.validate("QA lead", question["response_schema"])
    jsonschema.validate([{"type": "response", "args": "QA lead"}], question["response_schema"])

    review = thread.answer_until("assessment_review")
    request = review["action_requests"][0]
    assert request["args"] == review["draft"]
    assert request["arguments"] == {key: value for key, value in review["draft"].items() if value is not None}
    assert review["draft"]["risk_summary"] in request["description"], "the draft in words, not only its JSON"
    assert request["description"].startswith(review["prompt"])
    for value in ({"action": "approve"}, {"decisions": [{"type": "approve"}]}, [{"type": "accept", "args": None}]):
        jsonschema.validate(value, review["response_schema"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"action": "maybe"}, review["response_schema"])


def test_an_ai_message_under_the_interrupts_id_comes_before_every_pause(thread: GraphThread) -> None:
    payload = thread.run({})
    seen = []
    while payload is not None:
        last = thread.values["messages"][-1]
        assert isinstance(last, AIMessage) and last.id == payload["id"], (payload["kind"], last)
        assert last.content == payload["action_requests"][0]["description"]
        seen.append(payload["kind"])
        if payload["kind"] == "question":
            resume: Any = SCRIPT.answer_for(payload["field"], payload["attempt"])
        elif payload["kind"] == "plan_review" and "plan_review" not in seen[:-1]:
            resume = {"decisions": [{"type": "reject", "message": "Less time, please"}]}
        else:
            resume = {"decisions": [{"type": "approve"}]}
        payload = thread.run(Command(resume=resume))
    assert {"question", "profile_review", "assessment_review", "plan_review"} <= set(seen)
    assert seen.count("plan_review") == 2


# --- chat input goes to the pending interrupt -----------------------------------------------------------------------

def test_a_message_typed_at_a_question_answers_it(thread: GraphThread) -> None:
    first = thread.run({})
    assert first is not None
    second = thread.run(typed("Manual QA tester at a fintech, 6 years", "m1"))
    assert second is not None and second["kind"] == "question" and second["field"] != first["field"]
    values = thread.values
    assert values["questions_asked"] == 2 and values["transcript"][0].answer == "Manual QA tester at a fintech, 6 years"
    mine = [m for m in values["messages"] if isinstance(m, HumanMessage)]
    assert [m.id for m in mine] == ["m1"], "the person's message stands as the answer, not twice"


def test_a_whole_session_typed_in_the_composer(thread: GraphThread) -> None:
    profile = _answer_questions_in_the_composer(thread)
    corrected = thread.run(typed("not evenings, mornings only", "c1"))
    assert corrected is not None and corrected["kind"] == "profile_review" and corrected["id"] != profile["id"]
    assert "evenings" in corrected["draft"]["times_not"]
    assessment = thread.run(typed("Looks good!", "c2"))
    assert assessment is not None and assessment["kind"] == "assessment_review"
    plan = thread.run(typed("yes", "c3"))
    assert plan is not None and plan["kind"] == "plan_review"
    revised = thread.run(typed("Less time, please", "c4"))
    assert revised is not None and revised["kind"] == "plan_review" and revised["draft"]["revision_notes"]
    assert thread.run(typed("approve", "c5")) is None
    values = thread.values
    assert values["phase"] == "completed"
    assert [d.action for d in values["decisions"]] == ["reject", "approve", "approve", "reject", "approve"]
    assert values["decisions"][3].feedback == "Less time, please"
    assert not [m for m in values["messages"] if str(m.id).endswith("-decision")], "the person's words are the note"


def test_no_input_on_a_waiting_thread_ever_restarts_the_session(thread: GraphThread) -> None:
    review = thread.answer_until("assessment_review")
    before = thread.values
    again = thread.run({})
    assert again is not None and again["id"] == review["id"], "asked again, under the same id"
    again = thread.run(None)
    assert again is not None and again["id"] == review["id"]
    after = thread.values
    assert after["profile"] == before["profile"] and after["assessment"] == before["assessment"]
    assert after["transcript"] == before["transcript"] and after["phase"] == "awaiting_review"


def test_start_over_restarts_and_a_finished_session_says_it_is_finished(thread: GraphThread) -> None:
    thread.answer_until("assessment_review")
    assert thread.run(Command(resume={"action": "approve"})) is not None
    assert thread.run(Command(resume={"action": "approve"})) is None
    assert thread.run(typed("what now?", "x1")) is None
    values = thread.values
    assert values["phase"] == "completed" and values["messages"][-1].content == COMPLETED
    restarted = thread.run(typed("start over", "x2"))
    assert restarted is not None and restarted["kind"] == "question"
    assert thread.values["phase"] == "interviewing" and thread.values["plan"] is None


# --- edits as form-based clients send them ----------------------------------------------------------------------------

def test_an_edit_with_fields_as_json_text_keeps_only_what_changed(thread: GraphThread) -> None:
    thread.answer_until("assessment_review")
    plan = thread.run(Command(resume={"decisions": [{"type": "approve"}]}))
    assert plan is not None and plan["kind"] == "plan_review"
    args = plan["action_requests"][0]["args"]
    stages = args["stages"]
    stages[0]["goal"] = "Automate the dull half of my regression runs."
    sent = {**args, "stages": json.dumps(stages), "summary": args["summary"], "tentative": "false"}
    done = thread.run(Command(resume={"decisions": [{"type": "edit", "edited_action": {"name": "plan",
                                                                                       "args": sent}}]}))
    assert done is None
    values = thread.values
    assert values["plan"].stages[0].goal == "Automate the dull half of my regression runs."
    decision = values["decisions"][-1]
    assert decision.action == "edit" and set(decision.edits or {}) == {"stages"}
    assert any(m.content == "Edited the plan: stages." for m in values["messages"])


def test_an_edit_that_changes_nothing_approves_the_draft(thread: GraphThread) -> None:
    review = thread.answer_until("assessment_review")
    args = {key: value if isinstance(value, str) else json.dumps(value)
            for key, value in review["action_requests"][0]["args"].items()}
    plan = thread.run(Command(resume=[{"type": "edit", "args": {"action": "assessment", "args": args}}]))
    assert plan is not None and plan["kind"] == "plan_review"
    assert thread.values["decisions"][-1].action == "approve"


def test_after_a_refused_edit_the_unchanged_draft_can_be_approved(thread: GraphThread) -> None:
    thread.answer_until("assessment_review")
    plan = thread.run(Command(resume={"decisions": [{"type": "approve"}]}))
    assert plan is not None
    args = {**plan["action_requests"][0]["args"], "stages": "[not json"}
    refused = thread.run(Command(resume={"decisions": [{"type": "edit", "edited_action": {"name": "plan",
                                                                                          "args": args}}]}))
    assert refused is not None and refused["kind"] == "plan_review" and "stages" in refused["error"]
    assert refused["review"] == plan["review"] and refused["draft"] == plan["draft"]
    assert refused["action_requests"][0]["description"].startswith("**Not applied:**")
    assert thread.run(Command(resume={"decisions": [{"type": "approve"}]})) is None


def test_approve_anyway_in_words_is_recorded_as_acknowledged(thread: GraphThread) -> None:
    thread.answer_until("assessment_review")
    plan = thread.run(Command(resume={"decisions": [{"type": "approve"}]}))
    assert plan is not None
    stages = plan["draft"]["stages"]
    stages[0]["actions"][0]["why"] = "You are guaranteed a promotion within 90 days."
    flagged = thread.run(Command(resume=[{"type": "edit", "args": {"action": "plan", "args": {"stages": stages}}}]))
    assert flagged is not None and flagged["review"]["verdict"] == "revise"
    assert "approve anyway" in flagged["action_requests"][0]["description"]
    refused = thread.run(typed("looks good", "a1"))
    assert refused is not None and "approve anyway" in refused["error"]
    assert thread.run(Command(resume=[{"type": "response", "args": "approve anyway"}])) is None
    values = thread.values
    assert values["decisions"][-1].acknowledged and values["plan"].open_issues


def test_mark_as_resolved_leaves_the_review_pending(thread: GraphThread) -> None:
    """Agent Chat UI's "Mark as Resolved" sends `goto: END`: no decision, so the session stays where it was."""
    review = thread.answer_until("assessment_review")
    assert thread.run(Command(goto="__end__")) is not None
    assert thread.values["phase"] == "awaiting_review" and thread.values["decisions"][-1].kind == "profile_review"
    plan = thread.run(typed("looks good", "r1"))
    assert plan is not None and plan["kind"] == "plan_review" and review["id"] != plan["id"]


def test_a_typed_answer_keeps_no_personal_data_in_the_conversation(thread: GraphThread) -> None:
    assert thread.run({}) is not None
    assert thread.run(typed("Manual QA tester, 6 years. Mail me at jo.tester@example.com", "p1")) is not None
    mine = next(m for m in thread.values["messages"] if m.id == "p1")
    assert "jo.tester@example.com" not in str(mine.content) and "QA tester" in str(mine.content)
