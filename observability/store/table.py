"""The span table: one row per finished span, on SQLite or PostgreSQL.

The table lives on ``SQLModel.metadata`` so the app's migrations see it; ``create_span_tables`` exists for
tests and throwaway databases.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Engine
from sqlmodel import Field, SQLModel

from observability import semconv


class SpanRecord(SQLModel, table=True):
    """One finished span. Ids are lowercase hex, times are Unix nanoseconds."""

    __tablename__ = "spans"

    span_id: str = Field(primary_key=True, max_length=16)
    trace_id: str = Field(index=True, max_length=32)
    parent_span_id: str | None = Field(default=None, max_length=16)
    session_id: str | None = Field(default=None, index=True, max_length=255)
    name: str
    kind: str = Field(default=semconv.KIND_UNKNOWN, max_length=32, description="OpenInference span kind.")
    start_ns: int = Field(sa_type=BigInteger)
    end_ns: int = Field(sa_type=BigInteger)
    duration_ms: float
    status_code: str = Field(max_length=8, description="UNSET, OK or ERROR.")
    status_message: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    events: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    links: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0


def create_span_tables(engine: Engine) -> None:
    """Create the span table if missing (tests and scratch databases; the app migrates)."""
    SQLModel.metadata.create_all(engine, tables=[SpanRecord.__table__])  # type: ignore[attr-defined]
