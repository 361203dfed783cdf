"""The API's own tables (users, keys, sessions, decisions, plan versions) and its public models.

Tables follow Base / Create / Public / table, as in fastapi/full-stack-fastapi-template. The graph's state
lives in the checkpointer; a session row holds what the API needs without reading it (owner, status,
version, the pending interrupt's id and kind).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField
from sqlalchemy import JSON, Column, DateTime, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from agents.assessor.schemas import Assessment, Profile
from agents.planner.schemas import Plan
from agents.reviewer.schemas import Review

Role = Literal["coachee", "coach", "admin"]
ROLES: tuple[Role, ...] = ("coachee", "coach", "admin")
SessionStatus = Literal["interviewing", "awaiting_review", "planning", "completed", "failed"]
InterruptKind = Literal["question", "assessment_review", "plan_review"]
DecisionAction = Literal["answer", "approve", "edit", "reject"]
PlanStatus = Literal["draft", "edited", "approved"]
REVIEW_KINDS: tuple[InterruptKind, ...] = ("assessment_review", "plan_review")


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


def aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; every stored time is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# --- users and keys ------------------------------------------------------------------------------------


class UserBase(SQLModel):
    name: str = Field(min_length=1, max_length=100, description="Display name.")
    role: Role = Field(sa_type=String(16), description="coachee, coach or admin.")


class UserCreate(UserBase):
    pass


class User(UserBase, table=True):
    __tablename__ = "users"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class UserPublic(UserBase):
    id: str
    created_at: datetime


class ApiKey(SQLModel, table=True):
    """A bearer key, stored as the SHA-256 of its secret; the prefix finds the row without a scan."""

    __tablename__ = "api_keys"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=32)
    prefix: str = Field(unique=True, max_length=32)
    key_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


# --- sessions ------------------------------------------------------------------------------------------


class CoachingSession(SQLModel, table=True):
    """One coaching session; its graph thread id is its id."""

    __tablename__ = "coaching_sessions"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    owner_id: str = Field(foreign_key="users.id", index=True, max_length=32)
    status: SessionStatus = Field(default="interviewing", sa_type=String(16))
    version: int = Field(default=0, description="Applied steps; every write compares and sets it.")
    pending_id: str | None = Field(default=None, max_length=64)
    pending_kind: InterruptKind | None = Field(default=None, sa_type=String(32), index=True)
    error: str | None = Field(default=None, sa_type=Text)
    run_started_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    traceparent: str | None = Field(default=None, max_length=64, description="W3C traceparent of the last run.")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class DecisionRecord(SQLModel, table=True):
    """The audit log: one row per applied resume. The unique key refuses a second answer to one interrupt."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("session_id", "interrupt_id", name="uq_decisions_session_interrupt"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="coaching_sessions.id", index=True, max_length=32)
    interrupt_id: str = Field(max_length=64)
    kind: InterruptKind = Field(sa_type=String(32))
    action: DecisionAction = Field(sa_type=String(16))
    actor_id: str = Field(foreign_key="users.id", max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    edits: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    feedback: str | None = Field(default=None, sa_type=Text)


class PlanVersion(SQLModel, table=True):
    """A plan as it stood at a plan review or at completion; numbered per session."""

    __tablename__ = "plan_versions"
    __table_args__ = (UniqueConstraint("session_id", "number", name="uq_plan_versions_session_number"),)

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="coaching_sessions.id", index=True, max_length=32)
    number: int = Field(ge=1)
    status: PlanStatus = Field(sa_type=String(16))
    interrupt_id: str | None = Field(default=None, max_length=64)
    plan: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


# --- public models ---------------------------------------------------------------------------------------


class PendingInterrupt(BaseModel):
    """What the graph is waiting for (the interrupt payload of DESIGN.md §3)."""

    model_config = ConfigDict(extra="allow")

    id: str = PydanticField(description="Name it as `interrupt_id` when resuming.")
    kind: InterruptKind
    prompt: str
    allowed: list[str] = PydanticField(description="'answer' for a question; approve / edit / reject for a review.")
    field: str | None = PydanticField(default=None, description="For a question: the profile field it fills.")
    draft: dict[str, Any] | None = PydanticField(default=None, description="For a review: the draft to decide on.")
    review: dict[str, Any] | None = PydanticField(default=None, description="For a review: the guards' verdict.")


class SessionSummary(BaseModel):
    id: str
    owner_id: str
    status: SessionStatus
    running: bool = PydanticField(description="A run of the graph is under way.")
    version: int
    pending_id: str | None
    pending_kind: InterruptKind | None
    error: str | None = None
    created_at: datetime
    updated_at: datetime


class SessionPublic(SessionSummary):
    """The session view: its status and everything the graph has produced so far."""

    pending: PendingInterrupt | None
    profile: Profile | None = None
    assessment: Assessment | None = None
    assessment_review: Review | None = None
    plan: Plan | None = None
    review: Review | None = None


class ResumeRequest(BaseModel):
    """`{interrupt_id, answer}` for a question; `{interrupt_id, action, edits?, feedback?}` for a review."""

    model_config = ConfigDict(extra="forbid")

    interrupt_id: str = PydanticField(min_length=1, max_length=64, description="The pending interrupt's id.")
    answer: str | None = PydanticField(
        default=None, description="The answer to a question, at most COACH_LIMIT_ANSWER_CHARS characters (maxLength)."
    )
    action: Literal["approve", "edit", "reject"] | None = PydanticField(default=None, description="A review decision.")
    edits: dict[str, Any] | None = PydanticField(default=None, description="With 'edit': draft fields to replace.")
    feedback: str | None = PydanticField(default=None, description="With 'reject' (required) or 'edit'.")


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


class Health(BaseModel):
    status: Literal["ok"]
    database: str
    checkpointer: str
    engine: str
