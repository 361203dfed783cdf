"""The embedded span store: one SQLModel table, the exporter that fills it, and the reads the API needs.

Works on SQLite and PostgreSQL. The table lives on ``SQLModel.metadata`` so the app's migrations see
it; ``create_span_tables`` exists for tests and throwaway databases.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.util.types import Attributes
from pydantic import BaseModel
from pydantic import Field as PydanticField
from sqlalchemy import JSON, BigInteger, Column, Engine, case, delete, func
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Field, Session, SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from observability import semconv
from observability.pricing import cost_usd

logger = logging.getLogger(__name__)


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


# --- Read models -----------------------------------------------------------------------------------


class SpanEventPublic(BaseModel):
    name: str
    timestamp: datetime
    attributes: dict[str, Any] = PydanticField(default_factory=dict)


class SpanLinkPublic(BaseModel):
    trace_id: str
    span_id: str
    attributes: dict[str, Any] = PydanticField(default_factory=dict)


class SpanNode(BaseModel):
    """A span with its children, as the trace inspector shows it."""

    span_id: str
    parent_span_id: str | None
    name: str
    kind: str = PydanticField(description="OpenInference span kind: CHAIN, AGENT, LLM, RETRIEVER, GUARDRAIL...")
    start: datetime
    end: datetime
    duration_ms: float
    status: str = PydanticField(description="UNSET, OK or ERROR. A paused run is UNSET with a pause event.")
    status_message: str | None = None
    attributes: dict[str, Any] = PydanticField(default_factory=dict)
    events: list[SpanEventPublic] = PydanticField(default_factory=list)
    links: list[SpanLinkPublic] = PydanticField(default_factory=list)
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    children: list[SpanNode] = PydanticField(default_factory=list)


class TraceSummary(BaseModel):
    """One run of the graph (one trace) with its totals."""

    trace_id: str
    session_id: str | None
    name: str = PydanticField(description="Root span name; the earliest span's name while the root is unfinished.")
    start: datetime
    duration_ms: float
    status: str = PydanticField(description="Root span status: UNSET, OK or ERROR.")
    status_message: str | None = None
    complete: bool = PydanticField(description="Whether the root span has been stored.")
    paused: bool = PydanticField(description="Whether the run stopped at a human checkpoint.")
    input_tokens: int
    output_tokens: int
    cost_usd: float
    span_count: int
    error_count: int


class SessionUsage(BaseModel):
    """Totals over every trace of a session."""

    session_id: str
    trace_count: int
    span_count: int
    error_count: int
    input_tokens: int
    output_tokens: int
    cost_usd: float


# --- Exporter --------------------------------------------------------------------------------------


class DatabaseSpanExporter(SpanExporter):
    """Writes finished spans to the ``spans`` table; a span already stored is left as it is."""

    def __init__(self, engine: Engine, prices: Mapping[str, tuple[float, float]]) -> None:
        self._engine = engine
        self._prices = dict(prices)
        self._closed = False

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        if self._closed:
            return SpanExportResult.FAILURE
        rows = [span_record(span, self._prices).model_dump() for span in spans]
        if not rows:
            return SpanExportResult.SUCCESS
        try:
            self._insert(rows)
        except Exception:
            logger.exception("could not store %d spans", len(rows))
            return SpanExportResult.FAILURE
        return SpanExportResult.SUCCESS

    def _insert(self, rows: list[dict[str, Any]]) -> None:
        table = SpanRecord.__table__  # type: ignore[attr-defined]
        dialect = self._engine.dialect.name
        # Exporters may be retried with spans already written: skip duplicates instead of failing the batch.
        if dialect in ("postgresql", "sqlite"):
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            with self._engine.begin() as connection:
                connection.execute(insert(table).values(rows).on_conflict_do_nothing(index_elements=["span_id"]))
            return
        with Session(self._engine) as session:
            for row in rows:
                session.merge(SpanRecord.model_validate(row))
            session.commit()

    def shutdown(self) -> None:
        self._closed = True

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True


def span_record(span: ReadableSpan, prices: Mapping[str, tuple[float, float]]) -> SpanRecord:
    """The row for one finished span."""
    attributes = _jsonable(span.attributes)
    context = span.context
    if context is None:
        raise ValueError(f"span {span.name!r} has no context")
    start_ns = span.start_time or 0
    end_ns = span.end_time or start_ns
    input_tokens = _int(attributes.get(semconv.GEN_AI_USAGE_INPUT_TOKENS))
    output_tokens = _int(attributes.get(semconv.GEN_AI_USAGE_OUTPUT_TOKENS))
    model = attributes.get(semconv.GEN_AI_RESPONSE_MODEL) or attributes.get(semconv.GEN_AI_REQUEST_MODEL)
    cost = cost_usd(str(model), input_tokens, output_tokens, prices) if model else 0.0
    session_id = attributes.get(semconv.SESSION_ID) or attributes.get(semconv.GEN_AI_CONVERSATION_ID)
    return SpanRecord(
        span_id=format(context.span_id, "016x"),
        trace_id=format(context.trace_id, "032x"),
        parent_span_id=format(span.parent.span_id, "016x") if span.parent is not None else None,
        session_id=str(session_id) if session_id else None,
        name=span.name,
        kind=str(attributes.get(semconv.OPENINFERENCE_SPAN_KIND) or semconv.KIND_UNKNOWN),
        start_ns=start_ns,
        end_ns=end_ns,
        duration_ms=(end_ns - start_ns) / 1e6,
        status_code=span.status.status_code.name,
        status_message=span.status.description,
        attributes=attributes,
        events=[
            {"name": event.name, "timestamp": event.timestamp, "attributes": _jsonable(event.attributes)}
            for event in span.events
        ],
        links=[
            {
                "trace_id": format(link.context.trace_id, "032x"),
                "span_id": format(link.context.span_id, "016x"),
                "attributes": _jsonable(link.attributes),
            }
            for link in span.links
        ],
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        cost_usd=cost,
    )


def _jsonable(attributes: Attributes) -> dict[str, Any]:
    if not attributes:
        return {}
    return {key: list(value) if isinstance(value, tuple | list) else value for key, value in attributes.items()}


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# --- Reads -----------------------------------------------------------------------------------------


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
    trace_ids = [row[0] for row in totals]
    roots = {
        record.trace_id: record
        for record in session.exec(
            select(SpanRecord).where(col(SpanRecord.trace_id).in_(trace_ids), col(SpanRecord.parent_span_id).is_(None))
        ).all()
    }
    earliest: dict[str, SpanRecord] = {}
    unfinished = [trace_id for trace_id in trace_ids if trace_id not in roots]
    if unfinished:
        statement_unfinished = (
            select(SpanRecord).where(col(SpanRecord.trace_id).in_(unfinished)).order_by(col(SpanRecord.start_ns))
        )
        for record in session.exec(statement_unfinished).all():
            earliest.setdefault(record.trace_id, record)
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


def session_usage(*, session: Session, session_id: str) -> SessionUsage:
    """Token, cost and error totals over every span of a session."""
    statement = sa_select(
        func.count(func.distinct(SpanRecord.trace_id)),
        func.count(),
        func.sum(case((col(SpanRecord.status_code) == "ERROR", 1), else_=0)),
        func.sum(SpanRecord.input_tokens),
        func.sum(SpanRecord.output_tokens),
        func.sum(SpanRecord.cost_usd),
    ).where(col(SpanRecord.trace_id).in_(_session_traces(session_id)))
    row = session.connection().execute(statement).one()
    trace_count, span_count, error_count, input_tokens, output_tokens, cost = row
    return SessionUsage(
        session_id=session_id,
        trace_count=int(trace_count),
        span_count=int(span_count),
        error_count=int(error_count or 0),
        input_tokens=int(input_tokens or 0),
        output_tokens=int(output_tokens or 0),
        cost_usd=float(cost or 0.0),
    )


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
