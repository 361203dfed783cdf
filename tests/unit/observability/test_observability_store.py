"""The span store round trip on SQLite and on PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from langgraph.errors import GraphInterrupt
from langgraph.types import Interrupt
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExportResult
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, Tracer, set_span_in_context
from sqlalchemy import Engine, create_engine
from sqlmodel import Session, func, select

from observability.store import (
    DatabaseSpanExporter,
    SpanRecord,
    create_span_tables,
    delete_session_spans,
    get_trace_tree,
    list_session_traces,
    session_cost,
    session_usage,
    trace_session_id,
)
from observability.tracing import build_tracer_provider, run_span, tracer_for
from settings import DEFAULT_PRICES, Settings
from tests.support.postgres import temporary_database


def record_session(tracer: Tracer, session_id: str) -> tuple[str, str]:
    """Two runs of one session: one pauses at a question, the next resumes and calls a model."""
    with run_span(tracer, session_id=session_id, resumed_from=None) as first:
        agent = tracer.start_span(
            "invoke_agent assessor",
            context=set_span_in_context(first.span),
            attributes={"session.id": session_id, "openinference.span.kind": "AGENT"},
        )
        agent.add_event("coach.hitl.paused", {"coach.interrupt.id": "q-1", "coach.interrupt.kind": "question"})
        agent.end()
        first.paused("q-1", "question")
    time.sleep(0.002)  # distinct start times, so "newest first" is well defined
    with run_span(tracer, session_id=session_id, resumed_from=first.span_context) as second:
        planner = tracer.start_span(
            "invoke_agent planner",
            context=set_span_in_context(second.span),
            attributes={"session.id": session_id, "openinference.span.kind": "AGENT"},
        )
        chat = tracer.start_span(
            "chat gpt-4o-mini",
            context=set_span_in_context(planner),
            kind=SpanKind.CLIENT,
            attributes={
                "gen_ai.conversation.id": session_id,
                "openinference.span.kind": "LLM",
                "gen_ai.request.model": "gpt-4o-mini",
                "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
                "gen_ai.usage.input_tokens": 1000,
                "gen_ai.usage.output_tokens": 500,
            },
        )
        chat.end()
        planner.end()
    return format(first.span_context.trace_id, "032x"), format(second.span_context.trace_id, "032x")


def round_trip(engine: Engine) -> None:
    create_span_tables(engine)
    provider = build_tracer_provider(Settings(otlp_endpoint=None), engine=engine, environ={})
    tracer = tracer_for(provider)
    paused_trace, resumed_trace = record_session(tracer, "s-1")
    (other_trace, _) = record_session(tracer, "s-2")
    assert provider.force_flush()
    provider.shutdown()

    expected_cost = (1000 * DEFAULT_PRICES["gpt-4o-mini"][0] + 500 * DEFAULT_PRICES["gpt-4o-mini"][1]) / 1e6
    with Session(engine) as session:
        traces = list_session_traces(session=session, session_id="s-1")
        assert [t.trace_id for t in traces] == [resumed_trace, paused_trace]
        resumed, paused = traces
        assert resumed.name == paused.name == "invoke_workflow coaching"
        assert (resumed.span_count, paused.span_count) == (3, 2)
        assert (resumed.input_tokens, resumed.output_tokens) == (1000, 500)
        assert resumed.cost_usd == pytest.approx(expected_cost)
        assert (paused.input_tokens, paused.cost_usd) == (0, 0.0)
        assert paused.paused and not resumed.paused
        assert resumed.complete and resumed.status == "UNSET" and resumed.error_count == 0
        assert resumed.duration_ms >= 0
        assert list_session_traces(session=session, session_id="s-1", limit=1)[0].trace_id == resumed_trace

        tree = get_trace_tree(session=session, trace_id=resumed_trace)
        assert tree is not None
        assert tree.name == "invoke_workflow coaching" and tree.kind == "CHAIN"
        assert [child.name for child in tree.children] == ["invoke_agent planner"]
        (chat,) = tree.children[0].children
        assert chat.name == "chat gpt-4o-mini" and chat.kind == "LLM" and chat.children == []
        assert (chat.input_tokens, chat.output_tokens) == (1000, 500)
        assert chat.cost_usd == pytest.approx(expected_cost)
        assert chat.attributes["gen_ai.response.model"] == "gpt-4o-mini-2024-07-18"
        assert chat.start >= tree.start and chat.end <= tree.end
        (link,) = tree.links
        assert link.trace_id == paused_trace
        assert link.attributes == {"coach.link.relation": "resumed_from"}

        paused_tree = get_trace_tree(session=session, trace_id=paused_trace)
        assert paused_tree is not None
        assert paused_tree.status == "UNSET"
        assert [event.name for event in paused_tree.events] == ["coach.hitl.paused"]
        assert paused_tree.events[0].attributes == {"coach.interrupt.id": "q-1", "coach.interrupt.kind": "question"}
        assert link.span_id == paused_tree.span_id

        assert get_trace_tree(session=session, trace_id="0" * 32) is None
        assert trace_session_id(session=session, trace_id=resumed_trace) == "s-1"
        assert trace_session_id(session=session, trace_id=other_trace) == "s-2"
        assert trace_session_id(session=session, trace_id="f" * 32) is None

        usage = session_usage(session=session, session_id="s-1")
        assert (usage.trace_count, usage.span_count, usage.error_count) == (2, 5, 0)
        assert (usage.input_tokens, usage.output_tokens) == (1000, 500)
        assert session_cost(session=session, session_id="s-1") == pytest.approx(expected_cost)

        assert delete_session_spans(session=session, session_id="s-1") == 5
        assert list_session_traces(session=session, session_id="s-1") == []
        assert session_cost(session=session, session_id="s-1") == 0.0
        assert len(list_session_traces(session=session, session_id="s-2")) == 2


def exported_spans(tracer_session: str = "dup") -> tuple[ReadableSpan, ...]:
    memory = InMemorySpanExporter()
    provider = build_tracer_provider(Settings(otlp_endpoint=None), extra_exporters=[memory], environ={})
    record_session(tracer_for(provider), tracer_session)
    return memory.get_finished_spans()


def exporting_twice_keeps_one_row(engine: Engine) -> None:
    create_span_tables(engine)
    spans = exported_spans()
    exporter = DatabaseSpanExporter(engine, DEFAULT_PRICES)
    assert exporter.export(spans) is SpanExportResult.SUCCESS
    assert exporter.export(spans) is SpanExportResult.SUCCESS
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(SpanRecord)).one() == len(spans)
    exporter.shutdown()
    assert exporter.export(spans) is SpanExportResult.FAILURE


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_engine(f"sqlite:///{tmp_path / 'spans.db'}")
    yield engine
    engine.dispose()


def test_round_trip_on_sqlite(sqlite_engine: Engine) -> None:
    round_trip(sqlite_engine)


def test_duplicate_export_on_sqlite(sqlite_engine: Engine) -> None:
    exporting_twice_keeps_one_row(sqlite_engine)


def test_unfinished_trace_is_listed_under_its_earliest_span(sqlite_engine: Engine) -> None:
    create_span_tables(sqlite_engine)
    spans = [span for span in exported_spans("s-3") if span.parent is not None]  # roots not stored yet
    DatabaseSpanExporter(sqlite_engine, DEFAULT_PRICES).export(spans)
    with Session(sqlite_engine) as session:
        traces = list_session_traces(session=session, session_id="s-3")
        assert [t.complete for t in traces] == [False, False]
        assert {t.name for t in traces} == {"invoke_agent assessor", "invoke_agent planner"}
        tree = get_trace_tree(session=session, trace_id=traces[0].trace_id)
        assert tree is not None and tree.name == "invoke_agent planner"
        assert [child.name for child in tree.children] == ["chat gpt-4o-mini"]


def test_session_id_falls_back_to_the_conversation_id(sqlite_engine: Engine) -> None:
    create_span_tables(sqlite_engine)
    DatabaseSpanExporter(sqlite_engine, DEFAULT_PRICES).export(exported_spans("s-4"))
    with Session(sqlite_engine) as session:
        chat = session.exec(select(SpanRecord).where(SpanRecord.name == "chat gpt-4o-mini")).one()
    assert "session.id" not in chat.attributes
    assert chat.session_id == "s-4"


def test_interrupt_escaping_run_span_is_a_pause(sqlite_engine: Engine) -> None:
    memory = InMemorySpanExporter()
    provider = build_tracer_provider(Settings(otlp_endpoint=None), extra_exporters=[memory], environ={})
    with pytest.raises(GraphInterrupt), run_span(tracer_for(provider), session_id="s-5", resumed_from=None):
        raise GraphInterrupt((Interrupt(value={"id": "r-2", "kind": "plan_review"}, id="lg-1"),))
    (root,) = memory.get_finished_spans()
    assert root.status.status_code.name == "UNSET"
    assert [dict(event.attributes or {}) for event in root.events] == [
        {"coach.interrupt.id": "r-2", "coach.interrupt.kind": "plan_review"}
    ]


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    with temporary_database("coach_obs") as url:
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        try:
            yield engine
        finally:
            engine.dispose()


@pytest.mark.postgres
def test_round_trip_on_postgres(postgres_engine: Engine) -> None:
    round_trip(postgres_engine)


@pytest.mark.postgres
def test_duplicate_export_on_postgres(postgres_engine: Engine) -> None:
    exporting_twice_keeps_one_row(postgres_engine)
