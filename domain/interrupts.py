"""The interrupt and resume contract: what the graph sends when it pauses, and what a resume may carry.

The graph's nodes build these payloads, the API returns them as a session's `pending` interrupt, and the CLI
reads them. The JSON that travels is `model_dump(mode="json")` of one of the payload models.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from domain.assessment import Assessment
from domain.plan import Plan
from domain.review import Review
from knowledge.models import ProfileField

InterruptKind = Literal["question", "assessment_review", "plan_review"]
ReviewKind = Literal["assessment_review", "plan_review"]
ReviewAction = Literal["approve", "edit", "reject"]
DecisionAction = Literal["answer", "approve", "edit", "reject"]
"""What a resume did: answered a question, or decided a review."""

REVIEW_KINDS: tuple[ReviewKind, ...] = ("assessment_review", "plan_review")
REVIEW_ACTIONS: tuple[ReviewAction, ...] = ("approve", "edit", "reject")
ANSWER_ONLY: tuple[Literal["answer"], ...] = ("answer",)
FEEDBACK_CHARS = 4000


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="The interrupt's id: name it as `interrupt_id` when resuming over the API.")
    prompt: str = Field(description="What to show the person.")


class Progress(BaseModel):
    model_config = ConfigDict(extra="forbid")

    asked: int = Field(ge=0, description="Questions asked so far, this one included.")
    max: int = Field(ge=1, description="The most questions this interview asks.")


class QuestionInterrupt(_Payload):
    """An interview question: resume with the answer. `prompt` is `reflection` then `question`."""

    kind: Literal["question"] = "question"
    question: str = Field(description="The question itself.")
    reflection: str | None = Field(
        default=None, description="What the coach heard in the last answer, or why the question comes again.")
    field: ProfileField = Field(description="The profile field the answer fills.")
    question_id: str = Field(description="The question bank entry asked.")
    attempt: int = Field(ge=1, description="2 when the question is asked again after an answer that did not count.")
    progress: Progress
    allowed: list[Literal["answer"]] = Field(default_factory=lambda: list(ANSWER_ONLY), description="The resume.")


class _ReviewInterrupt(_Payload):
    review: Review | None = Field(default=None, description="The guards' verdict on the draft.")
    allowed: list[ReviewAction] = Field(default_factory=lambda: list(REVIEW_ACTIONS))


class AssessmentReviewInterrupt(_ReviewInterrupt):
    """The assessment, for a human to approve, edit or reject with feedback."""

    kind: Literal["assessment_review"] = "assessment_review"
    draft: Assessment = Field(description="The assessment to decide on.")


class PlanReviewInterrupt(_ReviewInterrupt):
    """The plan, for a human to approve, edit or reject with feedback."""

    kind: Literal["plan_review"] = "plan_review"
    draft: Plan = Field(description="The plan to decide on.")


PendingInterrupt = Annotated[
    QuestionInterrupt | AssessmentReviewInterrupt | PlanReviewInterrupt, Field(discriminator="kind")
]
ReviewInterrupt = AssessmentReviewInterrupt | PlanReviewInterrupt
PENDING_ADAPTER: TypeAdapter[QuestionInterrupt | AssessmentReviewInterrupt | PlanReviewInterrupt] = TypeAdapter(
    PendingInterrupt
)


def parse_pending(value: Any) -> QuestionInterrupt | AssessmentReviewInterrupt | PlanReviewInterrupt:
    """An interrupt payload as the graph stored it (JSON), typed."""
    return PENDING_ADAPTER.validate_python(value)


class AnswerResume(BaseModel):
    """The resume value of a question."""

    model_config = ConfigDict(extra="forbid")

    answer: str = Field(description="The person's answer, in their own words.")


class ReviewDecision(BaseModel):
    """The resume value of a review checkpoint."""

    model_config = ConfigDict(extra="forbid")

    action: ReviewAction
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
