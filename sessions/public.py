"""What the session service returns and accepts: views of sessions, plans, history and the inbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField

from domain.assessment import Assessment
from domain.failures import Failure
from domain.interrupts import InterruptKind, PendingInterrupt, ReviewAction
from domain.plan import Plan
from domain.profile import Profile
from domain.review import Review
from sessions.tables import PlanStatus, SessionStatus, UserBase


class UserPublic(UserBase):
    id: str
    created_at: datetime


class SessionSummary(BaseModel):
    id: str = PydanticField(description="The session's id (also its graph thread id).")
    owner_id: str = PydanticField(description="The coachee the session belongs to.")
    status: SessionStatus = PydanticField(description="Where the session stands; `failed` until a retry.")
    running: bool = PydanticField(description="A run of the graph is under way.")
    version: int = PydanticField(description="Steps applied so far; every resume moves it on by one.")
    pending_id: str | None = PydanticField(description="The id of the interrupt the session waits on, if any.")
    pending_kind: InterruptKind | None = PydanticField(description="question, assessment_review or plan_review.")
    error: Failure | None = PydanticField(default=None, description="Why the last run failed; retry to continue.")
    created_at: datetime
    updated_at: datetime


class SessionPublic(SessionSummary):
    """The session view: its status and everything the graph has produced so far."""

    pending: PendingInterrupt | None = PydanticField(description="What the session waits for, if anything.")
    profile: Profile | None = None
    assessment: Assessment | None = None
    assessment_review: Review | None = PydanticField(default=None, description="The guards' verdict on it.")
    plan: Plan | None = None
    review: Review | None = PydanticField(default=None, description="The guards' verdict on the plan.")


class ResumeRequest(BaseModel):
    """`{interrupt_id, answer}` for a question; `{interrupt_id, action, edits?, feedback?}` for a review."""

    model_config = ConfigDict(extra="forbid")

    interrupt_id: str = PydanticField(min_length=1, max_length=64, description="The pending interrupt's id.")
    answer: str | None = PydanticField(
        default=None, description="The answer to a question, at most COACH_LIMIT_ANSWER_CHARS characters (maxLength)."
    )
    action: ReviewAction | None = PydanticField(default=None, description="A review decision.")
    edits: dict[str, Any] | None = PydanticField(default=None, description="With 'edit': draft fields to replace.")
    feedback: str | None = PydanticField(default=None, description="With 'reject' (required) or 'edit'.")
    acknowledge: bool | None = PydanticField(
        default=None, description="With 'approve': approve although the guards found errors in the draft.")


class PlanPublic(BaseModel):
    session_id: str
    status: PlanStatus = PydanticField(description="approved once the session completed; else draft or edited.")
    version: int | None = PydanticField(description="The latest stored plan version's number.")
    plan: Plan


class HistoryEntry(BaseModel):
    """One checkpoint of the session's graph thread."""

    checkpoint_id: str
    parent_checkpoint_id: str | None
    created_at: datetime | None
    step: int | None
    source: str | None
    next: list[str] = PydanticField(description="Nodes due to run from this checkpoint.")
    phase: str | None
    pending_ids: list[str] = PydanticField(description="Interrupts pending at this checkpoint.")


class InboxItem(BaseModel):
    session_id: str
    owner_id: str
    owner_name: str
    interrupt_id: str
    kind: InterruptKind
    waiting_since: datetime
