"""The coaching graph's state. Narrow and typed; `transcript` and `decisions` append, `messages` merges by id
(LangChain's `add_messages`), all else replaces. `CoachInput` and `CoachOutput` are what a run takes and returns."""

from __future__ import annotations

import operator
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, NotRequired

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages
from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from domain.assessment import Assessment
from domain.checkin import Checkin
from domain.feedback import Adjustments
from domain.interrupts import InterruptKind
from domain.interview import AskedQuestion
from domain.plan import Plan
from domain.profile import Profile
from domain.resumes import ChatReply, ReviewAction
from domain.review import Review

Phase = Literal["interviewing", "confirming", "assessing", "awaiting_review", "planning", "completed"]


class Turn(BaseModel):
    """One question and the answer it got."""

    model_config = ConfigDict(frozen=True)

    question_id: str = Field(description="The question bank entry asked.")
    field: str = Field(description="The profile field the answer was for.")
    question: str = Field(description="The question as it was put.")
    answer: str = Field(description="The person's answer.")
    counted: bool = Field(description="Whether the answer filled the field.")


class Decision(BaseModel):
    """A human decision at a review checkpoint (the API keeps its own audit log as well)."""

    model_config = ConfigDict(frozen=True)

    interrupt_id: str
    kind: InterruptKind
    action: ReviewAction
    feedback: str | None = None
    edits: dict[str, Any] | None = None
    acknowledged: list[str] = Field(default_factory=list, description="Guard errors approved over, knowingly.")
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))


Messages = Annotated[list[AnyMessage], add_messages]
"""The conversation as chat clients show it: each question, each answer, a note per review decision."""


class CoachInput(TypedDict, total=False):
    """What a run starts from: nothing, or a chat client's message. On a new thread it opens the session (kept; the
    interview starts anyway); on a thread waiting at a question or a review it answers that interrupt, as a resume
    would; only "start over" (or a new thread) starts the session again. Also whose session it is (`person`: what
    is known of them is remembered and recalled), and for a check-in the session whose approved plan it follows."""

    messages: Messages
    person: str
    follows: str


class CoachOutput(TypedDict):
    """What a run returns: the session's results and its conversation."""

    phase: Phase
    profile: Profile
    assessment: Assessment | None
    assessment_review: Review | None
    plan: Plan | None
    review: Review | None
    revisions: int
    adjustments: Adjustments
    questions_asked: int
    transcript: Annotated[list[Turn], operator.add]
    decisions: Annotated[list[Decision], operator.add]
    messages: Messages
    tokens_used: int


class CoachState(TypedDict):
    phase: Phase
    profile: Profile
    asked: AskedQuestion | None
    """The question awaiting an answer (set by `interview`, answered through `ask`)."""
    answer: str | None
    """The latest answer, read by `interview` on its next pass."""
    structured: dict[str, Any] | None
    """The latest answer's structured part, when the person sent one (checked against the question's schema)."""
    asked_ids: list[str]
    questions_asked: int
    transcript: Annotated[list[Turn], operator.add]
    assessment: Assessment | None
    assessment_review: Review | None
    plan: Plan | None
    review: Review | None
    revisions: int
    feedback: str | None
    adjustments: Adjustments
    """What the person asked of the plan at its checkpoints, kept through every revision until approval."""
    feedback_ops: Adjustments
    """What the latest round of feedback asked (the revision notes say what became of each part of it)."""
    shown_plan: Plan | None
    """The plan the person last saw at the plan review: what a revision's notes are measured against."""
    corrected: list[str]
    """The fields the person's correction in words changed, and the profile review shows the result again (empty:
    no correction pending). Checkpoints written before held a bool here."""
    interrupts: int
    """Interrupts answered so far; the next interrupt's id derives from it."""
    decisions: Annotated[list[Decision], operator.add]
    tokens_used: int
    messages: Messages
    resume_error: str | None
    """Why the last resume value was refused; the interrupt that asks again shows it."""
    chat: ChatReply | None
    """A chat message that arrived as new input while the session waited at an interrupt: that interrupt's node takes
    it as its resume value instead of pausing (`graphs.conversation`)."""
    person: NotRequired[str | None]
    """Whose session this is: the key of what the memory keeps of them (none: nothing is remembered)."""
    follows: NotRequired[str | None]
    """A check-in: the session whose approved plan it follows."""
    checkin: Checkin | None
    """The check-in under way (None in a full session)."""
    remembered: NotRequired[Profile | None]
    """A returning person's profile as the memory held it when this session began (None: nothing was recalled, or
    the person asked to start afresh); the profile review says which fields still come from it."""


def initial_state() -> CoachState:
    return CoachState(
        phase="interviewing", profile=Profile(), asked=None, answer=None, structured=None, asked_ids=[],
        questions_asked=0,
        transcript=[], assessment=None, assessment_review=None, plan=None, review=None, revisions=0, feedback=None,
        adjustments=Adjustments(), feedback_ops=Adjustments(), shown_plan=None, corrected=[],
        interrupts=0, decisions=[],
        tokens_used=0, messages=[], resume_error=None, chat=None, checkin=None, remembered=None,
    )


def interrupt_id(state: CoachState, kind: InterruptKind) -> str:
    """Deterministic across re-runs of the interrupting node: derived from checkpointed state only."""
    return f"i{state['interrupts'] + 1}-{kind}"
