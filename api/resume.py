"""Turning a resume request into the graph's resume value, refusing what the graph would choke on.

Everything here runs before the graph does: shape, text, length, who may decide, and (for an edit) the
edited draft validated against its schema with `graphs.checkpoints.apply_edits`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from api.crud import is_staff
from api.limits import text_problems, validation_error
from api.models import DecisionAction, InterruptKind, ResumeRequest, User
from coach.settings import Settings
from graphs.checkpoints import ReviewDecision, apply_edits


@dataclass(frozen=True)
class Resume:
    """What to send the graph, and what the audit log records."""

    value: dict[str, Any]
    action: DecisionAction
    edits: dict[str, Any] | None = None
    feedback: str | None = None


def _invalid(message: str, *loc: str | int) -> RequestValidationError:
    return RequestValidationError([validation_error(message, loc=("body", *loc))])


def check_request_text(request: ResumeRequest, settings: Settings) -> None:
    """Encoding and length checks that need no session state (422 with the field named)."""
    errors = [validation_error(f"{'.'.join(map(str, loc)) or 'value'} {problem}", loc=("body", *loc))
              for loc, problem in text_problems(request.model_dump(exclude_none=True))]
    if errors:
        raise RequestValidationError(errors)
    limit = settings.limits.answer_chars
    for name in ("answer", "feedback"):
        value = getattr(request, name)
        if value is not None and len(value) > limit:
            raise _invalid(f"{name} is {len(value)} characters long; the limit is {limit}", name)


def check_authority(*, kind: InterruptKind, actor: User, owner_id: str, settings: Settings) -> None:
    """The owner answers questions; reviews are the owner's or a coach's (only a coach's if so configured)."""
    if kind == "question":
        if actor.id != owner_id:
            raise HTTPException(403, "only the session's owner answers its questions")
        return
    if settings.require_coach_review and not is_staff(actor):
        raise HTTPException(403, "this server requires a coach or an admin to decide review checkpoints")
    if actor.id != owner_id and not is_staff(actor):
        raise HTTPException(403, "only the session's owner, a coach or an admin decides its review checkpoints")


def resume_value(*, kind: InterruptKind, request: ResumeRequest, draft: BaseModel | None) -> Resume:
    """The resume value for the pending interrupt of `kind`, or a 422 saying what is wrong with the request.

    `draft` (the assessment or plan under review) is needed for an edit only.
    """
    iid = request.interrupt_id
    if kind == "question":
        if request.answer is None:
            raise _invalid(f"interrupt {iid} is a question: send 'answer'", "answer")
        extra = [name for name in ("action", "edits", "feedback") if getattr(request, name) is not None]
        if extra:
            raise _invalid(f"a question takes only 'answer', not {', '.join(extra)}", extra[0])
        return Resume(value={"answer": request.answer}, action="answer")
    if request.answer is not None:
        raise _invalid(f"interrupt {iid} is a {kind}: send 'action', not 'answer'", "answer")
    if request.action is None:
        raise _invalid(f"interrupt {iid} is a {kind}: send 'action' (approve, edit or reject)", "action")
    try:
        decision = ReviewDecision(action=request.action, edits=request.edits, feedback=request.feedback)
    except ValidationError as exc:
        raise RequestValidationError(
            [validation_error(e["msg"], loc=("body", *map(str, e["loc"]))) for e in exc.errors()]) from exc
    if decision.action == "edit":
        if draft is None:
            raise _invalid(f"interrupt {iid} has no draft to edit", "edits")
        try:
            apply_edits(draft, decision.edits or {})
        except ValidationError as exc:
            raise RequestValidationError([
                validation_error(f"edited draft: {e['msg']}", loc=("body", "edits", *e["loc"]), kind=e["type"])
                for e in exc.errors()
            ]) from exc
    return Resume(value=decision.model_dump(exclude_none=True), action=decision.action, edits=decision.edits,
                  feedback=decision.feedback)
