"""The planner's node: draft, or revise against the reviewer's issues and the human's feedback."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from agents.deps import AgentDeps, charge, deps_of, ensure_budget
from graphs.state import CoachState


def plan(state: CoachState, runtime: Runtime[AgentDeps]) -> dict[str, Any]:
    deps = deps_of(runtime)
    assessment = state["assessment"]
    assert assessment is not None, "the planner runs after an approved assessment"
    review = state["review"]
    issues = list(review.issues) if review is not None and review.verdict == "revise" else []
    ensure_budget(state["tokens_used"], deps.limits)
    drafted = deps.planner.draft(state["profile"], assessment, feedback=state["feedback"], issues=issues,
                                 previous=state["plan"])
    tokens = charge(state["tokens_used"], drafted.tokens, deps.limits)
    return {"plan": drafted.value, "tokens_used": tokens, "feedback": None, "phase": "planning"}

