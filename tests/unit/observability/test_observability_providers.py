"""Provider wiring: which exporters run, the resource, the root span, and span contexts across runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from langgraph.types import Interrupt
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode, use_span
from sqlalchemy import create_engine

from observability.redaction import RedactingSpanExporter
from observability.store import DatabaseSpanExporter
from observability.tracing import (
    build_tracer_provider,
    run_span,
    span_context_from_traceparent,
    span_exporters,
    traceparent,
    tracer_for,
)
from settings import Settings


def inner_types(settings: Settings, *, engine_path: Path | None = None, environ: dict[str, str]) -> list[type]:
    engine = create_engine(f"sqlite:///{engine_path}") if engine_path else None
    exporters = span_exporters(settings, engine, environ)
    assert all(isinstance(exporter, RedactingSpanExporter) for exporter in exporters)
    return [type(exporter.inner) for exporter in exporters if isinstance(exporter, RedactingSpanExporter)]


def test_no_exporters_without_engine_or_endpoint() -> None:
    assert inner_types(Settings(otlp_endpoint=None), environ={}) == []


def test_engine_gives_the_span_store(tmp_path: Path) -> None:
    assert inner_types(Settings(otlp_endpoint=None), engine_path=tmp_path / "a.db", environ={}) == [
        DatabaseSpanExporter
    ]


def test_settings_endpoint_is_a_base_url() -> None:
    exporters = span_exporters(Settings(otlp_endpoint="http://collector:4318"), None, {})
    (wrapper,) = exporters
    assert isinstance(wrapper, RedactingSpanExporter)
    assert isinstance(wrapper.inner, OTLPSpanExporter)
    assert wrapper.inner._endpoint == "http://collector:4318/v1/traces"


@pytest.mark.parametrize("variable", ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
def test_environment_enables_otlp(variable: str) -> None:
    assert inner_types(Settings(otlp_endpoint=None), environ={variable: "http://collector:4318"}) == [OTLPSpanExporter]


def test_resource_and_root_span() -> None:
    memory = InMemorySpanExporter()
    provider = build_tracer_provider(Settings(otlp_endpoint=None), extra_exporters=[memory], environ={})
    tracer = tracer_for(provider)
    outer = tracer.start_span("http request")
    with use_span(outer, end_on_exit=True), run_span(tracer, session_id="s-1", resumed_from=None) as run:
        pass
    root = next(span for span in memory.get_finished_spans() if span.name == "invoke_workflow coaching")
    assert root.resource.attributes["service.name"] == "career-coach"
    assert root.parent is None  # a run is the root of its own trace
    assert root.kind is SpanKind.INTERNAL
    assert root.context is not None and root.context.trace_id != outer.get_span_context().trace_id
    assert dict(root.attributes or {}) == {
        "gen_ai.operation.name": "invoke_workflow",
        "gen_ai.workflow.name": "coaching",
        "openinference.span.kind": "CHAIN",
        "session.id": "s-1",
        "gen_ai.conversation.id": "s-1",
    }
    assert root.links == ()
    assert run.span_context == root.context


def test_failed_run_is_an_error() -> None:
    memory = InMemorySpanExporter()
    provider = build_tracer_provider(Settings(otlp_endpoint=None), extra_exporters=[memory], environ={})
    with pytest.raises(RuntimeError), run_span(tracer_for(provider), session_id="s-1", resumed_from=None):
        raise RuntimeError("model endpoint down")
    (root,) = memory.get_finished_spans()
    assert root.status.status_code is StatusCode.ERROR
    assert root.status.description == "RuntimeError: model endpoint down"
    assert [event.name for event in root.events] == ["exception"]


def test_traceparent_round_trip() -> None:
    memory = InMemorySpanExporter()
    provider = build_tracer_provider(Settings(otlp_endpoint=None), extra_exporters=[memory], environ={})
    tracer = tracer_for(provider)
    with run_span(tracer, session_id="s-1", resumed_from=None) as first:
        stored = first.traceparent
    restored = span_context_from_traceparent(stored)
    assert restored is not None
    assert (restored.trace_id, restored.span_id) == (first.span_context.trace_id, first.span_context.span_id)
    assert traceparent(restored) == stored
    with run_span(tracer, session_id="s-1", resumed_from=restored) as second:
        pass
    root = memory.get_finished_spans()[-1]
    assert root.context is not None and root.context.span_id == second.span_context.span_id
    assert [link.context.span_id for link in root.links] == [first.span_context.span_id]


@pytest.mark.parametrize("value", [None, "", "garbage", "00-" + "0" * 32 + "-" + "0" * 16 + "-01"])
def test_bad_traceparent_gives_none(value: str | None) -> None:
    assert span_context_from_traceparent(value) is None


def test_paused_on_reads_ids_from_the_interrupt_payload() -> None:
    memory = InMemorySpanExporter()
    provider = build_tracer_provider(Settings(otlp_endpoint=None), extra_exporters=[memory], environ={})
    with run_span(tracer_for(provider), session_id="s-1", resumed_from=None) as run:
        run.paused_on(
            [
                Interrupt(value={"id": "a-1", "kind": "assessment_review", "prompt": "ok?"}, id="lg-1"),
                Interrupt(value="a bare question", id="lg-2"),
            ]
        )
    (root,) = memory.get_finished_spans()
    assert root.status.status_code is StatusCode.UNSET
    assert [(event.name, dict(event.attributes or {})) for event in root.events] == [
        ("coach.hitl.paused", {"coach.interrupt.id": "a-1", "coach.interrupt.kind": "assessment_review"}),
        ("coach.hitl.paused", {"coach.interrupt.id": "lg-2"}),
    ]
