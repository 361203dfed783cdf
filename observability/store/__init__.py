"""The embedded span store: the table (`table`), the exporter that fills it (`exporter`), the reads the API and
the CLI need (`queries`)."""

from observability.store.exporter import DatabaseSpanExporter, span_record
from observability.store.queries import (
    SessionUsage,
    SpanEventPublic,
    SpanLinkPublic,
    SpanNode,
    TraceSummary,
    delete_session_spans,
    get_trace_tree,
    list_session_traces,
    session_cost,
    session_usage,
    trace_session_id,
    usage_by_session,
)
from observability.store.table import SpanRecord, create_span_tables

__all__ = [
    "DatabaseSpanExporter", "SessionUsage", "SpanEventPublic", "SpanLinkPublic", "SpanNode", "SpanRecord",
    "TraceSummary", "create_span_tables", "delete_session_spans", "get_trace_tree", "list_session_traces",
    "session_cost", "session_usage", "span_record", "trace_session_id", "usage_by_session",
]
