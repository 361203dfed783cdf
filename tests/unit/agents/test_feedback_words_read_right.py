"""Words of coaches typing live, read as they meant them: a full stop inside "GOV.UK" or "0.5" ends nothing; hours
quoted from the draft are no budget; "you cut off my ..." takes nothing out; "restart AAT" is a step; "no hands-on
experience" and "I never said her work is hands-on" say nothing of the work being hands-on; "what is being
automated: invoice capture ..., in March" is automation on its way; a sentence that names no worry takes none out;
a tree surgeon is no surgeon; and 'none of these' brings back no nearest role."""

from __future__ import annotations

from typing import Any

import pytest

from agents.assessor.node import assess
from agents.deps import AgentDeps
from agents.engines import build_deps
from agents.planner.budget import weekly_budget
from agents.planner.feedback import FeedbackReader
from domain.profile import Profile
from domain.state import initial_state
from knowledge.base import KnowledgeBase
from reading.answers import reader_for
from reading.assessment_feedback import read
from reading.names import RoleNames
from reading.rules import rule
from settings import Settings


@pytest.mark.parametrize(("said", "kept"), [
    ("Add an action: check the GOV.UK list of approved qualifications for her level.", "GOV.UK list"),
    ("Add an action: ask the manager to be a super-user on the new till system, 0.5 h/week.", "0.5 h/week"),
])
def test_a_full_stop_inside_a_word_or_figure_cuts_nothing(kb: KnowledgeBase, said: str, kept: str) -> None:
    adds = [x for a in FeedbackReader(kb.catalog.vocabulary).read(said).asks for x in a.adds]
    assert any(kept in x for x in adds), adds


@pytest.mark.parametrize("said", [
    "The title ends in ', 1' - you cut off my '1.5 h/week'. Fix it.",
    "Your summary says \u201c2 hours a week\u201d but that was one action.",
])
def test_hours_quoted_back_are_no_budget(said: str) -> None:
    assert weekly_budget(said) is None


def test_cut_off_takes_nothing_out() -> None:
    assert rule("feedback.remove").search("you cut off my last sentence") is None


@pytest.mark.parametrize("step", ["restart her AAT Level 3 course", "resume the forklift refresher", "revise the CV"])
def test_more_steps_are_steps(step: str) -> None:
    assert rule("feedback.step_verb").match(step)


@pytest.mark.parametrize("said", [
    "Gaps: no hands-on experience with the new scanning system yet.",
    "Wrong way round: I never said his work is hands-on or not automated.",
])
def test_no_hands_on_claim_is_read_where_none_is_made(said: str) -> None:
    assert read(said).human == ()


def test_automation_on_its_way_is_read_as_coming() -> None:
    feedback = read("Name what is actually being automated: parcel sorting and label printing, which the new "
                    "sorter takes over in April.")
    assert ("parcel sorting and label printing", False) in [(t.task, t.already) for t in feedback.automated]
    assert not any(t.already for t in feedback.automated)


def test_a_sentence_naming_no_worry_takes_none_out(kb: KnowledgeBase) -> None:
    reader = reader_for(kb)
    said = "I never said her work is hands-on or not automated; it IS being automated."
    assert reader.worries_taken_out(said, ["replacement"]) == []
    assert reader.worries_taken_out("Remove 'being replaced', she never raised that worry.", ["replacement"]) == [
        "replacement"]


@pytest.mark.parametrize(("job", "domain"), [("tree surgeon, climber mostly", None),
                                             ("orthopaedic surgeon at the royal", "healthcare")])
def test_a_tree_surgeon_is_no_surgeon(kb: KnowledgeBase, job: str, domain: str | None) -> None:
    assert RoleNames(kb).domain_of(job) == domain


def test_none_of_these_brings_back_no_nearest_role(kb: KnowledgeBase) -> None:
    deps: AgentDeps = build_deps(Settings(), kb)
    profile = Profile(current_role="healthcare assistant on a ward", situation="employed", years_experience=6,
                      main_tasks=["obs rounds", "washing patients"], role_choice="none", confirmed=True)
    state: Any = dict(initial_state()) | {"profile": profile}
    assert assess(state, deps)["assessment"].role_matches == []


@pytest.mark.parametrize("said", [
    "The super-user step can't happen before April, when the robot arrives.",
    "Don't log its errors now: the system is not live until March.",
])
def test_a_start_month_is_no_deadline(said: str) -> None:
    from reading.deadline import deadline_in
    assert deadline_in(said, feedback=True) is None


def test_a_holiday_coming_is_no_deadline() -> None:
    from reading.deadline import deadline_in
    assert deadline_in("Half term is in two weeks, so leave that week free.", feedback=True) is None


def test_return_to_work_meetings_are_work_not_a_return(kb: KnowledgeBase) -> None:
    reader = reader_for(kb)
    assert reader.situation_of("rotas, then return to work meetings with staff back from sick leave") is None
    assert reader.situation_of("I'm returning to work after six years at home") == "career_break"


def test_an_aim_named_by_the_coach_is_not_the_work(kb: KnowledgeBase) -> None:
    said = "Her target 'QA analyst' is call quality assurance on the phones. Her other goal is team leader."
    assert reader_for(kb).role_feedback(said).role is None


def test_a_figure_with_a_thousands_comma_is_one_item() -> None:
    from reading.text import split_items
    assert any("12,500 pounds" in i for i in split_items("chasing debts, once recovered 12,500 pounds, rotas"))


@pytest.mark.parametrize(("said", "step"), [
    ("ask to be a super-user on the new till system, 0.5 h/week", "ask to be a super-user on the new till system"),
    ("read 3 adverts on NHS Jobs (1 hour)", "read 3 adverts on NHS Jobs"),
    ("shadow a trainer for 2 hours a week", "shadow a trainer for 2 hours a week"),
])
def test_an_actions_size_said_beside_it_is_no_step(said: str, step: str) -> None:
    from agents.planner.coached import _parts
    assert _parts(said) == [step]
