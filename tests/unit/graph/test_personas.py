"""Six personas reach approved plans on the knowledge engine; their plans are personal, grounded and in budget."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.engines import build_deps
from domain.plan import Plan
from evals.personas import PERSONAS
from graphs.coaching import make_graph
from graphs.driver import run_script
from graphs.serde import make_serde
from knowledge.base import KnowledgeBase
from settings import Limits, Settings


def _session(kb: KnowledgeBase, settings: Settings, name: str) -> dict[str, Any]:
    graph = make_graph(InMemorySaver(serde=make_serde()))
    return run_script(graph, {"configurable": {"thread_id": name}}, build_deps(settings, kb), PERSONAS[name][2])


@pytest.fixture(scope="module")
def finals(kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    settings = Settings()
    return {name: _session(kb, settings, name) for name in PERSONAS}


@pytest.mark.parametrize("name", list(PERSONAS))
def test_persona_reaches_an_approved_grounded_plan_within_budget(
    finals: dict[str, dict[str, Any]], kb: KnowledgeBase, name: str
) -> None:
    expected_role, hours, _ = PERSONAS[name]
    final = finals[name]
    assert final["phase"] == "completed"
    assert final["profile"].matched_role == expected_role
    assert final["assessment"].role_matches[0].role_id == expected_role
    assert final["profile"].hours_per_week == hours
    plan: Plan = final["plan"]
    assert [s.stage for s in plan.stages] == ["survive", "adapt", "lead"]
    for stage in plan.stages:
        assert len(stage.actions) >= 2
        assert stage.weekly_hours <= hours
        for action in stage.actions:
            assert action.citations and all(kb.get(c) is not None for c in action.citations)
    assert final["review"].verdict == "pass", final["review"].issues
    assert [(d.kind, d.action) for d in final["decisions"]] == [
        ("profile_review", "approve"), ("assessment_review", "approve"), ("plan_review", "approve")]
    assert final["questions_asked"] <= Limits().max_questions


def test_plans_differ_in_substance_between_personas(finals: dict[str, dict[str, Any]]) -> None:
    chosen = {name: {a.catalog_id for s in f["plan"].stages for a in s.actions} for name, f in finals.items()}
    for a, b in itertools.combinations(chosen, 2):
        overlap = len(chosen[a] & chosen[b]) / len(chosen[a] | chosen[b])
        assert overlap < 0.5, f"{a} and {b} share too much of their plans: {chosen[a] & chosen[b]}"


def test_goals_are_reflected(finals: dict[str, dict[str, Any]], kb: KnowledgeBase) -> None:
    junior = finals["junior_developer"]
    assert junior["profile"].target_role == "role.applied-ai-engineer"
    adapt = junior["plan"].stage("adapt")
    assert adapt is not None
    assert any("role.applied-ai-engineer" in (kb.get(a.catalog_id or "") or a).roles  # type: ignore[union-attr]
               for a in adapt.actions)


def test_small_budgets_get_fewer_lighter_actions(finals: dict[str, dict[str, Any]]) -> None:
    director = finals["director"]["plan"]
    assert all(len(s.actions) == 2 and s.weekly_hours <= 3 for s in director.stages)
    junior = finals["junior_developer"]["plan"]
    assert any(len(s.actions) == 3 for s in junior.stages)
