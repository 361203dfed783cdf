"""The interrupt and resume contract: what the graph sends when it pauses, and what a resume may carry.

The graph's nodes build these payloads, the API returns them as a session's `pending` interrupt, and the CLI
reads them. The JSON that travels is `model_dump(mode="json")` of one of the payload models. Every payload also
carries LangChain's human-in-the-loop request (`action_requests` with a Markdown `description`, `review_configs`), so
LangGraph clients (Agent Chat UI, Agent Inbox, Studio) render it: a review as the draft to approve, edit or reject, a
question (an interview's or a check-in's) as an action to respond to. `response_schema` is the JSON Schema of every
resume value the interrupt takes. What a resume may carry, and how it is read, is `domain.resumes`.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from domain.answers import Option
from domain.assessment import Assessment
from domain.checkin import STATUS_LABELS, ActionKey, CheckinStep
from domain.plan import Plan
from domain.profile import Profile, ReviewField
from domain.resumes import ReviewAction, answer_response_schema, review_response_schema
from domain.review import Review
from knowledge.models import AnswerKind, ProfileField, StageId

InterruptKind = Literal["question", "profile_review", "assessment_review", "plan_review", "checkin"]
ReviewKind = Literal["profile_review", "assessment_review", "plan_review"]
HITLDecision = Literal["approve", "edit", "reject", "respond"]
"""A decision LangChain's human-in-the-loop request allows; `respond` is a reply in words (Agent Inbox's "response",
which it offers where `reject` is allowed)."""
DecisionAction = Literal["answer", "approve", "edit", "reject"]
"""What a resume did: answered a question, or decided a review."""

REVIEW_KINDS: tuple[ReviewKind, ...] = ("profile_review", "assessment_review", "plan_review")
COACH_REVIEW_KINDS: tuple[ReviewKind, ...] = ("assessment_review", "plan_review")
"""The reviews a coach's inbox lists; the profile review is the person's own."""
REVIEW_ACTIONS: tuple[ReviewAction, ...] = ("approve", "edit", "reject")
ANSWER_ONLY: tuple[Literal["answer"], ...] = ("answer",)
QUESTION_DECISIONS: tuple[HITLDecision, ...] = ("respond", "reject")
"""A question in LangChain's shape: answered in words, as a reply (`respond`, or the message of a `reject`, the one
reply Agent Chat UI's widget and Agent Inbox offer)."""
QUESTION_ACTION = "question"
ACTION_NAMES: dict[ReviewKind, str] = {"profile_review": "profile", "assessment_review": "assessment",
                                       "plan_review": "plan"}
"""The name of the action a review asks about, in LangChain's human-in-the-loop request."""


class ActionRequest(BaseModel):
    """LangChain's human-in-the-loop action request: the draft, as the arguments of the action under review."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="The action under review: `profile`, `assessment`, `plan`, or `question`.")
    args: dict[str, Any] = Field(description="The draft; an edit sends it back changed (fields may come as JSON "
                                             "text, as form-based clients send them).")
    arguments: dict[str, Any] = Field(description="The same as `args` but for fields still unknown (null), under the "
                                                  "name Agent Inbox reads.")
    description: str = Field(description="Markdown: what to decide, the draft in words, and the checks' findings.")

    @classmethod
    def of(cls, name: str, args: dict[str, Any], description: str) -> ActionRequest:
        """`arguments` leaves out the fields still unknown: Agent Inbox's edit form sizes each field by its value's
        length and fails on a null (the whole page with it); an edit it sends without them changes nothing there."""
        known = {key: value for key, value in args.items() if value is not None}
        return cls(name=name, args=args, arguments=known, description=description)


class ReviewConfig(BaseModel):
    """LangChain's human-in-the-loop review config: the decisions allowed, and what an edit must look like."""

    model_config = ConfigDict(extra="forbid")

    action_name: str = Field(description="The action this config applies to.")
    allowed_decisions: list[HITLDecision] = Field(
        description="A review: approve, edit and reject (with a message). A question: respond or reject, whose "
                    "message is the answer.")
    args_schema: dict[str, Any] | None = Field(default=None, description="JSON schema of the draft, for edits.")


class _Payload(BaseModel):
    # Every field is always sent: the schema says so, and `kind` discriminates the payloads for any client.
    model_config = ConfigDict(extra="forbid", json_schema_serialization_defaults_required=True)

    id: str = Field(description="The interrupt's id: name it as `interrupt_id` when resuming over the API.")
    prompt: str = Field(description="What to show the person.")
    error: str | None = Field(
        default=None, description="Why the previous resume value was refused; this interrupt asks again.")
    action_requests: list[ActionRequest] = Field(
        default_factory=list, description="LangChain's human-in-the-loop request: the draft (or the question) as one "
                                          "action, with a Markdown description.")
    review_configs: list[ReviewConfig] = Field(
        default_factory=list, description="LangChain's human-in-the-loop review config for that action.")


class Progress(BaseModel):
    model_config = ConfigDict(extra="forbid")

    asked: int = Field(ge=0, description="Questions asked so far, this one included.")
    max: int = Field(ge=1, description="The most questions this interview asks.")


class _Asking(_Payload):
    """A question, answered in words or in the structured shape its schema describes; in LangChain's human-in-the-loop
    shape, one `question` action to respond to, described in Markdown (`_markdown`), its words as `args`."""

    response_schema: dict[str, Any] = Field(
        default_factory=dict,
        description="JSON Schema of the resume values this question takes, in every shape it reads.")

    def _args(self) -> dict[str, Any]:
        raise NotImplementedError

    def _markdown(self) -> str:
        raise NotImplementedError

    @model_validator(mode="after")
    def _as_hitl_request(self) -> Self:
        """The question in LangChain's human-in-the-loop shape too, so chat clients and inboxes offer a reply box."""
        if not self.response_schema:
            self.response_schema = answer_response_schema()
        if not self.action_requests:
            self.action_requests = [ActionRequest.of(QUESTION_ACTION, self._args(), self._markdown())]
            self.review_configs = [ReviewConfig(action_name=QUESTION_ACTION,
                                                allowed_decisions=list(QUESTION_DECISIONS))]
        return self


class QuestionInterrupt(_Asking):
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

    def _args(self) -> dict[str, Any]:
        return {"question": self.question}

    def _markdown(self) -> str:
        return question_markdown(self)


class CheckinInterrupt(_Asking):
    """A check-in question: how one action went, or what changed. Resume with the answer: words, or the structured
    answer `answer_schema` describes."""

    kind: Literal["checkin"] = Field(default="checkin", description="What this interrupt is.")
    step: CheckinStep = Field(description="action (how one action went) or changes (what changed).")
    action: ActionKey | None = Field(default=None, description="The action asked about (step action).")
    stage: StageId = Field(description="The stage the check-in is about.")
    asked: int = Field(ge=1, description="This question's number.")
    of: int = Field(ge=1, description="How many questions this check-in asks.")
    known: dict[str, Any] = Field(
        default_factory=dict, description="What is already known, pre-filled: change only what changed.")
    allowed: list[Literal["answer"]] = Field(default_factory=lambda: list(ANSWER_ONLY), description="The resume.")
    answer_schema: dict[str, Any] = Field(description="JSON Schema of the answer: text, or the structured answer.")
    options: list[Option] = Field(default_factory=list, description="Statuses (action) or ratings (changes).")

    def _args(self) -> dict[str, Any]:
        if self.action is None:
            return {"question": self.prompt}
        return {"question": self.prompt, "action": self.action.title,
                "planned_hours_per_week": self.action.hours_per_week}

    def _markdown(self) -> str:
        return checkin_markdown(self)


class _ReviewInterrupt(_Payload):
    review: Review | None = Field(default=None, description="The guards' verdict on the draft.")
    allowed: list[ReviewAction] = Field(default_factory=lambda: list(REVIEW_ACTIONS),
                                        description="The decisions a resume may take.")
    response_schema: dict[str, Any] = Field(
        default_factory=dict,
        description="JSON Schema of the resume values this review takes, in every shape it reads.")


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


def findings_markdown(review: Review | None) -> str:
    """The checks' findings on a draft, as a Markdown list (empty when there are none)."""
    issues = review.issues if review else []
    if not issues:
        return ""
    lines = [f"- **{i.severity}** in `{i.path or 'the draft'}` ({i.check}): {i.message}" for i in issues]
    errors = sum(i.severity == "error" for i in issues)
    closing = (["", "To keep the draft as it is all the same, reply \"approve anyway\"."] if errors else [])
    return "\n".join(["**The checks found:**", "", *lines, *closing])


def review_markdown(prompt: str, summary: str, review: Review | None, error: str | None) -> str:
    """What a review asks, as Markdown: why the last reply was not applied, the ask, the draft in words, and the
    checks' findings."""
    parts = [f"**Not applied:** {error}" if error else "", prompt, summary, findings_markdown(review)]
    return "\n\n".join(p for p in parts if p)


def asking_markdown(error: str | None, lead: list[str], question: str, options: list[Option], closing: str) -> str:
    """A question as Markdown: why it comes again, what leads to it, the question, its options, and how to reply."""
    parts = [f"**Not applied:** {error}" if error else "", *lead, f"**{question}**",
             "\n".join(f"- {o.label}" for o in options), f"_{closing}_"]
    return "\n\n".join(p for p in parts if p)


def question_markdown(question: QuestionInterrupt) -> str:
    """An interview question as Markdown: why it comes again, what was heard, the question, its options."""
    return asking_markdown(question.error, [question.reflection or ""], question.question, question.options,
                           f"Question {question.progress.asked} of at most {question.progress.max}: reply with your "
                           "answer.")


def checkin_markdown(question: CheckinInterrupt) -> str:
    """A check-in question as Markdown: why it comes again, the action asked about with its planned hours (and how it
    went last time), the question, its options."""
    lead: list[str] = []
    if question.action is not None:
        said = question.known.get("last_status")
        last = next((label for status, label in STATUS_LABELS.items() if status == said), None)
        lead.append(f"**Action:** {question.action.title} - {question.action.hours_per_week:g} h a week planned"
                    + (f" (last check-in: {last.lower()})" if last else ""))
    return asking_markdown(question.error, lead, question.prompt, question.options,
                           f"Check-in question {question.asked} of {question.of}: reply in your own words.")


def review_interrupt(
    kind: ReviewKind, *, id: str, prompt: str, draft: Profile | Assessment | Plan, review: Review | None,
    summary: str, error: str | None = None, **extra: Any,
) -> ReviewInterrupt:
    """The payload of a review checkpoint, in the project's shape and LangChain's human-in-the-loop shape at once.
    `summary` is the draft in words (Markdown); the description adds the ask, the findings and any refusal."""
    name = ACTION_NAMES[kind]
    hitl: dict[str, Any] = {
        "action_requests": [ActionRequest.of(name, draft.model_dump(mode="json"),
                                             review_markdown(prompt, summary, review, error))],
        "review_configs": [ReviewConfig(action_name=name, allowed_decisions=list(REVIEW_ACTIONS),
                                        args_schema=_draft_schema(kind))],
        "response_schema": review_response_schema(),
    }
    if isinstance(draft, Profile):
        return ProfileReviewInterrupt(id=id, prompt=prompt, draft=draft, review=review, error=error,
                                      uncertain=draft.uncertain, unanswered=draft.skipped, **hitl, **extra)
    if isinstance(draft, Assessment):
        return AssessmentReviewInterrupt(id=id, prompt=prompt, draft=draft, review=review, error=error, **hitl,
                                         **extra)
    return PlanReviewInterrupt(id=id, prompt=prompt, draft=draft, review=review, error=error, **hitl)
