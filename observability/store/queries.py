"""Reads of the span table: a session's traces with totals, one trace's span tree, usage, deletion."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from pydantic import Field as PydanticField
from sqlalchemy import case, delete, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from observability import semconv
from observability.store.table import SpanRecord


class SpanEventPublic(BaseModel):
    name: str = PydanticField(description="The event's name, e.g. coach.hitl.paused or coach.hitl.decision.")
    timestamp: datetime = PydanticField(description="When it happened.")
    attributes: dict[str, Any] = PydanticField(default_factory=dict, description="The event's attributes.")


class SpanLinkPublic(BaseModel):
    trace_id: str = PydanticField(description="The linked span's trace.")
    span_id: str = PydanticField(description="The linked span.")
    attributes: dict[str, Any] = PydanticField(
        default_factory=dict, description="Why they are linked (coach.link.relation).")


class SpanNode(BaseModel):
    """A span with its children, as the trace inspector shows it."""

    span_id: str = PydanticField(description="The span's id (hex).")
    parent_span_id: str | None = PydanticField(description="Its parent's id; null for the root.")
    name: str = PydanticField(description="What the span covers, e.g. invoke_agent planner.")
    kind: str = PydanticField(description="OpenInference span kind: CHAIN, AGENT, LLM, RETRIEVER, GUARDRAIL...")
    start: datetime = PydanticField(description="When it started.")
    end: datetime = PydanticField(description="When it ended.")
    duration_ms: float = PydanticField(description="How long it took, in milliseconds.")
    status: str = PydanticField(description="UNSET, OK or ERROR. A paused run is UNSET with a pause event.")
    status_message: str | None = PydanticField(default=None, description="The error, when the status is ERROR.")
    attributes: dict[str, Any] = PydanticField(
        default_factory=dict, description="GenAI, OpenInference and coach.* attributes (redacted).")
    events: list[SpanEventPublic] = PydanticField(
        default_factory=list, description="Pauses, decisions and exceptions recorded on it.")
    links: list[SpanLinkPublic] = PydanticField(
        default_factory=list, description="Spans of other traces it is linked to.")
    input_tokens: int = PydanticField(default=0, description="Tokens sent to a model.")
    output_tokens: int = PydanticField(default=0, description="Tokens a model returned.")
    cost_usd: float = PydanticField(default=0.0, description="The model call's cost, from the local price table.")
    children: list[SpanNode] = PydanticField(default_factory=list, description="The spans below it.")


class TraceSummary(BaseModel):
    """One run of the graph (one trace) with its totals."""

    trace_id: str = PydanticField(description="The trace's id (hex).")
    session_id: str | None = PydanticField(description="The session the run belongs to.")
    name: str = PydanticField(description="Root span name; the earliest span's name while the root is unfinished.")
    start: datetime = PydanticField(description="When the run started.")
    duration_ms: float = PydanticField(description="How long the run took, in milliseconds.")
    status: str = PydanticField(description="Root span status: UNSET, OK or ERROR.")
    status_message: str | None = PydanticField(default=None, description="The error, when the status is ERROR.")
    complete: bool = PydanticField(description="Whether the root span has been stored.")
    paused: bool = PydanticField(description="Whether the run stopped at a human checkpoint.")
    input_tokens: int = PydanticField(description="Tokens sent to models during the run.")
    output_tokens: int = PydanticField(description="Tokens models returned during the run.")
    cost_usd: float = PydanticField(description="What the run's model calls cost, from the local price table.")
    span_count: int = PydanticField(description="Spans in the trace.")
    error_count: int = PydanticField(description="Spans that failed.")


class SessionUsage(BaseModel):
    """Totals over every trace of a session."""

    session_id: str = PydanticField(description="The session.")
    trace_count: int = PydanticField(description="Runs traced (start, each resume, retry).")
    span_count: int = PydanticField(description="Spans over all its traces.")
    error_count: int = PydanticField(description="Spans that ended in error.")
    input_tokens: int = PydanticField(description="Tokens sent to models.")
    output_tokens: int = PydanticField(description="Tokens models returned.")
    cost_usd: float = PydanticField(description="What the model calls cost, from the local price table.")
    run_ms: float = PydanticField(default=0.0, description="Time the runs took, root spans added up (no waits).")


def _session_traces(session_id: str) -> SelectOfScalar[str]:
    # Membership goes by trace so spans of other instrumentation in the same run count too.
    return select(SpanRecord.trace_id).where(SpanRecord.session_id == session_id).distinct()


def _when(ns: int) -> datetime:
    return datetime.fromtimestamp(ns / 1e9, tz=UTC)


def list_session_traces(
    *, session: Session, session_id: str, limit: int | None = None, offset: int = 0
) -> list[TraceSummary]:
    """The traces of a session with their totals, newest first."""
    first_start = func.min(SpanRecord.start_ns)
    statement = (
        sa_select(
            col(SpanRecord.trace_id),
            first_start,
            func.max(SpanRecord.end_ns),
            func.sum(SpanRecord.input_tokens),
            func.sum(SpanRecord.output_tokens),
            func.sum(SpanRecord.cost_usd),
            func.count(),
            func.sum(case((col(SpanRecord.status_code) == "ERROR", 1), else_=0)),
        )
        .where(col(SpanRecord.trace_id).in_(_session_traces(session_id)))
        .group_by(col(SpanRecord.trace_id))
        .order_by(first_start.desc())
        .offset(offset)
    )
    if limit is not None:
        statement = statement.limit(limit)
    totals = session.connection().execute(statement).all()
    if not totals:
        return []
    roots, earliest = _heads(session, [row[0] for row in totals])
    summaries = []
    for trace_id, start_ns, end_ns, input_tokens, output_tokens, cost, span_count, error_count in totals:
        root = roots.get(trace_id)
        head = root or earliest[trace_id]
        summaries.append(
            TraceSummary(
                trace_id=trace_id,
                session_id=head.session_id or session_id,
                name=head.name,
                start=_when(start_ns),
                duration_ms=(end_ns - start_ns) / 1e6,
                status=root.status_code if root else "UNSET",
                status_message=root.status_message if root else None,
                complete=root is not None,
                paused=root is not None and any(e.get("name") == semconv.EVENT_PAUSED for e in root.events),
                input_tokens=int(input_tokens or 0),
                output_tokens=int(output_tokens or 0),
                cost_usd=float(cost or 0.0),
                span_count=int(span_count),
                error_count=int(error_count or 0),
            )
        )
    return summaries


def _heads(session: Session, trace_ids: list[str]) -> tuple[dict[str, SpanRecord], dict[str, SpanRecord]]:
    """Each trace's root span, and for traces whose root is not stored yet, their earliest span."""
    roots = {
        record.trace_id: record
        for record in session.exec(
            select(SpanRecord).where(col(SpanRecord.trace_id).in_(trace_ids), col(SpanRecord.parent_span_id).is_(None))
        ).all()
    }
    earliest: dict[str, SpanRecord] = {}
    unfinished = [trace_id for trace_id in trace_ids if trace_id not in roots]
    if unfinished:
        statement = select(SpanRecord).where(col(SpanRecord.trace_id).in_(unfinished)).order_by(
            col(SpanRecord.start_ns))
        for record in session.exec(statement).all():
            earliest.setdefault(record.trace_id, record)
    return roots, earliest


def get_trace_tree(*, session: Session, trace_id: str) -> SpanNode | None:
    """The span tree of one trace, children in start order; spans whose parent is missing hang off the root."""
    records = session.exec(
        select(SpanRecord).where(SpanRecord.trace_id == trace_id).order_by(col(SpanRecord.start_ns))
    ).all()
    if not records:
        return None
    nodes = {record.span_id: _node(record) for record in records}
    tops = [node for node in nodes.values() if node.parent_span_id is None or node.parent_span_id not in nodes]
    root = next((node for node in tops if node.parent_span_id is None), tops[0])
    for node in nodes.values():
        if node is root:
            continue
        parent = nodes.get(node.parent_span_id or "")
        (parent or root).children.append(node)
    return root


def _node(record: SpanRecord) -> SpanNode:
    return SpanNode(
        span_id=record.span_id,
        parent_span_id=record.parent_span_id,
        name=record.name,
        kind=record.kind,
        start=_when(record.start_ns),
        end=_when(record.end_ns),
        duration_ms=record.duration_ms,
        status=record.status_code,
        status_message=record.status_message,
        attributes=record.attributes,
        events=[
            SpanEventPublic(name=e["name"], timestamp=_when(e["timestamp"]), attributes=e.get("attributes") or {})
            for e in record.events
        ],
        links=[SpanLinkPublic.model_validate(link) for link in record.links],
        input_tokens=record.input_tokens,
        output_tokens=record.output_tokens,
        cost_usd=record.cost_usd,
    )


def trace_session_id(*, session: Session, trace_id: str) -> str | None:
    """The session a trace belongs to (for access checks), or None when the trace is unknown."""
    statement = (
        select(SpanRecord.session_id)
        .where(SpanRecord.trace_id == trace_id, col(SpanRecord.session_id).is_not(None))
        .limit(1)
    )
    return session.exec(statement).first()


def _usage_columns() -> tuple[Any, ...]:
    return (
        func.count(func.distinct(SpanRecord.trace_id)),
        func.count(),
        func.sum(case((col(SpanRecord.status_code) == "ERROR", 1), else_=0)),
        func.sum(SpanRecord.input_tokens),
        func.sum(SpanRecord.output_tokens),
        func.sum(SpanRecord.cost_usd),
        func.sum(case((col(SpanRecord.parent_span_id).is_(None), SpanRecord.duration_ms), else_=0.0)),
    )


def _usage(session_id: str, row: Sequence[Any]) -> SessionUsage:
    trace_count, span_count, error_count, input_tokens, output_tokens, cost, run_ms = row
    return SessionUsage(
        session_id=session_id,
        trace_count=int(trace_count),
        span_count=int(span_count),
        error_count=int(error_count or 0),
        input_tokens=int(input_tokens or 0),
        output_tokens=int(output_tokens or 0),
        cost_usd=float(cost or 0.0),
        run_ms=float(run_ms or 0.0),
    )


def session_usage(*, session: Session, session_id: str) -> SessionUsage:
    """Token, cost and error totals over every span of a session."""
    statement = sa_select(*_usage_columns()).where(col(SpanRecord.trace_id).in_(_session_traces(session_id)))
    return _usage(session_id, session.connection().execute(statement).one())


def usage_by_session(*, session: Session, session_ids: Sequence[str]) -> dict[str, SessionUsage]:
    """`session_usage` for many sessions in one query, over the spans that carry each session's id.

    Every span the coach records carries its session id; a session without spans has no entry.
    """
    if not session_ids:
        return {}
    statement = (
        sa_select(col(SpanRecord.session_id), *_usage_columns())
        .where(col(SpanRecord.session_id).in_(list(session_ids)))
        .group_by(col(SpanRecord.session_id))
    )
    return {row[0]: _usage(row[0], row[1:]) for row in session.connection().execute(statement).all()}


def session_cost(*, session: Session, session_id: str) -> float:
    """What a session's model calls cost in USD, from the local price table."""
    return session_usage(session=session, session_id=session_id).cost_usd


def delete_session_spans(*, session: Session, session_id: str, commit: bool = True) -> int:
    """Delete every span of a session's traces; returns how many were deleted."""
    statement = delete(SpanRecord).where(col(SpanRecord.trace_id).in_(_session_traces(session_id).scalar_subquery()))
    result = session.exec(statement)
    if commit:
        session.commit()
    return int(result.rowcount)
