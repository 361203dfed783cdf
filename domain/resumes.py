"""What a resume may carry, in any of the shapes LangGraph clients send, and how it is read.

`parse_answer` and `parse_review` read a question's or a review's resume value: the project's own shape, LangChain's
human-in-the-loop decisions, Agent Inbox's responses, or a chat message sent while the interrupt was pending (a reply
in words read by `domain.replies`), and refuse anything else with a `ResumeError` the graph shows back in its next
interrupt. `answer_response_schema` and `review_response_schema` are the JSON Schemas of all of it, from the same
models. An edit is applied with `apply_edits`, after `changed_fields` has read it as form-based clients send it.
"""

from __future__ import annotations

import contextlib
import json
from functools import cache
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from domain.replies import reading

ReviewAction = Literal["approve", "edit", "reject"]
FEEDBACK_CHARS = 4000


class ResumeError(ValueError):
    """A resume value the pending interrupt cannot use; the graph asks again, showing this message."""


class AnswerResume(BaseModel):
    """The resume value of a question."""

    model_config = ConfigDict(extra="forbid")

    answer: str | dict[str, Any] = Field(
        description="The answer in the person's own words, or the structured answer the question's schema describes.")


class ReviewDecision(BaseModel):
    """The resume value of a review checkpoint."""

    model_config = ConfigDict(extra="forbid")

    action: ReviewAction = Field(description="approve, edit (with `edits`) or reject (with `feedback`).")
    edits: dict[str, Any] | None = Field(default=None, description="Top-level fields of the draft to replace.")
    feedback: str | None = Field(default=None, max_length=FEEDBACK_CHARS, description="Required to reject.")
    acknowledge: bool = Field(default=False, description="Approve although the guards found errors in the draft.")

    @model_validator(mode="after")
    def _complete(self) -> ReviewDecision:
        if self.action == "edit" and not self.edits:
            raise ValueError("an edit needs 'edits': the fields of the draft to change")
        if self.action == "reject" and not (self.feedback or "").strip():
            raise ValueError("a rejection needs 'feedback' saying what to change")
        return self


M = TypeVar("M", bound=BaseModel)


def apply_edits(draft: M, edits: dict[str, Any]) -> M:
    """The draft with `edits` merged in (nested objects merge, lists replace), validated against its schema."""

    def merge(base: Any, change: Any) -> Any:
        if isinstance(base, dict) and isinstance(change, dict):
            return {**base, **{k: merge(base.get(k), v) for k, v in change.items()}}
        return change

    return type(draft).model_validate(merge(draft.model_dump(mode="json"), edits))


def changed_fields(draft: BaseModel, edits: dict[str, Any]) -> dict[str, Any]:
    """The fields an edit changes, as values: form-based clients (Agent Chat UI, Agent Inbox) send the whole draft
    back, each field they let a person type in as text, so text where the draft holds a list, an object, a number, a
    flag or nothing is read as JSON (left as text when it is not JSON: the schema then says what is wrong), and a
    field equal to the draft's is no change. Fields the draft does not have are kept (`role_id`, or a mistake)."""
    current = draft.model_dump(mode="json")
    changed: dict[str, Any] = {}
    for key, value in edits.items():
        before = current.get(key)
        if isinstance(value, str) and key in current and not isinstance(before, str):
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        if key not in current or value != before:
            changed[key] = value
    return changed


# --- reading a resume value, in any of the shapes LangGraph clients send ---------------------------------------

ResumeShape = Literal["coach", "hitl", "agent_inbox", "chat"]
"""Which shape a review resume came in: the project's `{"action"}`, LangChain's `{"decisions"}` (or one bare
decision), Agent Inbox's list of responses, or a chat message sent as new input while the review was pending."""


class _Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Approve(_Decision):
    type: Literal["approve"]
    acknowledge: bool = False


class _EditedAction(_Decision):
    name: str
    args: dict[str, Any]


class _Edit(_Decision):
    type: Literal["edit"]
    edited_action: _EditedAction


class _Reject(_Decision):
    type: Literal["reject"]
    message: str | None = None


class _Respond(_Decision):
    type: Literal["respond"]
    message: str


class _HITLResponse(_Decision):
    decisions: list[Annotated[_Approve | _Edit | _Reject | _Respond, Field(discriminator="type")]] = Field(
        min_length=1, max_length=1)


class _InboxResponse(BaseModel):
    type: Literal["accept", "ignore", "response", "edit"]
    args: str | dict[str, Any] | None = None


class _Reply(_Decision):
    type: Literal["respond", "reject"]
    message: str


class _HITLReply(_Decision):
    decisions: list[_Reply] = Field(min_length=1, max_length=1)


class _InboxReply(BaseModel):
    type: Literal["response"]
    args: str


class ChatReply(BaseModel):
    """A chat message sent as new input on a thread whose session waits at an interrupt: the graph hands it to that
    interrupt as its resume value (`as_resume`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(description="The message's text.")
    message_id: str | None = Field(default=None, description="The chat message's id, kept for the answer's message.")

    def as_resume(self) -> dict[str, Any]:
        return {"chat": self.text}


@cache
def answer_response_schema() -> dict[str, Any]:
    """What a question's resume may be: text, `{"answer"}`, or a reply in LangChain's or Agent Inbox's shape."""
    shapes = str | AnswerResume | _HITLReply | _Reply | list[_InboxReply]
    return TypeAdapter(shapes).json_schema()


@cache
def review_response_schema() -> dict[str, Any]:
    """What a review's resume may be: the project's decision, LangChain's, or Agent Inbox's responses."""
    decision = Annotated[_Approve | _Edit | _Reject | _Respond, Field(discriminator="type")]
    shapes = ReviewDecision | _HITLResponse | decision | list[_InboxResponse]
    return TypeAdapter(shapes).json_schema()


def _json_type(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "an object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _problems(exc: ValidationError) -> str:
    parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e["loc"] else str(e["msg"])
             for e in exc.errors()[:3]]
    return "; ".join(parts)


def _replied(value: Any) -> str | None:
    """The words of a reply in LangChain's shape (`respond`, or a `reject` with its message, as Agent Chat UI's widget
    sends it), Agent Inbox's (`response`), or a chat message; None when `value` is none of these."""
    try:
        if isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            return _InboxReply.model_validate(value[0] if len(value) == 1 else None).args
        if isinstance(value, dict) and "decisions" in value:
            return _HITLReply.model_validate(value).decisions[0].message
        if isinstance(value, dict) and "type" in value:
            return _Reply.model_validate(value).message
        if isinstance(value, dict) and set(value) == {"chat"} and isinstance(value["chat"], str):
            return value["chat"]
    except ValidationError as exc:
        raise ResumeError(f"a question takes its answer as text, {{\"answer\": text}}, or a reply with a message "
                          f"({_problems(exc)})") from exc
    return None


def parse_answer(value: Any, *, max_chars: int | None = None) -> str | dict[str, Any]:
    """The answer a question's resume carries: text, `{"answer": text}` or `{"answer": {...structured...}}`, or the
    words of a reply (see `_replied`); `ResumeError` for anything else."""
    if (words := _replied(value)) is not None:
        value = words
    if isinstance(value, dict):
        try:
            value = AnswerResume.model_validate(value).answer
        except ValidationError as exc:
            raise ResumeError(f"a question takes {{\"answer\": text}} or plain text ({_problems(exc)})") from exc
        if isinstance(value, dict):
            return value
    if not isinstance(value, str):
        raise ResumeError(f"a question takes its answer as text or {{\"answer\": text}}, not {_json_type(value)}")
    if max_chars is not None and len(value) > max_chars:
        raise ResumeError(f"the answer is {len(value)} characters long; the limit is {max_chars}")
    return value


def _from_hitl(value: dict[str, Any], action_name: str) -> ReviewDecision:
    decision = _HITLResponse.model_validate(value if "decisions" in value else {"decisions": [value]}).decisions[0]
    if isinstance(decision, _Approve):
        return ReviewDecision(action="approve", acknowledge=decision.acknowledge)
    if isinstance(decision, _Reject):
        if not (decision.message or "").strip():
            raise ResumeError("a rejection needs a 'message' saying what to change")
        if reading(decision.message or "") == "approve_anyway":  # the one way Agent Chat UI can acknowledge
            return ReviewDecision(action="approve", acknowledge=True)
        return ReviewDecision(action="reject", feedback=decision.message)
    if isinstance(decision, _Respond):
        return _from_words(decision.message)
    if decision.edited_action.name != action_name:
        raise ResumeError(f"the edited action is {action_name!r}, not {decision.edited_action.name!r}")
    return ReviewDecision(action="edit", edits=decision.edited_action.args)


def _from_agent_inbox(value: list[Any], action_name: str) -> ReviewDecision:
    if len(value) != 1:
        raise ResumeError(f"one response to the one action under review, not {len(value)}")
    response = _InboxResponse.model_validate(value[0])
    if response.type == "accept":
        acknowledge = isinstance(response.args, dict) and response.args.get("acknowledge") is True
        return ReviewDecision(action="approve", acknowledge=acknowledge)
    if response.type == "response":
        if not isinstance(response.args, str):
            raise ResumeError("a 'response' carries its text in 'args': what to change")
        return _from_words(response.args)
    if response.type == "edit":
        args = response.args if isinstance(response.args, dict) else {}
        if args.get("action", action_name) != action_name or not isinstance(args.get("args"), dict):
            raise ResumeError(f"an 'edit' carries {{\"action\": {action_name!r}, \"args\": {{...the draft...}}}}")
        return ReviewDecision(action="edit", edits=args["args"])
    raise ResumeError("a review cannot be ignored: accept, edit, or respond with what to change")


def _from_words(text: str) -> ReviewDecision:
    """A reply in words: a plain approval, an approval over open errors ("approve anyway"), or feedback."""
    if not text.strip():
        raise ResumeError("a reply needs a message: what to change, or \"approve\"")
    said = reading(text)
    if said == "feedback":
        return ReviewDecision(action="reject", feedback=text)
    return ReviewDecision(action="approve", acknowledge=said == "approve_anyway")


def unacknowledged(open_errors: list[str]) -> str:
    """Why an approval over open errors was not taken, and how to give it."""
    listed = "; ".join(open_errors[:3]) + ("; ..." if len(open_errors) > 3 else "")
    return (f"the draft has {len(open_errors)} open error(s): {listed}. To keep it as it is, reply \"approve anyway\" "
            "(or approve with \"acknowledge\": true; LangChain's shape: {\"type\": \"approve\", \"acknowledge\": "
            "true}; Agent Inbox's: {\"type\": \"accept\", \"args\": {\"acknowledge\": true}}), or edit it, or reject "
            "it with what to change")


def parse_review(value: Any, *, action_name: str) -> tuple[ReviewDecision, ResumeShape]:
    """The decision a review's resume carries, in any of the shapes clients send; `ResumeError` for anything else.

    `{"action": ...}` (the project's), `{"decisions": [{"type": ...}]}` or one bare `{"type": ...}` (LangChain's:
    approve, edit with `edited_action`, reject with a `message`), or `[{"type": "accept" | "edit" | "response"}]`
    (Agent Inbox's: a response is feedback, as a rejection).
    """
    try:
        if isinstance(value, dict) and set(value) == {"chat"} and isinstance(value["chat"], str):
            return _from_words(value["chat"]), "chat"
        if isinstance(value, list):
            return _from_agent_inbox(value, action_name), "agent_inbox"
        if isinstance(value, dict) and ("decisions" in value or "type" in value):
            return _from_hitl(value, action_name), "hitl"
        if isinstance(value, dict):
            return ReviewDecision.model_validate(value), "coach"
    except ValidationError as exc:
        raise ResumeError(f"this review decision cannot be used: {_problems(exc)}") from exc
    raise ResumeError('a review takes {"action": "approve" | "edit" | "reject", ...} or {"decisions": [{"type": '
                      f'"approve" | "edit" | "reject", ...}}]}}, not {_json_type(value)}')
