"""A coach's rejection that says what is happening to the person's work changes the redone assessment: a task going to
a tool, or a shrinking team, raises exposure to cheaper execution and names the task; hands-on, face-to-face or
not-automated work lowers it; checking a tool's output is the quality dynamic; strengths and gaps named are added or
taken out; the notes say what changed, and what could not be acted on."""

from __future__ import annotations

from typing import Any

import pytest

from agents.assessor.node import assess
from agents.assessor.revision import NOTHING_CHANGED
from agents.deps import AgentDeps
from agents.engines import build_deps
from domain.assessment import Assessment
from domain.profile import Profile
from domain.state import initial_state
from knowledge.base import KnowledgeBase
from reading.assessment_feedback import read
from settings import Settings

ORDER = ("low", "medium", "high")


@pytest.fixture(scope="module")
def deps(kb: KnowledgeBase) -> AgentDeps:
    return build_deps(Settings(), kb)


OPTICIAN = Profile(current_role="optical assistant in a high street opticians", situation="employed", hours_per_week=3,
                   main_tasks=["booking eye tests", "frame fittings", "sending recall letters", "taking payments"],
                   skills=["frame adjustments"], goals=["become a dispensing optician"], confirmed=True)
PARCEL_SORTER = Profile(current_role="parcel sorter at a courier depot", situation="employed", hours_per_week=2,
                        main_tasks=["sorting parcels by postcode", "loading cages", "scanning labels"],
                        skills=["pallet truck"], goals=["depot supervisor"], confirmed=True)
HELPDESK = Profile(current_role="customer service advisor for a water company", situation="employed",
                   hours_per_week=4, main_tasks=["taking billing calls", "logging leaks", "setting up direct debits"],
                   skills=["calm on the phone"], goals=["quality coach"], confirmed=True)
FITTER = Profile(current_role="appliance repair engineer", situation="employed", hours_per_week=3,
                 main_tasks=["finding faults in dishwashers at customers' homes", "swapping pumps and seals",
                             "writing up job sheets"], skills=["electrics"], goals=["work for myself"], confirmed=True)


def _redo(deps: AgentDeps, profile: Profile, feedback: str) -> tuple[Assessment, Assessment]:
    state: Any = dict(initial_state()) | {"profile": profile}
    state |= assess(state, deps)
    first = state["assessment"]
    state |= assess({**state, "feedback": feedback}, deps)
    return first, state["assessment"]


def _level(assessment: Assessment, dynamic: str) -> str:
    return next(e.level for e in assessment.exposure if e.dynamic == dynamic)


def _rationale(assessment: Assessment, dynamic: str) -> str:
    return next(e.rationale for e in assessment.exposure if e.dynamic == dynamic)


@pytest.mark.parametrize(("profile", "feedback", "named"), [
    (OPTICIAN, "the new booking platform books the eye tests and sends the recalls by itself now", "eye tests"),
    (PARCEL_SORTER, "the depot put in an automatic sorter that handles most of the postcode sorting", "sorting"),
    (HELPDESK, "Wrong on exposure. The voicebot already takes the billing calls, she only gets what it can't do",
     "billing calls"),
    (OPTICIAN, "head office automated the recall letters last spring", "recall letters"),
])
def test_a_task_going_to_a_tool_raises_exposure_and_names_the_task(deps: AgentDeps, profile: Profile,
                                                                   feedback: str, named: str) -> None:
    first, redone = _redo(deps, profile, feedback)
    assert ORDER.index(_level(redone, "cheaper-execution")) >= ORDER.index(_level(first, "cheaper-execution"))
    assert _level(redone, "cheaper-execution") == "high"
    assert named in _rationale(redone, "cheaper-execution"), _rationale(redone, "cheaper-execution")
    notes = " ".join(redone.revision_notes)
    assert NOTHING_CHANGED not in notes and named in notes, notes


@pytest.mark.parametrize("feedback", [
    "they went from 12 agents down to 7 on her shift since January",
    "half the team were made redundant last year",
    "the department has shrunk a lot",
])
def test_a_shrinking_team_raises_exposure(deps: AgentDeps, feedback: str) -> None:
    first, redone = _redo(deps, PARCEL_SORTER, feedback)
    assert ORDER.index(_level(redone, "cheaper-execution")) > ORDER.index(_level(first, "cheaper-execution"))
    assert "team has shrunk" in _rationale(redone, "cheaper-execution")
    assert NOTHING_CHANGED not in " ".join(redone.revision_notes)


@pytest.mark.parametrize("feedback", [
    "none of his job is automated, it is physical work on site all day",
    "he is out on customers' jobs with his hands, nothing he does can be automated",
    "exposure is overstated: fitting is hands-on",
])
def test_hands_on_or_not_automated_work_lowers_exposure(deps: AgentDeps, feedback: str) -> None:
    first, redone = _redo(deps, FITTER, feedback)
    assert ORDER.index(_level(redone, "cheaper-execution")) < ORDER.index(_level(first, "cheaper-execution"))
    assert "Your coach tells me your work is" in _rationale(redone, "cheaper-execution")
    notes = " ".join(redone.revision_notes)
    assert "(was " in notes and NOTHING_CHANGED not in notes


def test_checking_a_tools_output_is_the_quality_dynamic(deps: AgentDeps) -> None:
    first, redone = _redo(deps, PARCEL_SORTER, "the sorter robot does the sorting now and she just checks it")
    assert ORDER.index(_level(redone, "quality-security")) > ORDER.index(_level(first, "quality-security"))
    assert "check what the sorter robot produces" in _rationale(redone, "quality-security")


def test_when_already_high_the_reason_still_changes_and_the_notes_say_so(deps: AgentDeps) -> None:
    first, redone = _redo(deps, HELPDESK, "a chatbot now answers the direct debit questions")
    assert _level(first, "cheaper-execution") == _level(redone, "cheaper-execution") == "high"
    notes = " ".join(redone.revision_notes)
    assert "stays high, with a new reason" in notes and "direct debit" in notes, notes


def test_strengths_and_gaps_named_are_added_and_taken_out(deps: AgentDeps) -> None:
    first, redone = _redo(deps, HELPDESK, "Her de-escalating angry callers is a real strength. "
                                          "Communication is not a gap, she talks all day.")
    assert any("de-escalating angry callers" in s for s in redone.durable_strengths)
    assert any(g.startswith("communication") for g in first.gaps)
    assert not any(g.startswith("communication") for g in redone.gaps)
    notes = " ".join(redone.revision_notes)
    assert "Strengths added" in notes and "Gaps taken out" in notes, notes


def test_what_could_not_be_acted_on_is_said(deps: AgentDeps) -> None:
    _, redone = _redo(deps, OPTICIAN, "The booking platform sends the recalls now. I also think she deserves a pay "
                                      "rise.")
    notes = " ".join(redone.revision_notes)
    assert "Not acted on" in notes and "pay rise" in notes and NOTHING_CHANGED not in notes, notes


@pytest.mark.parametrize("feedback", [
    "looks fine to me",
    "she uses the new system every day and likes it",
    "I am not sure about this one, let me think",
])
def test_feedback_saying_nothing_of_the_work_changes_nothing(deps: AgentDeps, feedback: str) -> None:
    _, redone = _redo(deps, OPTICIAN, feedback)
    assert redone.revision_notes == [NOTHING_CHANGED]


@pytest.mark.parametrize("feedback", [
    "she wants to learn how the new booking platform works",
    "is any of her work automated yet?",
    "the software does not do the fittings",
    "she checks the stock every morning",
])
def test_negatives_read_no_automation(feedback: str) -> None:
    said = read(feedback)
    assert not said.automated and not said.team_shrank and not said.checks_output


def test_a_not_automated_clause_is_never_read_as_automated() -> None:
    said = read("nothing in her job is automated; she does the fittings by hand")
    assert said.human and not said.automated


def test_the_coachs_words_about_the_draft_are_no_strengths_or_gaps() -> None:
    from agents.assessor.coached import gaps_named
    from reading.assessment_feedback import read

    said = read('Strengths: "quick" is not a strength on its own - that was my criticism, not her strength.')
    assert not any("criticism" in s or "not" in s for s in said.strengths), said.strengths
    assert gaps_named('"people skills" and "apps" are not gaps: she serves 200 customers a day on the app') == []
    assert read('"people skills" and "apps" are not gaps').gaps_out == ("people skills", "apps")


def test_the_same_work_said_again_with_no_catalog_role_is_said_plainly(kb: KnowledgeBase) -> None:
    from agents.assessor.knowledge_engine import KnowledgeAssessor
    from agents.assessor.revision import changes
    before = Profile(current_role="parking enforcement officer", situation="employed",
                     main_tasks=["foot patrol", "issuing penalty charge notices"])
    drafted = KnowledgeAssessor(kb).assess(before).value
    assert drafted.fit == "none"
    notes = changes(drafted, drafted, before, before, work_named=True)
    assert notes[0].startswith("Your work stays parking enforcement officer: the sources have no role for it")
    assert changes(drafted, drafted, before, before) == [NOTHING_CHANGED]
