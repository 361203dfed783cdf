"""A rejected assessment whose feedback names the person's role is redone on that role, or says plainly that the
sources have no such role; the roles it rules out never come back; goals never point at a role it rejected; and
every note on the redo is true of the redo."""

from __future__ import annotations

from typing import Any

import pytest

from agents.assessor.node import assess
from agents.deps import AgentDeps
from agents.engines import build_deps
from domain.assessment import Assessment
from domain.profile import Profile
from domain.state import initial_state
from knowledge.base import KnowledgeBase
from settings import Settings

SOFTWARE = "role.software-engineer"


@pytest.fixture(scope="module")
def deps(kb: KnowledgeBase) -> AgentDeps:
    return build_deps(Settings(), kb)


def _first(deps: AgentDeps, profile: Profile) -> dict[str, Any]:
    state: Any = dict(initial_state()) | {"profile": profile}
    return state | assess(state, deps)


def _redo(deps: AgentDeps, state: dict[str, Any], feedback: str) -> tuple[Assessment, Profile]:
    out = assess({**state, "feedback": feedback}, deps)  # type: ignore[arg-type]
    return out["assessment"], out["profile"]


def _said(assessment: Assessment) -> str:
    return " ".join([assessment.risk_summary, assessment.fit_note or "", *assessment.revision_notes])


PENSIONS = Profile(current_role="Full time", situation="employed", target_role=SOFTWARE,
                   main_tasks=["allocating cases on the workflow system", "quality sampling", "complaint escalations",
                               "Monday MI pack for my ops manager"],
                   goals=["lead the automation change for our area"], hours_per_week=3)


@pytest.mark.parametrize("feedback", [
    "Wrong role. She is a team leader in pensions administration, not a software engineer. No coding.",
    "she's a team leader in pensions admin - Software engineer as a target?? She said no coding.",
    "Team leader in pensions admin, not a software engineer; she doesn't code.",
    "Software engineer is not her goal. Her job is team leader in pensions administration.",
])
def test_feedback_naming_the_role_redoes_the_assessment_on_it(deps: AgentDeps, feedback: str) -> None:
    state = _first(deps, PENSIONS)
    redo, profile = _redo(deps, state, feedback)
    assert profile.current_role and "team leader" in profile.current_role.lower()
    assert profile.target_role != SOFTWARE
    assert SOFTWARE not in {m.role_id for m in redo.role_matches}
    assert "Software engineer" not in redo.risk_summary
    assert redo.role_matches[0].role_id == "role.leadership"  # a team leader is a leader of people, placed so
    assert not any("changes nothing" in n for n in redo.revision_notes)


@pytest.mark.parametrize(("feedback", "job"), [
    ("Wrong role. He is a dog groomer with his own van, not a data scientist or data engineer.", "dog groomer"),
    ("She's a hair braider, self-employed - not a program manager, not a data scientist.", "hair braider"),
    ("Sign writer, not a data scientist. Hand-painted shop fronts.", "Sign writer"),
])
def test_a_job_the_sources_lack_is_said_plainly_and_the_rejected_roles_go(deps: AgentDeps, feedback: str,
                                                                         job: str) -> None:
    first = Profile(current_role="not sure", situation="employed", main_tasks=["analysing data", "preparing reports"],
                    hours_per_week=2)
    state = _first(deps, first)
    redo, profile = _redo(deps, state, feedback)
    assert profile.current_role and profile.current_role.startswith(job)
    shown = {m.role_id for m in redo.role_matches}
    assert not shown & set(profile.roles_not) and "role.data-scientist" in profile.roles_not
    assert redo.fit == "none" and f"no role for {job}" in (redo.fit_note or "")
    assert f"no role for {job}" in redo.risk_summary


def test_roles_ruled_out_never_come_back_even_as_guesses(deps: AgentDeps) -> None:
    state = _first(deps, Profile(current_role="skip", situation="employed"))
    guesses = [m.role_id for m in state["assessment"].role_matches]
    names = " or ".join(m.name for m in state["assessment"].role_matches)
    redo, profile = _redo(deps, state, f"not a {names}")
    assert set(guesses) <= set(profile.roles_not)
    assert not {m.role_id for m in redo.role_matches} & set(guesses)


def test_every_left_out_note_is_true_of_the_redo(deps: AgentDeps) -> None:
    state = _first(deps, Profile(current_role="skip", situation="employed"))
    shown = state["assessment"].role_matches
    redo, _ = _redo(deps, state, f"he is a forklift driver, not a {shown[0].name}")
    for note in redo.revision_notes:
        if note.startswith("Left out as not yours: "):
            name = note.removeprefix("Left out as not yours: ").rstrip(".")
            assert name not in {m.name for m in redo.role_matches}


@pytest.mark.parametrize("feedback", [
    "Visiting her mum in a care home is not a strength.",
    "The Salesforce figure is fine as context.",
    "she is worried about the bot, not about her hours",
])
def test_sentences_that_name_no_job_never_become_the_job(deps: AgentDeps, feedback: str) -> None:
    state = _first(deps, PENSIONS)
    redo, profile = _redo(deps, state, feedback)
    assert profile.current_role == PENSIONS.current_role
    assert not any(n.startswith("Your work now reads") for n in redo.revision_notes)


def test_a_target_named_in_feedback_replaces_a_rejected_one(deps: AgentDeps) -> None:
    state = _first(deps, PENSIONS)
    redo, profile = _redo(deps, state, "No coding. Her goal is an ops change lead role, closest to business "
                                       "process designer.")
    assert profile.target_role == "role.business-process-designer"
    assert any(n.startswith("Your goals now point toward Business process designer") for n in redo.revision_notes)
    cleared, profile = _redo(deps, state, "She said no coding twice.")
    assert profile.target_role is None
    assert any(n == "Your goals no longer point toward Software engineer." for n in cleared.revision_notes)


@pytest.mark.parametrize(("job", "tasks"), [
    ("tyre fitter", ["tyre fitting", "tyre checks on trucks"]),
    ("team leader", ["leading the team huddle", "team leader cover on lates"]),
    ("software developer", ["developer standups", "software releases"]),
])
def test_a_title_repeated_in_the_tasks_never_decides_the_role(deps: AgentDeps, job: str, tasks: list[str]) -> None:
    state = _first(deps, Profile(current_role=job, situation="employed", main_tasks=tasks, hours_per_week=3))
    matches = state["assessment"].role_matches
    assert not matches or matches[0].confidence < 0.7  # no role at all is surer still that the title did not decide


@pytest.mark.parametrize(("job", "tasks", "role"), [
    ("electrician", ["rewiring on site", "safety certificates for landlords"], "role.construction-trades"),
    ("software developer", ["code review", "fixing production bugs"], "role.software-engineer"),
])
def test_a_title_the_tasks_agree_with_decides_the_role(deps: AgentDeps, job: str, tasks: list[str],
                                                       role: str) -> None:
    state = _first(deps, Profile(current_role=job, situation="employed", main_tasks=tasks, hours_per_week=3))
    best = state["assessment"].role_matches[0]
    assert best.role_id == role and best.confidence >= 0.7


def test_guesses_are_never_called_the_nearest_roles(deps: AgentDeps) -> None:
    state = _first(deps, Profile(current_role="skip", situation="employed"))
    redo, _ = _redo(deps, state, "He is a window cleaner.")
    note = redo.fit_note or ""
    assert "no role for window cleaner" in note
    assert ("nearest" in note) is (redo.role_matches[0].confidence > 0.1)


@pytest.mark.parametrize(("feedback", "role"), [
    ("Wrong role. He is a mobile tyre fitter for a fleet company, not a data scientist.", "role.construction-trades"),
    ("She's a QA engineer on the payments team, not a software engineer.", "role.qa-ai-quality"),
    ("I'm a business analyst, not a product manager.", "role.business-process-designer"),
])
def test_a_catalog_role_matching_the_job_named_is_used(deps: AgentDeps, feedback: str, role: str) -> None:
    state = _first(deps, PENSIONS)
    redo, profile = _redo(deps, state, feedback)
    assert redo.role_matches[0].role_id == role and profile.matched_role == role
    assert not {m.role_id for m in redo.role_matches} & set(profile.roles_not)
