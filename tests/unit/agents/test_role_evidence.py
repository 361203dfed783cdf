"""A catalog role is offered only on real evidence: its title named, or the person's own tasks sharing the role's
specific words. Words any work uses ("fast", "clean", "fixing", "checking", "machine", "senior") never place anyone;
with nothing pointing to a role and enough said, no role is shown and 'too little to go on' is never said; a role
the person or their coach said 'not' to never comes back."""

from __future__ import annotations

from typing import Any

import pytest

from agents.assessor.matching import RoleMatcher
from agents.assessor.node import assess
from agents.deps import AgentDeps
from agents.engines import build_deps
from domain.profile import Profile
from domain.state import initial_state
from knowledge.base import KnowledgeBase
from settings import Settings

TOO_LITTLE = "too little to go on"


@pytest.fixture(scope="module")
def deps(kb: KnowledgeBase) -> AgentDeps:
    return build_deps(Settings(), kb)


@pytest.fixture(scope="module")
def matcher(kb: KnowledgeBase) -> RoleMatcher:
    return RoleMatcher(kb)


def _assess(deps: AgentDeps, profile: Profile, feedback: str | None = None) -> dict[str, Any]:
    state: Any = dict(initial_state()) | {"profile": profile}
    state |= assess(state, deps)
    if feedback is not None:
        state |= assess({**state, "feedback": feedback}, deps)
    return state


@pytest.mark.parametrize("said", [
    "fast on the grill under pressure, keeping the section clean",
    "fixing unexpected item errors on the self checkout machine, training new casuals, supervising the checks",
    "fact checking copy, senior sub on the desk, training juniors",
    "chasing suppliers, quick and accurate, analytical, preparing the weekly orders",
    "spot problems early, clear the backlog, careful reviews at every level, cleaning up the notes",
    # words of the roles' prose about what lasts and what is at risk, never of their skills
    "a little bit of everything: memory boxes for bereaved parents, changing the coffee filters, restocking",
    "i stack pallets, close the job ticket on the handheld, and do the little jobs nobody else does",
])
def test_words_any_work_shares_never_place_anyone(matcher: RoleMatcher, said: str) -> None:
    assert matcher.word_evidence(said, cap=0.55) == []


@pytest.mark.parametrize(("said", "role"), [
    ("system design, code review, llm integration and observability for our backend", "role.software-engineer"),
    ("kubernetes clusters, ci/cd pipelines and monitoring model deployments", "role.devops-mlops"),
])
def test_a_roles_own_words_still_place_someone(matcher: RoleMatcher, said: str, role: str) -> None:
    assert role in [e.role.id for e in matcher.word_evidence(said, cap=0.55)]


@pytest.mark.parametrize("profile", [
    Profile(current_role="supermarket checkout operator", situation="employed", hours_per_week=5,
            main_tasks=["scanning at checkouts", "fixing machine errors on the self checkouts", "id checks",
                        "picking online orders"],
            skills=["calming down angry customers", "training new casuals"],
            goals=["get into the retail management trainee program"]),
    Profile(current_role="planning support officer at a county council", situation="employed", hours_per_week=3,
            main_tasks=["validating planning applications", "spotting missing drawings", "clearing the backlog"],
            goals=["become a planning officer"], concerns=["the new validation tool taking my job"]),
    Profile(current_role="sub-editor on a regional paper", situation="employed", hours_per_week=2,
            main_tasks=["fact checking copy", "writing headlines", "page layout on deadline"],
            skills=["senior sub, training juniors"], concerns=["AI writing the headlines"]),
])
def test_with_no_evidence_no_role_is_shown_and_enough_said_is_not_too_little(deps: AgentDeps,
                                                                               profile: Profile) -> None:
    assessment = _assess(deps, profile)["assessment"]
    said = " ".join([assessment.fit_note or "", assessment.risk_summary, *(m.reason for m in assessment.role_matches)])
    assert assessment.fit == "none" and assessment.role_matches == []
    assert TOO_LITTLE not in said and not assessment.tentative
    assert assessment.exposure  # read from the person's own tasks


def test_too_little_is_said_only_when_little_was_said(deps: AgentDeps) -> None:
    assessment = _assess(deps, Profile(hours_per_week=3))["assessment"]
    assert assessment.tentative and assessment.fit == "none"
    assert all(m.confidence <= 0.1 for m in assessment.role_matches)


@pytest.mark.parametrize(("feedback", "denied"), [
    ("She is a checkout operator. Not DevOps.", "role.devops-mlops"),
    ("not MLOps, not machine learning", "role.ml-engineer"),
    ("he's a cook, not support", "role.customer-success"),
    ("Not sales, she edits copy.", "role.sales-solutions"),
])
def test_a_role_said_not_to_never_comes_back(deps: AgentDeps, feedback: str, denied: str) -> None:
    profile = Profile(current_role="operator", situation="employed", hours_per_week=4, target_role=denied,
                      main_tasks=["kubernetes clusters, ci/cd pipelines", "model training and deployment",
                                  "customer onboarding and renewals", "sales demos and solution proposals"])
    state = _assess(deps, profile, feedback)
    assert denied in state["profile"].roles_not
    assert denied not in [m.role_id for m in state["assessment"].role_matches]
