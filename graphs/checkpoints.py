"""Human-in-the-loop checkpoints: approve, edit (validated, guards re-run) or reject with feedback.

Above each `interrupt()` the nodes only read state, so re-running them on resume is harmless.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from langgraph.runtime import Runtime
from langgraph.types import Command, interrupt
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from agents.deps import AgentDeps, deps_of
from agents.reviewer.schemas import Review, ReviewIssue
from graphs.state import CoachState, Decision, InterruptKind, ReviewAction, interrupt_id

M = TypeVar("M", bound=BaseModel)
REVIEW_ACTIONS: list[ReviewAction] = ["approve", "edit", "reject"]


class ReviewDecision(BaseModel):
    """A resume value for a review checkpoint."""

    model_config = ConfigDict(extra="forbid")

    action: ReviewAction
    edits: dict[str, Any] | None = Field(default=None, description="Top-level fields of the draft to replace.")
    feedback: str | None = Field(default=None, max_length=4000, description="Required to reject.")

    @model_validator(mode="after")
    def _complete(self) -> ReviewDecision:
        if self.action == "edit" and not self.edits:
            raise ValueError("an edit needs 'edits': the fields of the draft to change")
        if self.action == "reject" and not (self.feedback or "").strip():
            raise ValueError("a rejection needs 'feedback' saying what to change")
        return self


def apply_edits(draft: M, edits: dict[str, Any]) -> M:
    """The draft with `edits` merged in (nested objects merge, lists replace), validated against its schema."""

    def merge(base: Any, change: Any) -> Any:
        if isinstance(base, dict) and isinstance(change, dict):
            return {**base, **{k: merge(base.get(k), v) for k, v in change.items()}}
        return change

    return type(draft).model_validate(merge(draft.model_dump(mode="json"), edits))


def _schema_review(exc: ValidationError) -> Review:
    issues = [ReviewIssue(check="schema", severity="error", path=".".join(str(p) for p in e["loc"])[:200],
                          message=e["msg"][:600]) for e in exc.errors()[:20]]
    return Review(verdict="revise", issues=issues, checks=["schema"])


def _pause(state: CoachState, kind: InterruptKind, prompt: str, draft: BaseModel, review: Review | None) -> tuple[
        ReviewDecision, dict[str, Any]]:
    iid = interrupt_id(state, kind)
    raw = interrupt({
        "id": iid, "kind": kind, "prompt": prompt, "draft": draft.model_dump(mode="json"),
        "review": review.model_dump(mode="json") if review else None, "allowed": REVIEW_ACTIONS,
    })
    decision = ReviewDecision.model_validate(raw)
    record = Decision(interrupt_id=iid, kind=kind, action=decision.action, feedback=decision.feedback,
                      edits=decision.edits)
    return decision, {"interrupts": state["interrupts"] + 1, "decisions": [record]}


ASSESSMENT_PROMPT = "Review the assessment: approve it, edit it, or reject it with feedback."
PLAN_PROMPT = "Review the plan: approve it, edit it, or reject it with feedback."


def assessment_review(
    state: CoachState, runtime: Runtime[AgentDeps]
) -> Command[Literal["plan", "assess", "assessment_review"]]:
    assessment = state["assessment"]
    assert assessment is not None, "assessment_review follows assess"
    decision, update = _pause(state, "assessment_review", ASSESSMENT_PROMPT, assessment, state["assessment_review"])
    if decision.action == "approve":
        return Command(goto="plan", update=update | {"phase": "planning"})
    if decision.action == "reject":
        return Command(goto="assess", update=update | {"feedback": decision.feedback, "phase": "assessing"})
    try:
        edited = apply_edits(assessment, decision.edits or {})
    except ValidationError as exc:
        return Command(goto="assessment_review", update=update | {"assessment_review": _schema_review(exc)})
    review = deps_of(runtime).guards.check_assessment(edited, state["profile"])
    if review.verdict == "pass":
        return Command(goto="plan", update=update | {"assessment": edited, "assessment_review": review,
                                                     "phase": "planning"})
    return Command(goto="assessment_review", update=update | {"assessment": edited, "assessment_review": review})


def plan_review(state: CoachState, runtime: Runtime[AgentDeps]) -> Command[Literal["finalize", "plan", "plan_review"]]:
    draft = state["plan"]
    assert draft is not None, "plan_review follows the reviewer"
    decision, update = _pause(state, "plan_review", PLAN_PROMPT, draft, state["review"])
    if decision.action == "approve":
        return Command(goto="finalize", update=update)
    if decision.action == "reject":
        return Command(goto="plan", update=update | {"feedback": decision.feedback, "revisions": 0, "review": None,
                                                     "phase": "planning"})
    try:
        edited = apply_edits(draft, decision.edits or {})
    except ValidationError as exc:
        return Command(goto="plan_review", update=update | {"review": _schema_review(exc)})
    review = deps_of(runtime).guards.check_plan(edited, state["profile"])
    goto: Literal["finalize", "plan_review"] = "finalize" if review.verdict == "pass" else "plan_review"
    return Command(goto=goto, update=update | {"plan": edited, "review": review})


def finalize(state: CoachState) -> dict[str, Any]:
    return {"phase": "completed"}
