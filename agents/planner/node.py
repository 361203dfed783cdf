"""The planner's node: draft, or revise against the reviewer's issues and the human's feedback."""

from __future__ import annotations

from typing import Any

from agents.deps import AgentDeps, charge, ensure_budget
from agents.planner.adapt import adapt
from agents.planner.changes import lighter_caps, revision_notes
from agents.planner.feedback import FeedbackReader
from domain.failures import StateError
from domain.state import CoachState
from reading.screen import screened


def plan(state: CoachState, deps: AgentDeps) -> dict[str, Any]:
    if state.get("checkin") is not None:
        return adapt(state, deps)
    assessment = state["assessment"]
    if assessment is None:
        raise StateError("the planner ran before an assessment was approved")
    review = state["review"]
    issues = list(review.issues) if review is not None and review.verdict == "revise" else []
    ensure_budget(state["tokens_used"], deps.limits)
    adjustments, asked, shown = state["adjustments"], state["feedback_ops"], state["shown_plan"]
    feedback = screened(state["feedback"], drafted=True).text if state["feedback"] else None  # data, never instructions
    if feedback:  # a rejection's feedback becomes part of the contract, kept until approval
        asked = FeedbackReader(deps.kb.catalog.vocabulary).read(feedback, shown)
        if asked.lighter and shown is not None:  # lighter than what the person saw, stage by stage
            asked = asked.model_copy(update={"stage_caps": lighter_caps(shown)})
        adjustments = adjustments.merged(asked)
    drafted = deps.planner.draft(state["profile"], assessment, feedback=feedback or None, issues=issues,
                                 previous=state["plan"], adjustments=adjustments)
    tokens = charge(state["tokens_used"], drafted.tokens, deps.limits)
    draft = drafted.value
    if shown is not None:  # what this revision did, from the two versions: the engine's own words make no claims
        own = draft.revision_notes if deps.engine == "knowledge" else []
        notes = revision_notes(shown, draft, asked, deps.guards.topics)
        draft = draft.model_copy(update={"revision_notes": [n[:600] for n in [*notes, *own]][:20]})
    return {"plan": draft, "adjustments": adjustments, "feedback_ops": asked, "tokens_used": tokens, "feedback": None,
            "phase": "planning"}
