"""The product's own tables: users, API keys, coaching sessions, decisions (the audit log), plan versions.

Tables follow Base / Create / table, as in fastapi/full-stack-fastapi-template. The graph's state lives in
the checkpointer; a session row holds what the service needs without reading it (owner, status, version,
the pending interrupt's id and kind).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import field_validator
from sqlalchemy import JSON, Column, DateTime, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from domain.failures import FailureCode
from domain.interrupts import DecisionAction, InterruptKind
from knowledge.documents import is_blank

Role = Literal["coachee", "coach", "admin"]
ROLES: tuple[Role, ...] = ("coachee", "coach", "admin")
SessionStatus = Literal["interviewing", "confirming", "awaiting_review", "planning", "completed", "failed"]
PlanStatus = Literal["draft", "edited", "approved"]


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

    @field_validator("name")
    @classmethod
    def _visible(cls, value: str) -> str:
        if is_blank(value):
            raise ValueError("a name must show something: it holds only whitespace or invisible characters")
        return value


class UserCreate(UserBase):
    pass


class User(UserBase, table=True):
    __tablename__ = "users"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class ApiKey(SQLModel, table=True):
    """A key, stored as the SHA-256 of its secret; the prefix finds the row without a scan. A key works until it
    is revoked or expires; `last_used_at` is updated at most once a minute per server process."""

    __tablename__ = "api_keys"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=32)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=32)
    prefix: str = Field(unique=True, max_length=32)
    key_hash: str = Field(max_length=64)
    name: str | None = Field(default=None, max_length=100, description="A label for people: where the key is used.")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    last_used_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    expires_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
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
    error: str | None = Field(default=None, sa_type=Text, description="Why the last run failed, for people.")
    error_code: FailureCode | None = Field(default=None, sa_type=String(32), description="The failure's class.")
    run_started_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True), index=True,
                                            description="When the run under way started; None between runs.")
    run_owner: str | None = Field(default=None, max_length=32,
                                  description="The token of the server process running it (`sessions.owners`).")
    traceparent: str | None = Field(default=None, max_length=64, description="W3C traceparent of the last run.")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class DecisionRecord(SQLModel, table=True):
    """The audit log: one row per applied resume, one per interrupt (a decision whose run never applied it is
    released, or replaced by the next one)."""

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


# --- documents -----------------------------------------------------------------------------------------


class UserDocumentRow(SQLModel, table=True):
    """A document a person added through the API: theirs only. Its passages are stored ready to index."""

    __tablename__ = "user_documents"
    __table_args__ = (UniqueConstraint("owner_id", "slug", name="uq_user_documents_owner_slug"),)

    id: str = Field(primary_key=True, max_length=32, description="Passage ids are 'my.<id>.<n>'.")
    owner_id: str = Field(foreign_key="users.id", index=True, max_length=32)
    title: str = Field(max_length=200)
    slug: str = Field(max_length=64, description="The title's slug: one document per slug and owner.")
    size_bytes: int = Field(ge=0, description="The text's size in UTF-8.")
    passages: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
