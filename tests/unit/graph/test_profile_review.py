"""The person checks what the interview understood before anything is assessed (`profile_review`), and questions
say what answer they expect (a JSON Schema, options) and take it structured or in words."""

from __future__ import annotations

from typing import Any

import pytest
from langgraph.types import Command

from agents.engines import build_deps
from evals.personas import PERSONAS
from knowledge.base import KnowledgeBase
from settings import Settings
from tests.support.threads import GraphThread

SCRIPT = PERSONAS["manual_qa"][2]


class Thread(GraphThread):
    def to_profile_review(self, answers: dict[str, Any] | None = None) -> dict[str, Any]:
        return self.answer_until("profile_review", answers)


@pytest.fixture
def thread(kb: KnowledgeBase) -> Thread:
    return Thread(build_deps(Settings(), kb), SCRIPT, thread_id="p")


def test_the_profile_review_shows_everything_the_plan_will_use(thread: Thread) -> None:
    payload = thread.to_profile_review()
    draft = payload["draft"]
    assert draft["current_role"] and draft["hours_per_week"] and draft["concerns"] and not draft["confirmed"]
    assert payload["allowed"] == ["approve", "edit", "reject"] and payload["action_requests"][0]["name"] == "profile"
    assert "times_not" in payload["review_configs"][0]["args_schema"]["properties"]
    assert thread.values["phase"] == "confirming"


def test_confirming_leads_to_the_assessment_of_the_confirmed_profile(thread: Thread) -> None:
    thread.to_profile_review()
    nxt = thread.run(Command(resume={"action": "approve"}))
    assert nxt is not None and nxt["kind"] == "assessment_review"
    assert thread.values["profile"].confirmed


def test_a_field_corrected_replaces_what_was_read_and_what_follows_is_read_again(thread: Thread) -> None:
    thread.to_profile_review()
    nxt = thread.run(Command(resume={"action": "edit", "edits": {
        "current_role": "Secondary school teacher", "hours_per_week": 2, "times_not": ["evenings"],
        "constraints": ["no money for courses"]}}))
    assert nxt is not None and nxt["kind"] == "assessment_review"
    profile = thread.values["profile"]
    assert profile.domain == "teaching" and profile.matched_role is None and profile.hours_per_week == 2
    assert profile.constraint_kinds == ["money"] and profile.confirmed and profile.uncertain == []


def test_a_correction_in_words_is_read_and_shown_again(thread: Thread) -> None:
    first = thread.to_profile_review()
    again = thread.run(Command(resume={"action": "reject",
                                       "feedback": "im not working at the moment and NOT evenings i said"}))
    assert again is not None and again["kind"] == "profile_review" and again["id"] != first["id"]
    assert again["draft"]["situation"] == "career_break" and again["draft"]["times_not"] == ["evenings"]
    assert "your situation" in again["prompt"] and "the times ruled out" in again["prompt"]  # what changed, named
    assert thread.run(Command(resume={"action": "approve"}))["kind"] == "assessment_review"  # type: ignore[index]


def test_words_with_nothing_to_correct_are_asked_again(thread: Thread) -> None:
    thread.to_profile_review()
    again = thread.run(Command(resume={"action": "reject", "feedback": "hmm ok"}))
    assert again is not None and again["kind"] == "profile_review" and again["error"]


def test_an_edit_that_breaks_the_profile_is_refused_and_nothing_changes(thread: Thread) -> None:
    before = thread.to_profile_review()["draft"]
    again = thread.run(Command(resume={"action": "edit", "edits": {"hours_per_week": -3}}))
    assert again is not None and again["kind"] == "profile_review" and "hours_per_week" in again["error"]
    assert again["draft"] == before


def test_questions_carry_their_answer_schema_and_options(thread: Thread) -> None:
    seen: dict[str, dict[str, Any]] = {}
    payload = thread.run({})
    while payload is not None and payload["kind"] == "question":
        seen[payload["field"]] = payload
        payload = thread.run(Command(resume=SCRIPT.answer_for(payload["field"], payload["attempt"])))
    hours = seen["hours_per_week"]
    assert hours["answer_kind"] == "hours" and {"evenings", "weekends"} <= {o["value"] for o in hours["options"]}
    assert hours["answer_schema"]["anyOf"][0]["type"] == "string"
    assert seen["constraints"]["answer_kind"] == "choices" and any(
        o["value"] == "money" for o in seen["constraints"]["options"])
    assert seen["current_role"]["answer_schema"]["type"] == "string"


def test_a_structured_answer_is_taken_and_a_wrong_one_asked_again(thread: Thread) -> None:
    payload = thread.run({})
    while payload is not None and payload["kind"] == "question" and payload["field"] != "hours_per_week":
        payload = thread.run(Command(resume=SCRIPT.answer_for(payload["field"], payload["attempt"])))
    assert payload is not None
    again = thread.run(Command(resume={"answer": {"hours_per_week": 3, "when": ["at dawn"]}}))
    assert again is not None and again["field"] == "hours_per_week" and "options" in (again["error"] or "")
    thread.run(Command(resume={"answer": {"hours_per_week": 3, "when": ["mornings"], "not_when": ["evenings"]}}))
    profile = thread.values["profile"]
    assert profile.hours_per_week == 3 and profile.hours_pattern == "mornings" and profile.times_not == ["evenings"]
    assert thread.values["transcript"][-1].answer == "3 hours a week; mornings; not evenings"


def test_a_deadline_said_at_the_review_is_shown_and_an_edit_replaces_it(thread: Thread) -> None:
    thread.to_profile_review()
    again = thread.run(Command(resume={"action": "reject", "feedback": "also my savings only last about 3 months"}))
    assert again is not None and again["kind"] == "profile_review"
    line = next(x for x in again["understood"] if x["field"] == "deadline_weeks")
    assert line["label"] == "Your deadline" and "13 weeks from now" in line["value"] and "3 months" in line["value"]
    nxt = thread.run(Command(resume={"action": "edit", "edits": {"deadline_weeks": 20}}))
    assert nxt is not None and nxt["kind"] == "assessment_review"
    profile = thread.values["profile"]
    assert profile.deadline_weeks == 20 and profile.deadline is None


@pytest.mark.parametrize("feedback", ["she has 10 weeks of money, compress it", "make the whole plan 8 weeks"])
def test_a_coachs_length_for_the_plan_holds_through_the_revision(thread: Thread, feedback: str) -> None:
    thread.to_profile_review()
    assessed = thread.run(Command(resume={"action": "approve"}))
    assert assessed is not None and assessed["kind"] == "assessment_review"
    shown = thread.run(Command(resume={"action": "approve"}))
    assert shown is not None and shown["kind"] == "plan_review"
    revised = thread.run(Command(resume={"action": "reject", "feedback": feedback}))
    assert revised is not None and revised["kind"] == "plan_review"
    weeks = thread.values["adjustments"].deadline_weeks
    plan = thread.values["plan"]
    total = sum(s.horizon_weeks for s in plan.stages)
    assert weeks in (8, 10) and total <= weeks
    assert any(n.startswith("Deadline:") and f"{total} weeks in all" in n for n in plan.revision_notes)
    assert f"inside the {weeks} weeks you have" in plan.summary
