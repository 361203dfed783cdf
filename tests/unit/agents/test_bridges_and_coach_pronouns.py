"""A line of work the catalog lacks names its nearest roles only for the people its bridge is true of (a nurse's
clinical judgement, not a receptionist's or a carer's); and a coach's words about the person said to them keep
their grammar ("make her the super-user" -> "make you the super-user", "she already has" -> "you already have")."""

from __future__ import annotations

from typing import Any

import pytest

from agents.assessor.node import assess
from agents.deps import AgentDeps
from agents.engines import build_deps
from agents.planner.coached import _second_person
from domain.profile import Profile
from domain.state import initial_state
from knowledge.base import KnowledgeBase
from settings import Settings


@pytest.fixture(scope="module")
def deps(kb: KnowledgeBase) -> AgentDeps:
    return build_deps(Settings(), kb)


def _matches(deps: AgentDeps, profile: Profile) -> dict[str, float]:
    state: Any = dict(initial_state()) | {"profile": profile}
    return {m.role_id: m.confidence for m in assess(state, deps)["assessment"].role_matches}


def _roles(deps: AgentDeps, profile: Profile) -> list[str]:
    return list(_matches(deps, profile))


@pytest.mark.parametrize(("job", "tasks"), [
    ("home carer for an agency", ["morning and bed calls", "washing and dressing clients", "medication prompts"]),
    ("receptionist at a dental practice", ["answering the phones", "booking patients in", "taking payments"]),
])
def test_no_clinical_bridge_for_work_that_is_not_clinical(deps: AgentDeps, job: str, tasks: list[str]) -> None:
    profile = Profile(current_role=job, main_tasks=tasks, situation="employed", years_experience=6,
                      confirmed=True)
    assert "role.ai-risk-compliance" not in _roles(deps, profile)


def test_a_nurse_still_meets_the_nearest_roles(deps: AgentDeps) -> None:
    profile = Profile(current_role="staff nurse on a surgical ward", main_tasks=["drug rounds", "wound care"],
                      situation="employed", years_experience=9, confirmed=True)
    assert "role.ai-risk-compliance" in _roles(deps, profile)


@pytest.mark.parametrize(("said", "meant"), [
    ("ask the manager to make her the lead for the new rota app", "ask the manager to make you the lead"),
    ("list what the adverts ask for that he already has", "that you already have"),
    ("she often checks the stock by hand", "you often check the stock"),
    ("ask his supervisor to show him the new scanner", "ask your supervisor to show you the new scanner"),
    ("tell her team what she found", "tell your team what you found"),
])
def test_a_coachs_words_about_the_person_keep_their_grammar(said: str, meant: str) -> None:
    assert meant in _second_person(said)


@pytest.mark.parametrize(("job", "tasks", "not_role"), [
    ("voiceover artist, self-employed", ["recording e-learning narration", "editing the audio", "invoicing"],
     "role.creative-illustration"),
    ("night auditor at a city hotel", ["running the front desk overnight", "balancing the day's takings"],
     "role.ai-risk-compliance"),
    ("tattoo artist in my own studio", ["inking clients", "sterilising the kit", "booking sessions"],
     "role.creative-illustration"),
])
def test_a_title_word_inside_another_jobs_name_places_no_one(deps: AgentDeps, job: str, tasks: list[str],
                                                             not_role: str) -> None:
    profile = Profile(current_role=job, main_tasks=tasks, situation="employed", years_experience=5, confirmed=True)
    assert _matches(deps, profile).get(not_role, 0.0) < 0.5  # at most a loose guess by shared words, never placed


@pytest.mark.parametrize(("job", "tasks", "role"), [
    ("senior artist at a games studio", ["painting environment concepts", "illustration for splash screens"],
     "role.creative-illustration"),
    ("concept artist", ["sketching characters", "painting keyframes"], "role.creative-illustration"),
])
def test_a_title_with_a_level_or_of_the_role_still_places(deps: AgentDeps, job: str, tasks: list[str],
                                                          role: str) -> None:
    profile = Profile(current_role=job, main_tasks=tasks, situation="employed", years_experience=5, confirmed=True)
    assert _roles(deps, profile)[:1] == [role]
