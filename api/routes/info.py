"""`/v1/info`: who the caller is and what this server is set up to do (the web UI reads it after sign-in)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from api.deps import CurrentUser, RuntimeDep
from observability.tracing import otlp_origin
from sessions.public import UserPublic
from sessions.tables import aware

router = APIRouter(tags=["info"])


class LimitsPublic(BaseModel):
    answer_chars: int = Field(description="Longest accepted answer or feedback, in characters.")
    body_bytes: int = Field(description="Largest accepted request body, in bytes.")
    max_questions: int = Field(description="Most interview questions per session.")
    max_revisions: int = Field(description="Most reviewer-driven plan revisions before a person decides.")


class ServerInfo(BaseModel):
    """The caller and the server's settings that shape what a client offers."""

    user: UserPublic = Field(description="The caller: what they may see and do follows their role.")
    version: str = Field(description="The API's version.")
    engine: str = Field(description="What the agents run on: knowledge (offline, deterministic) or llm.")
    require_coach_review: bool = Field(description="Only coaches and admins decide review checkpoints.")
    tracing: bool = Field(description="Runs are traced into the span store (GET /v1/sessions/{id}/traces).")
    traces_url: str | None = Field(
        description="Where the traces sent over OTLP can be browsed (e.g. Phoenix); none without OTLP export.")
    limits: LimitsPublic = Field(description="The input and run limits this server enforces.")


@router.get("/info", response_model=ServerInfo)
async def info(runtime: RuntimeDep, user: CurrentUser, request: Request) -> ServerInfo:
    """The caller's identity and role, and this server's engine, review rule, limits and trace backend."""
    settings = runtime.settings
    limits = settings.limits
    caller = UserPublic(id=user.id, name=user.name, role=user.role, created_at=aware(user.created_at))
    return ServerInfo(
        user=caller, version=request.app.version, engine=settings.engine,
        require_coach_review=settings.require_coach_review, tracing=settings.tracing,
        traces_url=settings.traces_ui_url or (otlp_origin(settings) if settings.tracing else None),
        limits=LimitsPublic(answer_chars=limits.answer_chars, body_bytes=limits.body_bytes,
                            max_questions=limits.max_questions, max_revisions=limits.max_revisions),
    )
