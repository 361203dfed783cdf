"""The span exporter that fills the span table (batched, retried spans skipped rather than failing)."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.util.types import Attributes
from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from observability import semconv
from observability.pricing import cost_usd
from observability.store.table import SpanRecord

logger = logging.getLogger(__name__)


class DatabaseSpanExporter(SpanExporter):
    """Writes finished spans to the ``spans`` table; a span already stored is left as it is.

    Spans of instrumentation libraries (the HTTP server spans of the FastAPI instrumentation) are left out: the
    store holds the graph's runs, read by session; an OTLP backend receives everything.
    """

    def __init__(self, engine: Engine, prices: Mapping[str, tuple[float, float]]) -> None:
        self._engine = engine
        self._prices = dict(prices)
        self._closed = False

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        if self._closed:
            return SpanExportResult.FAILURE
        rows = [span_record(span, self._prices).model_dump() for span in spans if not _instrumentation_library(span)]
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


def _instrumentation_library(span: ReadableSpan) -> bool:
    scope = span.instrumentation_scope
    return scope is not None and scope.name.startswith("opentelemetry.instrumentation.")


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
