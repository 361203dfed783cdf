"""Human-in-the-loop checkpoints: approve, edit (validated, guards re-run) or reject with feedback.

Above each `interrupt()` the nodes only read state, so re-running them on resume is harmless.
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.types import Command, interrupt
from pydantic import ValidationError

from agents.deps import AgentDeps
from agents.guards import checked_assessment, checked_plan
from domain.failures import StateError
from domain.interrupts import (
    AssessmentReviewInterrupt,
    PlanReviewInterrupt,
    ReviewDecision,
    apply_edits,
)
from domain.review import Review, ReviewIssue
from domain.state import CoachState, Decision, interrupt_id

ASSESSMENT_PROMPT = "Review the assessment: approve it, edit it, or reject it with feedback."
ASSESSMENT_UNSURE_PROMPT = (
    "Review the assessment. I'm not sure I placed your role right: if I didn't, reject it and tell me your role in a "
    "few words (for example \"I'm a registered nurse\"), and I'll redo it. Otherwise approve or edit it.")
ASSESSMENT_TENTATIVE_PROMPT = (
    "Review the assessment. I know too little yet for a firm one: reject it with a few words about your work, your "
    "goals and your time, and I'll redo it; or approve it, and the plan will be marked tentative.")
PLAN_PROMPT = "Review the plan: approve it, edit it, or reject it with feedback."


def _schema_review(exc: ValidationError) -> Review:
    issues = [ReviewIssue(check="schema", severity="error", path=".".join(str(p) for p in e["loc"])[:200],
                          message=e["msg"][:600]) for e in exc.errors()[:20]]
    return Review(verdict="revise", issues=issues, checks=["schema"])


def _open_errors(review: Review | None) -> list[str]:
    return [f"{i.check} at {i.path}: {i.message}" for i in (review.issues if review else []) if i.severity == "error"]


def _pause(state: CoachState, payload: AssessmentReviewInterrupt | PlanReviewInterrupt) -> tuple[
        ReviewDecision, dict[str, Any], list[str]]:
    """Wait for the decision; an approval over open errors records them as acknowledged."""
    raw = interrupt(payload.model_dump(mode="json"))
    decision = ReviewDecision.model_validate(raw)
    acknowledged = _open_errors(payload.review) if decision.action == "approve" else []
    record = Decision(interrupt_id=payload.id, kind=payload.kind, action=decision.action, feedback=decision.feedback,
                      edits=decision.edits, acknowledged=acknowledged)
    return decision, {"interrupts": state["interrupts"] + 1, "decisions": [record]}, acknowledged


def assessment_review(
    state: CoachState, deps: AgentDeps
) -> Command[Literal["plan", "assess", "assessment_review"]]:
    assessment = state["assessment"]
    if assessment is None:
        raise StateError("the assessment review ran before an assessment was written")
    prompt = (ASSESSMENT_TENTATIVE_PROMPT if assessment.tentative else
              ASSESSMENT_UNSURE_PROMPT if assessment.fit != "confident" else ASSESSMENT_PROMPT)
    payload = AssessmentReviewInterrupt(id=interrupt_id(state, "assessment_review"), prompt=prompt,
                                        draft=assessment, review=state["assessment_review"])
    decision, update, _ = _pause(state, payload)
    if decision.action == "approve":
        return Command(goto="plan", update=update | {"phase": "planning"})
    if decision.action == "reject":
        return Command(goto="assess", update=update | {"feedback": decision.feedback, "phase": "assessing"})
    try:
        edited = apply_edits(assessment, decision.edits or {})
    except ValidationError as exc:
        return Command(goto="assessment_review", update=update | {"assessment_review": _schema_review(exc)})
    review = checked_assessment(deps.guards, edited, state["profile"], subject="assessment edit")
    if review.verdict == "pass":
        return Command(goto="plan", update=update | {"assessment": edited, "assessment_review": review,
                                                     "phase": "planning"})
    return Command(goto="assessment_review", update=update | {"assessment": edited, "assessment_review": review})


def plan_review(state: CoachState, deps: AgentDeps) -> Command[Literal["finalize", "plan", "plan_review"]]:
    draft = state["plan"]
    if draft is None:
        raise StateError("the plan review ran before a plan was drafted")
    payload = PlanReviewInterrupt(id=interrupt_id(state, "plan_review"), prompt=PLAN_PROMPT, draft=draft,
                                  review=state["review"])
    decision, update, acknowledged = _pause(state, payload)
    if decision.action == "approve":
        approved = draft.model_copy(update={"open_issues": [a[:600] for a in acknowledged][:20]})
        return Command(goto="finalize", update=update | {"plan": approved})
    if decision.action == "reject":
        return Command(goto="plan", update=update | {"feedback": decision.feedback, "revisions": 0, "review": None,
                                                     "phase": "planning"})
    try:
        edited = apply_edits(draft, decision.edits or {})
    except ValidationError as exc:
        return Command(goto="plan_review", update=update | {"review": _schema_review(exc)})
    review = checked_plan(deps.guards, edited, state["profile"], subject="plan edit",
                          adjustments=state["adjustments"])
    goto: Literal["finalize", "plan_review"] = "finalize" if review.verdict == "pass" else "plan_review"
    return Command(goto=goto, update=update | {"plan": edited, "review": review})


def finalize(state: CoachState) -> dict[str, Any]:
    return {"phase": "completed"}
