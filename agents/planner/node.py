"""The planner's node: draft, or revise against the reviewer's issues and the human's feedback."""

from __future__ import annotations

from typing import Any

from agents.deps import AgentDeps, charge, ensure_budget
from agents.planner.feedback import FeedbackReader
from domain.failures import StateError
from domain.state import CoachState
from reading.screen import screen


def plan(state: CoachState, deps: AgentDeps) -> dict[str, Any]:
    assessment = state["assessment"]
    if assessment is None:
        raise StateError("the planner ran before an assessment was approved")
    review = state["review"]
    issues = list(review.issues) if review is not None and review.verdict == "revise" else []
    ensure_budget(state["tokens_used"], deps.limits)
    adjustments = state["adjustments"]
    feedback = screen(state["feedback"]) if state["feedback"] else None  # data, never instructions
    if feedback:  # a rejection's feedback becomes part of the contract, kept until approval
        adjustments = adjustments.merged(FeedbackReader(deps.kb.catalog.vocabulary).read(feedback))
    drafted = deps.planner.draft(state["profile"], assessment, feedback=feedback or None, issues=issues,
                                 previous=state["plan"], adjustments=adjustments)
    tokens = charge(state["tokens_used"], drafted.tokens, deps.limits)
    return {"plan": drafted.value, "adjustments": adjustments, "tokens_used": tokens, "feedback": None,
            "phase": "planning"}
