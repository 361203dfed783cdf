"""Turning a resume request into the graph's resume value, refusing what the graph would choke on.

Everything here runs before the graph does: shape, text, length, and (for an edit) the edited draft validated
against its schema with `domain.interrupts.apply_edits`. Refusals are `InvalidInput` errors naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from domain.interrupts import DecisionAction, InterruptKind, ReviewDecision, apply_edits
from sessions.errors import InvalidInput
from sessions.inputs import text_problems, validation_error
from sessions.public import ResumeRequest


@dataclass(frozen=True)
class Resume:
    """What to send the graph, and what the audit log records."""

    value: dict[str, Any]
    action: DecisionAction
    edits: dict[str, Any] | None = None
    feedback: str | None = None


def _invalid(message: str, *loc: str | int) -> InvalidInput:
    return InvalidInput(message, errors=[validation_error(message, loc=("body", *loc))])


def _refused(errors: list[dict[str, Any]]) -> InvalidInput:
    return InvalidInput("; ".join(str(e["msg"]) for e in errors[:3]), errors=errors)


def check_request_text(request: ResumeRequest, *, answer_chars: int) -> None:
    """Encoding and length checks that need no session state."""
    errors = [validation_error(f"{'.'.join(map(str, loc)) or 'value'} {problem}", loc=("body", *loc))
              for loc, problem in text_problems(request.model_dump(exclude_none=True))]
    if errors:
        raise _refused(errors)
    limit = answer_chars
    for name in ("answer", "feedback"):
        value = getattr(request, name)
        if value is not None and len(value) > limit:
            raise _invalid(f"{name} is {len(value)} characters long; the limit is {limit}", name)


References = Callable[[BaseModel, BaseModel], list[tuple[str | int, ...]]]
"""Where an edited draft names ids the knowledge base does not have (`agents.guards.unknown_references`)."""


def resume_value(*, kind: InterruptKind, request: ResumeRequest, draft: BaseModel | None,
                 references: References | None = None) -> Resume:
    """The resume value for the pending interrupt of `kind`, or `InvalidInput` saying what is wrong with the request.

    `draft` (the assessment or plan under review) is needed for an edit only; `references` checks the ids an edit
    puts in it.
    """
    iid = request.interrupt_id
    if kind == "question":
        if request.answer is None:
            raise _invalid(f"interrupt {iid} is a question: send 'answer'", "answer")
        extra = [name for name in ("action", "edits", "feedback", "acknowledge") if getattr(request, name) is not None]
        if extra:
            raise _invalid(f"a question takes only 'answer', not {', '.join(extra)}", extra[0])
        return Resume(value={"answer": request.answer}, action="answer")
    if request.answer is not None:
        raise _invalid(f"interrupt {iid} is a {kind}: send 'action', not 'answer'", "answer")
    if request.action is None:
        raise _invalid(f"interrupt {iid} is a {kind}: send 'action' (approve, edit or reject)", "action")
    try:
        decision = ReviewDecision(action=request.action, edits=request.edits, feedback=request.feedback,
                                  acknowledge=bool(request.acknowledge))
    except ValidationError as exc:
        raise _refused([validation_error(e["msg"], loc=("body", *map(str, e["loc"]))) for e in exc.errors()]) from exc
    if decision.action == "edit":
        if draft is None:
            raise _invalid(f"interrupt {iid} has no draft to edit", "edits")
        try:
            edited = apply_edits(draft, decision.edits or {})
        except ValidationError as exc:
            raise _refused([
                validation_error(f"edited draft: {e['msg']}", loc=("body", "edits", *e["loc"]), kind=e["type"])
                for e in exc.errors()
            ]) from exc
        if unknown := (references(draft, edited) if references is not None else []):
            raise _refused([validation_error("edited draft: not an id in the knowledge base (cite entries by their "
                                             "ids)", loc=("body", "edits", *loc), kind="unknown_id")
                            for loc in unknown[:20]])
    return Resume(value=decision.model_dump(exclude_none=True), action=decision.action, edits=decision.edits,
                  feedback=decision.feedback)


def check_acknowledged(open_errors: list[str], *, acknowledge: bool) -> None:
    """Approving a draft the guards found errors in takes intent: `"acknowledge": true`, naming them back."""
    if open_errors and not acknowledge:
        listed = "; ".join(open_errors[:5]) + ("; ..." if len(open_errors) > 5 else "")
        raise InvalidInput(
            f"the draft has {len(open_errors)} open error(s): {listed}. Send \"acknowledge\": true to approve it "
            "anyway (they will be recorded with the approval and shown on the plan), or edit or reject it.",
            errors=[validation_error(f"approve needs acknowledge: true; open errors: {listed}",
                                     loc=("body", "acknowledge"), kind="acknowledge_required")])
