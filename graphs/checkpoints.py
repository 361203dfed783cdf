"""Human-in-the-loop checkpoints: approve, edit (validated, guards re-run) or reject with feedback.

Above each `interrupt()` the nodes only read state, so re-running them on resume is harmless. A resume value that
cannot be read as a decision (`domain.interrupts.parse_review`) is not applied: the node interrupts again, under a
new id, with the reason in the payload, and the thread stays healthy. Each decision is reported to the tracer and
noted in the `messages` channel.
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.types import Command, interrupt
from pydantic import ValidationError

from agents.deps import AgentDeps
from agents.guards import checked_assessment, checked_plan, unknown_references, where
from agents.intake import screened_edits
from domain.conversation import decision_note, plan_ready_message
from domain.failures import StateError
from domain.interrupts import (
    ACTION_NAMES,
    AssessmentReviewInterrupt,
    PlanReviewInterrupt,
    ResumeError,
    ReviewDecision,
    apply_edits,
    parse_review,
    review_interrupt,
    unacknowledged,
)
from domain.review import Review, ReviewIssue
from domain.state import CoachState, Decision, interrupt_id
from observability.events import DecisionReport, report_decision

ASSESSMENT_PROMPT = "Review the assessment: approve it, edit it, or reject it with feedback."
ASSESSMENT_UNSURE_PROMPT = (
    "Review the assessment. I'm not sure I placed your role right: if I didn't, reject it and tell me your role in a "
    "few words (for example \"I'm a registered nurse\"), and I'll redo it. Otherwise approve or edit it.")
ASSESSMENT_TENTATIVE_PROMPT = (
    "Review the assessment. I know too little yet for a firm one: reject it with a few words about your work, your "
    "goals and your time, and I'll redo it; or approve it, and the plan will be marked tentative.")
PLAN_PROMPT = "Review the plan: approve it, edit it, or reject it with feedback."
NOTHING_TO_APPLY = ("nothing in the edits could be applied: instructions to the system, markup, links and personal "
                    "data are left out")
UNKNOWN_IDS = "the edits were not applied: these ids are not in the knowledge base: {where}; cite entries by their ids"


def _unknown_ids(draft: Any, edited: Any, deps: AgentDeps) -> str | None:
    """Why an edit naming ids the knowledge base does not have cannot be applied; None when all resolve."""
    unknown = unknown_references(draft, edited, deps.kb)
    return UNKNOWN_IDS.format(where=", ".join(where(loc) for loc in unknown[:5])) if unknown else None


def _schema_review(exc: ValidationError) -> Review:
    issues = [ReviewIssue(check="schema", severity="error", path=".".join(str(p) for p in e["loc"])[:200],
                          message=e["msg"][:600]) for e in exc.errors()[:20]]
    return Review(verdict="revise", issues=issues, checks=["schema"])


def _open_errors(review: Review | None) -> list[str]:
    return [f"{i.check} at {i.path}: {i.message}" for i in (review.issues if review else []) if i.severity == "error"]


def _pause(state: CoachState, payload: AssessmentReviewInterrupt | PlanReviewInterrupt) -> tuple[
        ReviewDecision | None, dict[str, Any], DecisionReport, list[str]]:
    """Interrupt with `payload`. Returns the decision the resume carries (None if it carries none), the state
    update, the report to complete and send once the decision is applied, and the open errors an approval
    acknowledges (an approval over open errors records them)."""
    raw = interrupt(payload.model_dump(mode="json"))
    update: dict[str, Any] = {"interrupts": state["interrupts"] + 1}
    report = DecisionReport(interrupt_id=payload.id, kind=payload.kind)
    try:
        decision, shape = parse_review(raw, action_name=ACTION_NAMES[payload.kind])
    except ResumeError as exc:
        report_decision(report | DecisionReport(action="invalid", error=str(exc)))
        return None, update | {"resume_error": str(exc)}, report, []
    acknowledged = _open_errors(payload.review) if decision.action == "approve" else []
    if acknowledged and not decision.acknowledge:
        reason = unacknowledged(acknowledged)
        report_decision(report | DecisionReport(action="invalid", shape=shape, error=reason))
        return None, update | {"resume_error": reason}, report, []
    record = Decision(interrupt_id=payload.id, kind=payload.kind, action=decision.action, feedback=decision.feedback,
                      edits=decision.edits, acknowledged=acknowledged)
    report |= DecisionReport(action=decision.action, shape=shape, acknowledged=decision.acknowledge)
    if decision.feedback:
        report["feedback_chars"] = len(decision.feedback)
    if decision.edits:
        report["edited_fields"] = sorted(decision.edits)
    if acknowledged and payload.review is not None:
        report["acknowledged_issues"] = [f"{i.check}@{i.path}" for i in payload.review.issues if i.severity == "error"]
    return decision, update | {"decisions": [record], "resume_error": None,
                               "messages": [decision_note(payload.id, payload.kind, decision)]}, report, acknowledged


def _decided(report: DecisionReport, edit_verdict: str | None = None) -> None:
    report_decision(report | DecisionReport(edit_verdict=edit_verdict) if edit_verdict else report)


def assessment_review(
    state: CoachState, deps: AgentDeps
) -> Command[Literal["plan", "assess", "assessment_review"]]:
    assessment = state["assessment"]
    if assessment is None:
        raise StateError("the assessment review ran before an assessment was written")
    prompt = (ASSESSMENT_TENTATIVE_PROMPT if assessment.tentative else
              ASSESSMENT_UNSURE_PROMPT if assessment.fit != "confident" else ASSESSMENT_PROMPT)
    payload = review_interrupt("assessment_review", id=interrupt_id(state, "assessment_review"), prompt=prompt,
                               draft=assessment, review=state["assessment_review"], error=state["resume_error"])
    decision, update, report, _ = _pause(state, payload)
    if decision is None:
        return Command(goto="assessment_review", update=update)
    if decision.action != "edit":
        _decided(report)
    if decision.action == "approve":
        return Command(goto="plan", update=update | {"phase": "planning"})
    if decision.action == "reject":
        return Command(goto="assess", update=update | {"feedback": decision.feedback, "phase": "assessing"})
    edits = screened_edits(decision.edits or {})  # texts screened like answers; nothing left: not applied
    if not edits:
        _decided(report, "invalid")
        return Command(goto="assessment_review", update=update | {"resume_error": NOTHING_TO_APPLY})
    try:
        edited = apply_edits(assessment, edits)
    except ValidationError as exc:
        _decided(report, "invalid")
        return Command(goto="assessment_review", update=update | {"assessment_review": _schema_review(exc)})
    if unknown := _unknown_ids(assessment, edited, deps):
        _decided(report, "invalid")
        return Command(goto="assessment_review", update=update | {"resume_error": unknown})
    review = checked_assessment(deps.guards, edited, state["profile"], subject="assessment edit")
    _decided(report, review.verdict)
    if review.verdict == "pass":
        return Command(goto="plan", update=update | {"assessment": edited, "assessment_review": review,
                                                     "phase": "planning"})
    return Command(goto="assessment_review", update=update | {"assessment": edited, "assessment_review": review})


def plan_review(state: CoachState, deps: AgentDeps) -> Command[Literal["finalize", "plan", "plan_review"]]:
    draft = state["plan"]
    if draft is None:
        raise StateError("the plan review ran before a plan was drafted")
    payload = review_interrupt("plan_review", id=interrupt_id(state, "plan_review"), prompt=PLAN_PROMPT,
                               draft=draft, review=state["review"], error=state["resume_error"])
    decision, update, report, acknowledged = _pause(state, payload)
    if decision is None:
        return Command(goto="plan_review", update=update)
    if decision.action != "edit":
        _decided(report)
    if decision.action == "approve":
        approved = draft.model_copy(update={"open_issues": [a[:600] for a in acknowledged][:20]})
        return Command(goto="finalize", update=update | {"plan": approved})
    if decision.action == "reject":
        return Command(goto="plan", update=update | {"feedback": decision.feedback, "revisions": 0, "review": None,
                                                     "phase": "planning"})
    edits = screened_edits(decision.edits or {})  # texts screened like answers; nothing left: not applied
    if not edits:
        _decided(report, "invalid")
        return Command(goto="plan_review", update=update | {"resume_error": NOTHING_TO_APPLY})
    try:
        edited = apply_edits(draft, edits)
    except ValidationError as exc:
        _decided(report, "invalid")
        return Command(goto="plan_review", update=update | {"review": _schema_review(exc)})
    if unknown := _unknown_ids(draft, edited, deps):
        _decided(report, "invalid")
        return Command(goto="plan_review", update=update | {"resume_error": unknown})
    review = checked_plan(deps.guards, edited, state["profile"], subject="plan edit",
                          adjustments=state["adjustments"])
    _decided(report, review.verdict)
    goto: Literal["finalize", "plan_review"] = "finalize" if review.verdict == "pass" else "plan_review"
    return Command(goto=goto, update=update | {"plan": edited, "review": review})


def finalize(state: CoachState) -> dict[str, Any]:
    plan = state["plan"]
    return {"phase": "completed", "messages": [plan_ready_message(plan)] if plan is not None else []}
