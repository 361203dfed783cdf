"""The interrupt and resume contract: what the graph sends when it pauses, and what a resume may carry.

The graph's nodes build these payloads, the API returns them as a session's `pending` interrupt, and the CLI
reads them. The JSON that travels is `model_dump(mode="json")` of one of the payload models. A review payload also
carries LangChain's human-in-the-loop request (`action_requests`, `review_configs`), so LangGraph clients (Agent
Chat UI, Agent Inbox, Studio) render it; `parse_answer` and `parse_review` read a resume in any of the shapes those
clients send, and refuse anything else with a `ResumeError` the graph shows back in its next interrupt.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from domain.answers import Option
from domain.assessment import Assessment
from domain.checkin import CheckinInterrupt
from domain.plan import Plan
from domain.profile import Profile, ReviewField
from domain.review import Review
from knowledge.models import AnswerKind, ProfileField

InterruptKind = Literal["question", "profile_review", "assessment_review", "plan_review", "checkin"]
ReviewKind = Literal["profile_review", "assessment_review", "plan_review"]
ReviewAction = Literal["approve", "edit", "reject"]
DecisionAction = Literal["answer", "approve", "edit", "reject"]
"""What a resume did: answered a question, or decided a review."""

REVIEW_KINDS: tuple[ReviewKind, ...] = ("profile_review", "assessment_review", "plan_review")
COACH_REVIEW_KINDS: tuple[ReviewKind, ...] = ("assessment_review", "plan_review")
"""The reviews a coach's inbox lists; the profile review is the person's own."""
REVIEW_ACTIONS: tuple[ReviewAction, ...] = ("approve", "edit", "reject")
ANSWER_ONLY: tuple[Literal["answer"], ...] = ("answer",)
FEEDBACK_CHARS = 4000
ACTION_NAMES: dict[ReviewKind, str] = {"profile_review": "profile", "assessment_review": "assessment",
                                       "plan_review": "plan"}
"""The name of the action a review asks about, in LangChain's human-in-the-loop request."""


class ResumeError(ValueError):
    """A resume value the pending interrupt cannot use; the graph asks again, showing this message."""


class _Payload(BaseModel):
    # Every field is always sent: the schema says so, and `kind` discriminates the payloads for any client.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)

    id: str = Field(description="The interrupt's id: name it as `interrupt_id` when resuming over the API.")
    prompt: str = Field(description="What to show the person.")
    error: str | None = Field(
        default=None, description="Why the previous resume value was refused; this interrupt asks again.")


class Progress(BaseModel):
    model_config = ConfigDict(extra="forbid")

    asked: int = Field(ge=0, description="Questions asked so far, this one included.")
    max: int = Field(ge=1, description="The most questions this interview asks.")


class QuestionInterrupt(_Payload):
    """An interview question: resume with the answer. `prompt` is `reflection` then `question`."""

    kind: Literal["question"] = Field(default="question", description="What this interrupt is.")
    question: str = Field(description="The question itself.")
    reflection: str | None = Field(
        default=None, description="What the coach heard in the last answer, or why the question comes again.")
    field: ProfileField = Field(description="The profile field the answer fills.")
    question_id: str = Field(description="The question bank entry asked.")
    attempt: int = Field(ge=1, description="2 when the question is asked again after an answer that did not count.")
    progress: Progress = Field(description="How far the interview has gone.")
    allowed: list[Literal["answer"]] = Field(default_factory=lambda: list(ANSWER_ONLY), description="The resume.")
    answer_kind: AnswerKind = Field(default="text", description="text, choice, choices, hours or years.")
    answer_schema: dict[str, Any] = Field(
        default_factory=lambda: {"type": "string"},
        description="JSON Schema of the answer: free text always, or the structured answer it describes.")
    options: list[Option] = Field(
        default_factory=list, description="The choices a structured answer picks from (value and label).")


class ActionRequest(BaseModel):
    """LangChain's human-in-the-loop action request: the draft, as the arguments of the action under review."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The action under review: `assessment` or `plan`.")
    args: dict[str, Any] = Field(description="The draft; an edit sends it back changed.")
    description: str = Field(description="What to decide, with the guards' findings on the draft.")


class ReviewConfig(BaseModel):
    """LangChain's human-in-the-loop review config: the decisions allowed, and what an edit must look like."""

    model_config = ConfigDict(extra="forbid")

    action_name: str = Field(description="The action this config applies to.")
    allowed_decisions: list[ReviewAction] = Field(description="approve, edit and reject (with a message).")
    args_schema: dict[str, Any] = Field(description="JSON schema of the draft, for edits.")


class _ReviewInterrupt(_Payload):
    review: Review | None = Field(default=None, description="The guards' verdict on the draft.")
    allowed: list[ReviewAction] = Field(default_factory=lambda: list(REVIEW_ACTIONS),
                                        description="The decisions a resume may take.")
    action_requests: list[ActionRequest] = Field(
        default_factory=list, description="LangChain's human-in-the-loop request: the draft as one action.")
    review_configs: list[ReviewConfig] = Field(
        default_factory=list, description="LangChain's human-in-the-loop review config for that action.")


class UnderstoodLine(BaseModel):
    """One field of the profile as the person reads it."""

    model_config = ConfigDict(extra="forbid")

    field: ReviewField = Field(description="The profile field.")
    label: str = Field(description="What the field is, in plain words.")
    value: str = Field(description="What was understood, in words ('not said' when nothing was).")
    unsure: bool = Field(description="Read with low confidence: check it first.")


class ProfileReviewInterrupt(_ReviewInterrupt):
    """What the interview understood, for the person to confirm (approve), correct field by field (edit: a
    correction replaces what was read) or correct in their own words (reject with feedback, read like an answer)."""

    kind: Literal["profile_review"] = Field(default="profile_review", description="What this interrupt is.")
    draft: Profile = Field(description="What was understood; the assessment and the plan use only this, once "
                                       "confirmed.")
    uncertain: list[ReviewField] = Field(
        default_factory=list, description="Fields read with low confidence: check these first.")
    unanswered: list[ProfileField] = Field(
        default_factory=list, description="Questions the interview asked without getting an answer.")
    understood: list[UnderstoodLine] = Field(
        default_factory=list, description="Every field the assessment and plan use, in words, in order.")
    choices: dict[str, list[Option]] = Field(
        default_factory=dict, description="Options for the fields that take them (situation, times, kinds of "
                                          "limits and worries, level): what an edit may send.")


class AssessmentReviewInterrupt(_ReviewInterrupt):
    """The assessment, for a human to approve, edit or reject with feedback."""

    kind: Literal["assessment_review"] = Field(default="assessment_review", description="What this interrupt is.")
    draft: Assessment = Field(description="The assessment to decide on.")
    roles: list[Option] = Field(
        default_factory=list, description="The roles a reviewer may place the person in instead: an edit of "
                                          "`{\"role_id\": value}` redoes the assessment on it ('none': none fits).")


class PlanReviewInterrupt(_ReviewInterrupt):
    """The plan, for a human to approve, edit or reject with feedback."""

    kind: Literal["plan_review"] = Field(default="plan_review", description="What this interrupt is.")
    draft: Plan = Field(description="The plan to decide on.")


AnyInterrupt = (QuestionInterrupt | ProfileReviewInterrupt | AssessmentReviewInterrupt | PlanReviewInterrupt
                | CheckinInterrupt)
PendingInterrupt = Annotated[AnyInterrupt, Field(discriminator="kind")]
ReviewInterrupt = ProfileReviewInterrupt | AssessmentReviewInterrupt | PlanReviewInterrupt
PENDING_ADAPTER: TypeAdapter[AnyInterrupt] = TypeAdapter(PendingInterrupt)
DRAFT_TYPES: dict[ReviewKind, type[BaseModel]] = {"profile_review": Profile, "assessment_review": Assessment,
                                                  "plan_review": Plan}


def parse_pending(value: Any) -> AnyInterrupt:
    """An interrupt payload as the graph stored it (JSON), typed."""
    return PENDING_ADAPTER.validate_python(value)


@cache
def _draft_schema(kind: ReviewKind) -> dict[str, Any]:
    return DRAFT_TYPES[kind].model_json_schema()


def review_interrupt(
    kind: ReviewKind, *, id: str, prompt: str, draft: Profile | Assessment | Plan, review: Review | None,
    error: str | None = None, **extra: Any,
) -> ReviewInterrupt:
    """The payload of a review checkpoint, in the project's shape and LangChain's human-in-the-loop shape at once."""
    findings = [f"- {i.severity} in {i.path or 'the draft'} ({i.check}): {i.message}" for i in (review.issues
                                                                                              if review else [])]
    description = "\n".join([*([f"Not applied: {error}"] if error else []), prompt,
                              *(["The guards found:", *findings] if findings else [])])
    name = ACTION_NAMES[kind]
    hitl: dict[str, Any] = {
        "action_requests": [ActionRequest(name=name, args=draft.model_dump(mode="json"), description=description)],
        "review_configs": [ReviewConfig(action_name=name, allowed_decisions=list(REVIEW_ACTIONS),
                                        args_schema=_draft_schema(kind))],
    }
    if isinstance(draft, Profile):
        return ProfileReviewInterrupt(id=id, prompt=prompt, draft=draft, review=review, error=error,
                                      uncertain=draft.uncertain, unanswered=draft.skipped, **hitl, **extra)
    if isinstance(draft, Assessment):
        return AssessmentReviewInterrupt(id=id, prompt=prompt, draft=draft, review=review, error=error, **hitl,
                                         **extra)
    return PlanReviewInterrupt(id=id, prompt=prompt, draft=draft, review=review, error=error, **hitl)


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


# --- reading a resume value, in any of the shapes LangGraph clients send ---------------------------------------

ResumeShape = Literal["coach", "hitl", "agent_inbox"]
"""Which shape a review resume came in: the project's `{"action"}`, LangChain's `{"decisions"}` (or one bare
decision), or Agent Inbox's list of responses."""


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


def _json_type(value: Any) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "an object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _problems(exc: ValidationError) -> str:
    parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" if e["loc"] else str(e["msg"])
             for e in exc.errors()[:3]]
    return "; ".join(parts)


def parse_answer(value: Any, *, max_chars: int | None = None) -> str | dict[str, Any]:
    """The answer a question's resume carries: text, `{"answer": text}` or `{"answer": {...structured...}}`;
    `ResumeError` for anything else."""
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
        return ReviewDecision(action="reject", feedback=decision.message)
    if isinstance(decision, _Respond):  # a reply in words is feedback, as Agent Inbox's "response" is
        if not decision.message.strip():
            raise ResumeError("a response needs a 'message' saying what to change")
        return ReviewDecision(action="reject", feedback=decision.message)
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
        return ReviewDecision(action="reject", feedback=response.args)
    if response.type == "edit":
        args = response.args if isinstance(response.args, dict) else {}
        if args.get("action", action_name) != action_name or not isinstance(args.get("args"), dict):
            raise ResumeError(f"an 'edit' carries {{\"action\": {action_name!r}, \"args\": {{...the draft...}}}}")
        return ReviewDecision(action="edit", edits=args["args"])
    raise ResumeError("a review cannot be ignored: accept, edit, or respond with what to change")


def unacknowledged(open_errors: list[str]) -> str:
    """Why an approval over open errors was not taken, and how to give it."""
    listed = "; ".join(open_errors[:3]) + ("; ..." if len(open_errors) > 3 else "")
    return (f"the draft has {len(open_errors)} open error(s): {listed}. Approve with \"acknowledge\": true to keep "
            "it as it is (LangChain's shape: {\"type\": \"approve\", \"acknowledge\": true}; Agent Inbox's: "
            "{\"type\": \"accept\", \"args\": {\"acknowledge\": true}}), or edit it, or reject it with what to change")


def parse_review(value: Any, *, action_name: str) -> tuple[ReviewDecision, ResumeShape]:
    """The decision a review's resume carries, in any of the shapes clients send; `ResumeError` for anything else.

    `{"action": ...}` (the project's), `{"decisions": [{"type": ...}]}` or one bare `{"type": ...}` (LangChain's:
    approve, edit with `edited_action`, reject with a `message`), or `[{"type": "accept" | "edit" | "response"}]`
    (Agent Inbox's: a response is feedback, as a rejection).
    """
    try:
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
