"""An action a coach asks to add carries the whole of the request: a title that is a short, whole phrase, and the
rest in its steps; the note says "Done" only when the action as written does what was asked - never of one cut off
midway."""

from __future__ import annotations

import re

import pytest

from agents.asked import covers, edited_in
from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.guards import Guards
from agents.planner.changes import revision_notes
from agents.planner.feedback import FeedbackReader
from agents.planner.knowledge_engine import KnowledgePlanner
from domain.plan import Plan, PlanAction, PlanStage
from domain.profile import Profile
from knowledge.base import KnowledgeBase

CLERK = Profile(current_role="payroll administrator", situation="employed", years_experience=8, hours_per_week=4,
                skills=["payroll", "Sage"], goals=["keep working in payroll"],
                concerns=["payroll software replacing me"])
HANGING = re.compile(r"(?i)\b(?:a|an|the|to|of|for|or|and|with|what|that|on|in|at|whether|about)\W*$")


@pytest.mark.parametrize("feedback", [
    "add an action: ring three local agencies about part-time payroll work and ask what software they use",
    "Please add a step where she asks her manager whether the team will move to cloud payroll next year and what "
    "training comes with it",
    "add: sit in on the month-end close with a colleague from finance, then write down the three steps that take "
    "longest",
    "add a step - email two former colleagues who went freelance and ask how they found their first clients",
])
def test_an_added_action_carries_the_whole_request(kb: KnowledgeBase, feedback: str) -> None:
    assessment = KnowledgeAssessor(kb).assess(CLERK).value
    planner = KnowledgePlanner(kb)
    shown = planner.draft(CLERK, assessment).value
    asked = FeedbackReader(kb.catalog.vocabulary).read(feedback, shown)
    assert asked.adds and not any(a.endswith(("...", "\u2026")) for a in asked.adds)
    revised = planner.draft(CLERK, assessment, feedback=feedback, previous=shown, adjustments=asked).value
    notes = revision_notes(shown, revised, asked, Guards(kb).topics)
    written = [a for s in revised.stages for a in s.actions if a.catalog_id is None]
    assert written, revised.revision_notes
    action = written[0]
    assert len(action.title.split()) <= 10 and not HANGING.search(action.title), action.title
    assert covers(asked.adds[0], " ".join([action.title, *action.steps])), action.steps
    assert not re.search(r"(?i)\b(?:she|he|her|his|him)\b", " ".join([action.title, *action.steps]))
    assert any(n.startswith("Done: ") for n in notes), notes


def test_they_of_other_people_stays_theirs(kb: KnowledgeBase) -> None:
    feedback = "add: phone two recruiters and ask which payroll systems they see most"
    assessment = KnowledgeAssessor(kb).assess(CLERK).value
    planner = KnowledgePlanner(kb)
    shown = planner.draft(CLERK, assessment).value
    asked = FeedbackReader(kb.catalog.vocabulary).read(feedback, shown)
    revised = planner.draft(CLERK, assessment, feedback=feedback, previous=shown, adjustments=asked).value
    steps = [s for st in revised.stages for a in st.actions if a.catalog_id is None for s in a.steps]
    assert any("they see most" in s for s in steps), steps


def _written(title: str, steps: list[str]) -> PlanAction:
    return PlanAction(title=title, why="Asked for.", steps=steps, hours_per_week=1, duration_weeks=4,
                      success_metric="Done in 4 weeks.", citations=["stage.adapt"], catalog_id=None)


KEPT = PlanAction(title="Mentor someone newer than you", why="It fits.", steps=["Pick someone."], hours_per_week=1,
                  duration_weeks=4, success_metric="Done in 4 weeks.", citations=["a1"], catalog_id="a1")
SHOWN = Plan(summary="A plan.", stages=[PlanStage(stage="adapt", goal="Move.", horizon_weeks=4, actions=[KEPT])])
ASKED = "phone three local agencies about part-time payroll work and ask what software they use"


@pytest.mark.parametrize(("action", "done"), [
    (_written("Phone three local agencies about part-time", ["Phone three local agencies about part-time"]), False),
    (_written("Phone three local agencies", ["Phone three local agencies about part-time payroll work",
                                             "Ask what software they use"]), True),
])
def test_done_only_when_the_action_does_all_that_was_asked(action: PlanAction, done: bool) -> None:
    revised = SHOWN.model_copy(update={"stages": [SHOWN.stages[0].model_copy(update={"actions": [KEPT, action]})]})
    assert bool(edited_in(f"add an action: {ASKED}", SHOWN, revised, [ASKED])) is done


@pytest.mark.parametrize(("said", "text", "expected"), [
    (ASKED, "Phone three local agencies about part-time payroll work. Ask what software they use.", True),
    (ASKED, "Phone three local agencies about part-time payroll work.", False),
    ("a free Excel course", "Take a free Excel course at the library", True),
])
def test_covers_needs_every_word_of_the_request(said: str, text: str, expected: bool) -> None:
    assert covers(said, text) is expected
