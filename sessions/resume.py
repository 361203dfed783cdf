"""Turning a resume request into the graph's resume value, refusing what the graph would choke on.

Everything here runs before the graph does: shape, text, length, and (for an edit) the edited draft validated
against its schema with `domain.interrupts.apply_edits`. Refusals are `InvalidInput` errors naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from domain.answers import parse_structured
from domain.checkin import checkin_answer
from domain.interrupts import AnyInterrupt, CheckinInterrupt, DecisionAction, InterruptKind, QuestionInterrupt
from domain.resumes import ReviewDecision, apply_edits
from knowledge.models import AnswerSpec
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
        texts = [("", value)] if isinstance(value, str) else [
            (key, item) for key, item in (value or {}).items() if isinstance(item, str)]
        for key, text in texts:
            if len(text) > limit:
                where = (name, key) if key else (name,)
                raise _invalid(f"{'.'.join(where)} is {len(text)} characters long; the limit is {limit}", *where)


References = Callable[[BaseModel, BaseModel], list[tuple[str | int, ...]]]
"""Where an edited draft names ids the knowledge base does not have (`agents.guards.unknown_references`)."""


def resume_value(*, kind: InterruptKind, request: ResumeRequest, draft: BaseModel | None,
                 pending: AnyInterrupt | None = None, references: References | None = None) -> Resume:
    """The resume value for the pending interrupt of `kind`, or `InvalidInput` saying what is wrong with the request.

    `draft` (the profile, assessment or plan under review) is needed for an edit only, and `references` checks the
    ids an edit puts in it; `pending` (the question) for a structured answer, which is checked against the
    question's schema and options.
    """
    iid = request.interrupt_id
    if kind == "question" or kind == "checkin":
        if request.answer is None:
            raise _invalid(f"interrupt {iid} is a question: send 'answer'", "answer")
        extra = [name for name in ("action", "edits", "feedback", "acknowledge") if getattr(request, name) is not None]
        if extra:
            raise _invalid(f"a question takes only 'answer', not {', '.join(extra)}", extra[0])
        if isinstance(request.answer, dict):
            _check_structured(request.answer, pending)
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
    if decision.action == "edit" and kind == "assessment_review" and "role_id" in (decision.edits or {}):
        _check_role_choice(decision.edits or {})
    elif decision.action == "edit":
        if draft is None:
            raise _invalid(f"interrupt {iid} has no draft to edit", "edits")
        _check_edit(draft, decision.edits or {}, references)
    return Resume(value=decision.model_dump(exclude_none=True), action=decision.action, edits=decision.edits,
                  feedback=decision.feedback)


def _check_edit(draft: BaseModel, edits: dict[str, Any], references: References | None) -> None:
    """The edited draft fits its schema, and every id the edit put in it is the knowledge base's."""
    try:
        edited = apply_edits(draft, edits)
    except ValidationError as exc:
        raise _refused([
            validation_error(f"edited draft: {e['msg']}", loc=("body", "edits", *e["loc"]), kind=e["type"])
            for e in exc.errors()
        ]) from exc
    if unknown := (references(draft, edited) if references is not None else []):
        raise _refused([validation_error("edited draft: not an id in the knowledge base (cite entries by their ids)",
                                         loc=("body", "edits", *loc), kind="unknown_id") for loc in unknown[:20]])


ROLE_ID = re.compile(r"^(?:role\.[a-z0-9][a-z0-9-]{0,80}|none)$")


def _check_role_choice(edits: dict[str, Any]) -> None:
    """A role picked at the assessment review: alone in the edit, a catalog role id or 'none'."""
    if set(edits) != {"role_id"}:
        raise _invalid("an edit that picks a role carries 'role_id' alone", "edits")
    if not isinstance(edits["role_id"], str) or not ROLE_ID.match(edits["role_id"]):
        raise _invalid("'role_id' is a catalog role id ('role.…') or 'none'", "edits", "role_id")


def _check_structured(answer: dict[str, Any], pending: AnyInterrupt | None) -> None:
    if isinstance(pending, CheckinInterrupt):
        try:
            checkin_answer(pending.step, answer)
        except ValidationError as exc:
            raise _refused([validation_error(e["msg"], loc=("body", "answer", *map(str, e["loc"])), kind=e["type"])
                            for e in exc.errors()]) from exc
        return
    if not isinstance(pending, QuestionInterrupt) or pending.answer_kind == "text":
        raise _invalid("this question takes its answer as text", "answer")
    try:
        parse_structured(AnswerSpec(kind=pending.answer_kind), answer, pending.options)
    except ValidationError as exc:
        raise _refused([validation_error(e["msg"], loc=("body", "answer", *map(str, e["loc"])), kind=e["type"])
                        for e in exc.errors()]) from exc
    except ValueError as exc:
        raise _invalid(str(exc), "answer") from exc


def check_acknowledged(open_errors: list[str], *, acknowledge: bool) -> None:
    """Approving a draft the guards found errors in takes intent: `"acknowledge": true`, naming them back."""
    if open_errors and not acknowledge:
        listed = "; ".join(open_errors[:5]) + ("; ..." if len(open_errors) > 5 else "")
        raise InvalidInput(
            f"the draft has {len(open_errors)} open error(s): {listed}. Send \"acknowledge\": true to approve it "
            "anyway (they will be recorded with the approval and shown on the plan), or edit or reject it.",
            errors=[validation_error(f"approve needs acknowledge: true; open errors: {listed}",
                                     loc=("body", "acknowledge"), kind="acknowledge_required")])
