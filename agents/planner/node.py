"""The planner's node: draft, or revise against the reviewer's issues and the human's feedback."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from agents.deps import AgentDeps, charge, ensure_budget
from agents.engine import Drafted
from agents.planner.adapt import adapt
from agents.planner.changes import carried_notes, lighter_caps, revision_notes
from agents.planner.deadline import deadline_weeks, sized_to_deadline
from agents.planner.feedback import FeedbackReader
from agents.planner.knowledge_engine import plan_budget
from agents.planner.restored import with_restored
from domain.failures import ModelOutputError, StateError
from domain.feedback import Adjustments
from domain.plan import Plan
from domain.review import ReviewIssue
from domain.state import CoachState
from reading.screen import screened
from reading.text import clipped

UNUSABLE_REPLY = ("The chat model's reply was not a usable plan, even after it was asked to repair it, so this plan is "
                  "the catalog's, written for you by the knowledge engine.")


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
        asked = with_restored(asked, adjustments.remove, deps.kb.catalog.actions)
        adjustments = adjustments.merged(asked)
    drafted, by_catalog = _drafted(state, deps, feedback, issues, adjustments)
    tokens = charge(state["tokens_used"], drafted.tokens, deps.limits)
    draft = drafted.value
    if (deadline := deadline_weeks(state["profile"], adjustments)) is not None:  # whichever engine drafted it
        draft = sized_to_deadline(draft, deadline, deps.guards.topics, plan_budget(state["profile"], adjustments))
    if shown is not None:  # what this revision did, from the two versions: the engine's own words make no claims
        own = draft.revision_notes if deps.engine == "knowledge" or by_catalog else []
        notes = [*revision_notes(shown, draft, asked, deps.guards.topics),
                 *carried_notes(draft, adjustments, asked, deps.guards.topics)]
        draft = draft.model_copy(update={"revision_notes": [clipped(n, 600) for n in [*notes, *own]][:20]})
    return {"plan": draft, "adjustments": adjustments, "feedback_ops": asked, "tokens_used": tokens, "feedback": None,
            "phase": "planning"}


def _drafted(state: CoachState, deps: AgentDeps, feedback: str | None, issues: list[ReviewIssue],
             adjustments: Adjustments) -> tuple[Drafted[Plan], bool]:
    """The engine's draft; when a chat model's reply is unusable even after its repair, the catalog's plan, said so
    (without a catalog to stand in, the run fails and stays resumable). True when the catalog's plan stood in."""
    assessment = state["assessment"]
    assert assessment is not None
    try:
        return deps.planner.draft(state["profile"], assessment, feedback=feedback or None, issues=issues,
                                  previous=state["plan"], adjustments=adjustments), False
    except ModelOutputError:
        if deps.fallback_planner is None:
            raise
    drafted = deps.fallback_planner.draft(state["profile"], assessment, adjustments=adjustments)
    notes = [UNUSABLE_REPLY, *drafted.value.revision_notes][:20]
    return replace(drafted, value=drafted.value.model_copy(update={"revision_notes": notes})), True
