"""Someone in a line of work the catalog lacks who means to stay in it (a tutor staying a tutor, a porter staying in
the hospital) is placed in no catalog role and shown none as "near": the assessment names their job and says the
sources have no role for it. Only someone who looks beyond their work is shown the nearest roles. Years in the work
put a floor under a person's age: someone 14 years on an entry band is told no figure about workers aged 22 to 25,
nor that "entry-level work is where automation bites first"."""

from __future__ import annotations

from typing import Any

import pytest

from agents.assessor.node import assess
from agents.deps import AgentDeps
from agents.engines import build_deps
from domain.profile import Profile
from domain.state import initial_state
from knowledge.base import KnowledgeBase
from settings import Settings


@pytest.fixture(scope="module")
def deps(kb: KnowledgeBase) -> AgentDeps:
    return build_deps(Settings(), kb)


def _assessment(deps: AgentDeps, profile: Profile) -> Any:
    state: Any = dict(initial_state()) | {"profile": profile}
    return (state | assess(state, deps))["assessment"]


TUTOR = Profile(current_role="maths tutor", domain="teaching", situation="freelance", years_experience=12,
                main_tasks=["one to one gcse maths lessons", "marking mock papers"], skills=["patience"],
                hours_per_week=3)


def test_a_tutor_staying_a_tutor_is_shown_no_catalog_role(deps: AgentDeps) -> None:
    assessment = _assessment(deps, TUTOR.model_copy(update={"goals": ["keep my tutoring families"]}))
    assert assessment.role_matches == [] and assessment.fit == "none"
    assert "maths tutor" in (assessment.fit_note or "") and "maths tutor" in assessment.risk_summary


def test_a_tutor_who_wants_to_move_is_shown_the_nearest_roles(deps: AgentDeps) -> None:
    assessment = _assessment(deps, TUTOR.model_copy(update={"goals": ["move into a new career in tech"]}))
    assert assessment.role_matches, assessment.fit_note


def test_years_in_the_work_keep_a_long_serving_entry_band_out_of_the_early_career_group(deps: AgentDeps) -> None:
    porter = Profile(current_role="hospital porter", situation="employed", seniority="entry", years_experience=14,
                     main_tasks=["patient moves", "specimen runs"], skills=["calm with patients"], hours_per_week=3)
    assessment = _assessment(deps, porter)
    said = assessment.model_dump_json()
    assert "22 to 25" not in said and "entry-level work is where automation bites first" not in said
    newcomer = porter.model_copy(update={"years_experience": 1})
    assert "entry-level work is where automation bites first" in _assessment(deps, newcomer).model_dump_json()
    assert not porter.early_career and newcomer.early_career


def test_going_back_to_the_same_work_is_staying_in_it(deps: AgentDeps) -> None:
    returner = Profile(current_role="physiotherapy assistant", domain="healthcare", situation="career_break",
                       years_experience=7, goals=["go back to physio work, same job, school hours"],
                       main_tasks=["exercise classes", "walking patients"], hours_per_week=4)
    assessment = _assessment(deps, returner)
    assert assessment.role_matches == [] and "physiotherapy assistant" in (assessment.fit_note or "")


def test_a_machine_taking_over_the_work_is_said_as_a_machine_not_as_ai_drafting(deps: AgentDeps) -> None:
    packer = Profile(current_role="warehouse packer", situation="employed", years_experience=6, hours_per_week=3,
                     main_tasks=["packing orders", "labelling boxes"],
                     concerns=["the new automatic bagging machines and robot arms will take the packing line"])
    cheaper = next(e for e in _assessment(deps, packer).exposure if e.dynamic == "cheaper-execution")
    assert "robot arms" in cheaper.rationale and "drafts quickly" not in cheaper.rationale
    assert "sources say far more about software" in cheaper.rationale


def test_a_machine_the_work_is_about_is_no_machine_taking_it_over(deps: AgentDeps) -> None:
    agent = Profile(current_role="customer service agent at an energy supplier", situation="employed",
                    years_experience=2, hours_per_week=5, main_tasks=["billing disputes", "smart meter complaints",
                                                                      "chasing smart meter engineer bookings"],
                    concerns=["the chatbot takes the easy calls and the team went from 40 to 28"])
    cheaper = next(e for e in _assessment(deps, agent).exposure if e.dynamic == "cheaper-execution")
    assert "smart meter you named" not in cheaper.rationale and "the change is a machine" not in cheaper.rationale
