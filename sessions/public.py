"""What the session service returns and accepts: views of sessions, plans, history and the inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField

from domain.assessment import Assessment
from domain.failures import Failure
from domain.interrupts import InterruptKind, PendingInterrupt
from domain.plan import Plan
from domain.profile import Profile
from domain.resumes import ReviewAction
from domain.review import Review
from domain.state import Turn
from observability.store import SessionUsage
from sessions.tables import PlanStatus, SessionStatus, UserBase


class UserPublic(UserBase):
    id: str = PydanticField(description="The user's id.")
    created_at: datetime = PydanticField(description="When the user was created.")


class SessionSummary(BaseModel):
    id: str = PydanticField(description="The session's id (also its graph thread id).")
    owner_id: str = PydanticField(description="The coachee the session belongs to.")
    status: SessionStatus = PydanticField(description="Where the session stands; `failed` until a retry.")
    running: bool = PydanticField(description="A run of the graph is under way.")
    version: int = PydanticField(description="Steps applied so far; every resume moves it on by one.")
    pending_id: str | None = PydanticField(description="The id of the interrupt the session waits on, if any.")
    pending_kind: InterruptKind | None = PydanticField(description="question, assessment_review or plan_review.")
    error: Failure | None = PydanticField(default=None, description="Why the last run failed; retry to continue.")
    created_at: datetime = PydanticField(description="When the session was started.")
    updated_at: datetime = PydanticField(description="When the session last changed.")


class SessionCreate(BaseModel):
    """What a new session starts from: nothing (a full session), or the session whose approved plan it checks in on."""

    model_config = ConfigDict(extra="forbid")

    follows: str | None = PydanticField(
        default=None, min_length=1, max_length=32, pattern=r"^[0-9a-f]{1,32}$",
        description="A check-in on this session's approved plan: the plan's owner, or a coach who may see it, starts "
                    "it; 409 when it has no approved plan.")


class SessionListItem(SessionSummary):
    """A session in a list: its summary, whose it is and, on request, what its runs used."""

    owner_name: str | None = PydanticField(default=None, description="The owner's display name.")
    usage: SessionUsage | None = PydanticField(
        default=None, description="Totals over the session's traces (with `usage=true`): runs, spans, errors, "
        "tokens, cost and the time its runs took.")


class SessionPublic(SessionSummary):
    """The session view: its status and everything the graph has produced so far."""

    pending: PendingInterrupt | None = PydanticField(description="What the session waits for, if anything.")
    transcript: list[Turn] = PydanticField(
        default_factory=list, description="The interview so far: each question asked and the answer it got.")
    profile: Profile | None = PydanticField(
        default=None, description="What the interview has learned about the person.")
    assessment: Assessment | None = PydanticField(default=None, description="The assessment, once written.")
    assessment_review: Review | None = PydanticField(default=None, description="The guards' verdict on it.")
    plan: Plan | None = PydanticField(default=None, description="The plan, once drafted (a draft until approved).")
    review: Review | None = PydanticField(default=None, description="The guards' verdict on the plan.")
    follows: str | None = PydanticField(
        default=None, description="A check-in: the session whose approved plan it follows (its plan adapts that one).")


class ResumeRequest(BaseModel):
    """`{interrupt_id, answer}` for a question; `{interrupt_id, action, edits?, feedback?}` for a review."""

    model_config = ConfigDict(extra="forbid")

    interrupt_id: str = PydanticField(min_length=1, max_length=64, description="The pending interrupt's id.")
    answer: str | dict[str, Any] | None = PydanticField(
        default=None, description="The answer to a question, at most COACH_LIMIT_ANSWER_CHARS characters (maxLength); "
        "or the structured answer the question's `answer_schema` describes (a choice, hours with when, years).")
    action: ReviewAction | None = PydanticField(default=None, description="A review decision.")
    edits: dict[str, Any] | None = PydanticField(default=None, description="With 'edit': draft fields to replace.")
    feedback: str | None = PydanticField(default=None, description="With 'reject' (required) or 'edit'.")
    acknowledge: bool | None = PydanticField(
        default=None, description="With 'approve': approve although the guards found errors in the draft.")


class PlanVersionPublic(BaseModel):
    """A plan as it stood at a plan review or at completion."""

    number: int = PydanticField(description="1 for the first draft shown to a person, then one more per change.")
    status: PlanStatus = PydanticField(description="draft, edited (by a person) or approved.")
    interrupt_id: str | None = PydanticField(description="The plan review it was shown at; none once approved.")
    created_at: datetime = PydanticField(description="When this version was stored.")
    plan: dict[str, Any] = PydanticField(
        description="The plan as stored. Kept as it was written, so an old version reads even after the plan "
        "schema gained fields.")


class PlanPublic(BaseModel):
    session_id: str = PydanticField(description="The session the plan belongs to.")
    status: PlanStatus = PydanticField(description="approved once the session completed; else draft or edited.")
    version: int | None = PydanticField(description="The latest stored plan version's number.")
    plan: Plan = PydanticField(description="The plan.")
    follows: str | None = PydanticField(
        default=None, description="A check-in's plan: the session whose approved plan it adapted (the version before).")


class HistoryEntry(BaseModel):
    """One checkpoint of the session's graph thread."""

    checkpoint_id: str = PydanticField(description="The checkpoint's id.")
    parent_checkpoint_id: str | None = PydanticField(description="The checkpoint before it, if any.")
    created_at: datetime | None = PydanticField(description="When the checkpoint was written.")
    step: int | None = PydanticField(description="The graph step it was written at.")
    source: str | None = PydanticField(description="What wrote it: input, loop or update.")
    next: list[str] = PydanticField(description="Nodes due to run from this checkpoint.")
    phase: str | None = PydanticField(description="The session's phase at that checkpoint.")
    pending_ids: list[str] = PydanticField(description="Interrupts pending at this checkpoint.")


class InboxItem(BaseModel):
    """A review checkpoint waiting for a decision."""

    session_id: str = PydanticField(description="The session waiting for a review.")
    owner_id: str = PydanticField(description="The coachee the session belongs to.")
    owner_name: str = PydanticField(description="Whose session it is.")
    interrupt_id: str = PydanticField(description="Name it as `interrupt_id` when deciding.")
    kind: InterruptKind = PydanticField(description="assessment_review or plan_review.")
    waiting_since: datetime = PydanticField(description="When the session paused here.")
    summary: str | None = PydanticField(
        default=None, description="One line about the draft: an assessment's best role match, a plan's summary.")
    issue_count: int = PydanticField(default=0, ge=0, description="Issues the guards found in the draft.")
    error_count: int = PydanticField(
        default=0, ge=0, description="Of those, errors: approving over them needs `acknowledge: true`.")
