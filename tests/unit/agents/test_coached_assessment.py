"""A coach's feedback on an assessment that names gaps, or a tool already doing part of the person's work, changes
the redone assessment, and its notes say so from the two versions: never "it changes nothing" when it did."""

from __future__ import annotations

from typing import Any

import pytest

from agents.assessor.coached import gaps_named, threat_named
from agents.assessor.node import assess
from agents.assessor.revision import NOTHING_CHANGED
from agents.deps import AgentDeps
from agents.engines import build_deps
from domain.profile import Profile
from domain.state import initial_state
from knowledge.base import KnowledgeBase
from settings import Settings


@pytest.fixture(scope="module")
def deps(kb: KnowledgeBase) -> AgentDeps:
    return build_deps(Settings(), kb)


@pytest.mark.parametrize(("feedback", "gaps"), [
    ("The gaps are empty. His spoken English on the phone is a real gap.", ["spoken English on the phone"]),
    ("gaps should include: a forklift licence and basic spreadsheet skills", ["a forklift licence",
                                                                              "basic spreadsheet skills"]),
    ("Role is fine. Gaps - no driving licence", ["no driving licence"]),
])
def test_gaps_a_coach_names_are_read(feedback: str, gaps: list[str]) -> None:
    assert gaps_named(feedback) == gaps


@pytest.mark.parametrize(("feedback", "tool"), [
    ("the exposure is wrong: Kronos already does her rota and the kiosk does check-in", "Kronos"),
    ("the trust is automating his job next spring", "automation of the job itself"),
    ("they are bringing in automated cranes at the terminal", "automated cranes"),
])
def test_a_tool_already_doing_the_work_is_read(feedback: str, tool: str) -> None:
    assert threat_named(feedback) == tool


@pytest.mark.parametrize("feedback", ["Wrong role, she is a school cook.", "looks fine to me, it is empty though"])
def test_feedback_naming_neither_names_none(feedback: str) -> None:
    assert gaps_named(feedback) == [] and threat_named(feedback) is None


def test_a_redo_on_such_feedback_changes_the_assessment_and_says_what(deps: AgentDeps) -> None:
    profile = Profile(current_role="rota coordinator at a care agency", situation="employed", hours_per_week=3,
                      main_tasks=["building the weekly rota", "covering sickness calls", "payroll queries"],
                      goals=["become a registered manager"], confirmed=True)
    state: Any = dict(initial_state()) | {"profile": profile}
    state |= assess(state, deps)
    first = state["assessment"]
    state |= assess({**state, "feedback": "The agency's new scheduling app already builds her rota. Her "
                                          "confidence with formal report writing is a gap."}, deps)
    redone = state["assessment"]
    assert "confidence with formal report writing" in redone.gaps
    assert next(e.level for e in redone.exposure if e.dynamic == "cheaper-execution") == "high"
    notes = " ".join(redone.revision_notes)
    assert NOTHING_CHANGED not in notes and "Gaps added" in notes, notes
    if next(e.level for e in first.exposure if e.dynamic == "cheaper-execution") != "high":
        assert "(was " in notes


@pytest.mark.parametrize("feedback", [
    "That gap is cut off mid-word ('certif'). Fix it.",
    "The gaps are still wrong and the summary is generic.",
    "gap 2 is truncated, and the gaps list is garbled",
])
def test_a_complaint_about_the_gaps_wording_adds_no_gap(feedback: str) -> None:
    assert gaps_named(feedback) == []


def test_a_gap_keeps_whole_words_and_leaves_its_reason_out() -> None:
    said = "gaps: weak written French (the regional office asks for a language certificate for every post), no degree"
    assert gaps_named(said) == ["weak written French", "no degree"]
    long = "gaps: " + "no formal qualification in freight customs procedures for the national administration exams"
    assert all(long.find(g) >= 0 and (long[long.find(g) + len(g):][:1] in ("", " ")) for g in gaps_named(long))


def test_a_worry_the_coach_says_was_never_theirs_is_read_out_and_said_so(deps: AgentDeps) -> None:
    profile = Profile(current_role="highways inspector", situation="employed", hours_per_week=3,
                      concerns=["cameras on the bin lorries spot potholes now", "losing my pension"],
                      concern_kinds=["replacement", "age", "income"], confirmed=True)
    state: Any = dict(initial_state()) | {"profile": profile}
    state |= assess(state, deps)
    state |= assess({**state, "feedback": "Take out the worry about age, he never raised it. Answer the pension "
                                          "worry instead: moves inside the council keep it."}, deps)
    assert state["profile"].concern_kinds == ["replacement", "income"]
    notes = " ".join(state["assessment"].revision_notes)
    assert "Worries left out, as not yours: age and starting over." in notes and NOTHING_CHANGED not in notes


def test_a_gap_said_whole_is_kept_whole_and_a_remark_on_gaps_is_no_gap() -> None:
    assert gaps_named("Add gap: has never used the e-rostering app, the new tills or online ordering.") == [
        "has never used the e-rostering app, the new tills or online ordering"]
    assert gaps_named("Gaps are chopped into fragments. Merge them into two whole gaps: "
                      "\"forklift licence lapsed in 2019\"; \"no experience of the warehouse scanners\".") == [
        "forklift licence lapsed in 2019", "no experience of the warehouse scanners"]
    assert gaps_named("Gaps is empty, which is wrong: add (1) licence lapsed and must be renewed (medical, "
                      "fee), (2) no experience of the handheld scanners, (3) two years out. Remove X.") == [
        "licence lapsed and must be renewed", "no experience of the handheld scanners", "two years out"]
    assert gaps_named("Gaps should include: Excel, public speaking and driving") == [
        "Excel", "public speaking", "driving"]
