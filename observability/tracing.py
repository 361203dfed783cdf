"""Providers and the root span of a graph run.

Nothing here is global: the providers are built from settings and passed to whoever needs them.
The app builds them once at startup, hands the tracer to each run, and shuts them down on exit.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Protocol
from urllib.parse import urlsplit

from langgraph.errors import GraphBubbleUp, GraphInterrupt
from opentelemetry.context import Context
from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import MetricReader, PeriodicExportingMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor, SpanExporter
from opentelemetry.trace import Link, Span, SpanContext, SpanKind, Tracer, get_current_span
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from opentelemetry.util.types import AttributeValue
from sqlalchemy import Engine

from observability import semconv
from observability.callbacks import TracingCallbackHandler
from observability.metrics import GenAIMetrics
from observability.redaction import RedactingSpanExporter, redact, truncate
from observability.spans import interrupt_refs, mark_paused, raised_interrupt_refs, record_error, session_attributes
from observability.store import DatabaseSpanExporter


class ObservabilitySettings(Protocol):
    """The part of ``settings.Settings`` this package reads."""

    @property
    def capture_content(self) -> bool: ...

    @property
    def otlp_endpoint(self) -> str | None: ...

    @property
    def otlp_metrics_endpoint(self) -> str | None: ...

    @property
    def prices(self) -> Mapping[str, tuple[float, float]]: ...


def build_resource() -> Resource:
    return Resource.create({"service.name": semconv.SERVICE_NAME})


def _signal_url(base: str, path: str) -> str:
    base = base.rstrip("/")
    return base if base.endswith(path) else f"{base}/{path}"


def otlp_enabled(settings: ObservabilitySettings, signal: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether OTLP export of ``signal`` ("traces" or "metrics") is configured, by settings or environment."""
    env = os.environ if environ is None else environ
    return bool(
        settings.otlp_endpoint
        or env.get("OTEL_EXPORTER_OTLP_ENDPOINT")
        or env.get(f"OTEL_EXPORTER_OTLP_{signal.upper()}_ENDPOINT")
    )


def otlp_origin(settings: ObservabilitySettings, environ: Mapping[str, str] | None = None) -> str | None:
    """The scheme, host and port spans are sent to over OTLP, or None without OTLP export of traces.

    Phoenix serves its UI on the port it receives OTLP on, so this is where a person finds the traces.
    """
    env = os.environ if environ is None else environ
    endpoint = (settings.otlp_endpoint or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
                or env.get("OTEL_EXPORTER_OTLP_ENDPOINT"))
    if not endpoint:
        return None
    parts = urlsplit(endpoint.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}/"


def span_exporters(
    settings: ObservabilitySettings, engine: Engine | None = None, environ: Mapping[str, str] | None = None
) -> list[SpanExporter]:
    """The batch exporters: the span store when there is an engine, OTLP when an endpoint is configured.

    Both are wrapped in ``RedactingSpanExporter``. ``settings.otlp_endpoint`` is a base URL, like
    ``OTEL_EXPORTER_OTLP_ENDPOINT``; without it the exporter reads the ``OTEL_EXPORTER_OTLP_*`` variables itself.
    """
    exporters: list[SpanExporter] = []
    if engine is not None:
        exporters.append(RedactingSpanExporter(DatabaseSpanExporter(engine, settings.prices)))
    if settings.otlp_endpoint:
        exporters.append(
            RedactingSpanExporter(OTLPSpanExporter(endpoint=_signal_url(settings.otlp_endpoint, "v1/traces")))
        )
    elif otlp_enabled(settings, "traces", environ):
        exporters.append(RedactingSpanExporter(OTLPSpanExporter()))
    return exporters


def build_tracer_provider(
    settings: ObservabilitySettings,
    engine: Engine | None = None,
    extra_exporters: Iterable[SpanExporter] = (),
    *,
    environ: Mapping[str, str] | None = None,
) -> TracerProvider:
    """A tracer provider for the app; never installed globally. Shut it down on exit to flush.

    ``extra_exporters`` run synchronously and unwrapped (tests use them to see exactly what the
    handler produced).
    """
    provider = TracerProvider(resource=build_resource())
    for exporter in span_exporters(settings, engine, environ):
        provider.add_span_processor(BatchSpanProcessor(exporter))
    for exporter in extra_exporters:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider


def metrics_endpoint(settings: ObservabilitySettings, environ: Mapping[str, str] | None = None) -> str | None:
    """Where metrics go: their own endpoint only (COACH_OTLP_METRICS_ENDPOINT, else
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT). A trace receiver such as Phoenix refuses metrics, so the generic
    OTLP endpoint is never used for them."""
    env = os.environ if environ is None else environ
    return settings.otlp_metrics_endpoint or env.get("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT") or None


def build_meter_provider(
    settings: ObservabilitySettings,
    readers: Sequence[MetricReader] = (),
    *,
    environ: Mapping[str, str] | None = None,
) -> MeterProvider:
    """A meter provider with the given readers, plus periodic OTLP export where a metrics endpoint is configured."""
    all_readers = list(readers)
    endpoint = metrics_endpoint(settings, environ)
    if endpoint:
        all_readers.append(PeriodicExportingMetricReader(OTLPMetricExporter(endpoint=endpoint)))
    return MeterProvider(resource=build_resource(), metric_readers=all_readers)


def tracer_for(provider: TracerProvider) -> Tracer:
    return provider.get_tracer(semconv.INSTRUMENTATION_SCOPE)


# --- span context across runs ----------------------------------------------------------------------


def traceparent(span_context: SpanContext) -> str:
    """W3C ``traceparent`` of a span context: a string to store with the session so the next run links to it."""
    return f"00-{span_context.trace_id:032x}-{span_context.span_id:016x}-{int(span_context.trace_flags):02x}"


def span_context_from_traceparent(value: str | None) -> SpanContext | None:
    """The span context a stored ``traceparent`` names, or None when it is missing or malformed."""
    if not value:
        return None
    context = TraceContextTextMapPropagator().extract({"traceparent": value})
    span_context = get_current_span(context).get_span_context()
    return span_context if span_context.is_valid else None


# --- the root span of a run ------------------------------------------------------------------------


class RunHandle:
    """What ``run_span`` yields: the root span of one graph run and the ways a run can stop."""

    def __init__(self, *, tracer: Tracer, span: Span, session_id: str) -> None:
        self._tracer = tracer
        self._span = span
        self._session_id = session_id
        self._handlers: list[TracingCallbackHandler] = []
        self._failed = False

    @property
    def span(self) -> Span:
        return self._span

    @property
    def span_context(self) -> SpanContext:
        """Store this (or ``traceparent``) so the run that resumes the session links back here."""
        return self._span.get_span_context()

    @property
    def traceparent(self) -> str:
        return traceparent(self.span_context)

    def paused(self, interrupt_id: str, kind: str) -> None:
        """The run stopped at a human checkpoint: an event, and the status stays unset."""
        mark_paused(self._span, interrupt_id, kind)

    def record_input(self, text: str) -> None:
        """What the run was given (OpenInference input.value), redacted and cut."""
        self._span.set_attributes({semconv.INPUT_VALUE: truncate(redact(text), IO_LIMIT),
                                   semconv.INPUT_MIME_TYPE: semconv.MIME_TEXT})

    def record_output(self, text: str) -> None:
        """Where the run stopped (OpenInference output.value), redacted and cut."""
        self._span.set_attributes({semconv.OUTPUT_VALUE: truncate(redact(text), IO_LIMIT),
                                   semconv.OUTPUT_MIME_TYPE: semconv.MIME_TEXT})

    def paused_on(self, interrupts: Iterable[object]) -> None:
        """A pause event per LangGraph ``Interrupt`` (e.g. ``result["__interrupt__"]``), read from its payload."""
        for interrupt_id, kind in interrupt_refs(interrupts):
            mark_paused(self._span, interrupt_id, kind)

    def failed(self, exc: BaseException) -> None:
        """The run failed: status ERROR, the exception recorded (redacted)."""
        if not self._failed:
            self._failed = True
            record_error(self._span, exc)

    def callback_handler(
        self,
        *,
        agent_nodes: Mapping[str, str],
        capture_content: bool = False,
        prices: Mapping[str, tuple[float, float]] | None = None,
        metrics: GenAIMetrics | None = None,
    ) -> TracingCallbackHandler:
        """A callback handler whose spans hang under this run; closed when the run span ends."""
        handler = TracingCallbackHandler(
            tracer=self._tracer,
            root=self._span,
            session_id=self._session_id,
            agent_nodes=agent_nodes,
            capture_content=capture_content,
            prices=prices,
            metrics=metrics,
        )
        self._handlers.append(handler)
        return handler

    def _close_handlers(self) -> None:
        for handler in self._handlers:
            handler.close()


IO_LIMIT = 4000


@contextmanager
def run_span(
    tracer: Tracer,
    *,
    session_id: str,
    resumed_from: SpanContext | None = None,
    started_by: SpanContext | None = None,
    workflow_name: str = semconv.WORKFLOW_NAME,
    attributes: Mapping[str, AttributeValue] | None = None,
) -> Iterator[RunHandle]:
    """The root span ``invoke_workflow {workflow_name}`` of one graph run, always the root of a new trace.

    ``resumed_from`` is the span context of the run that paused; the new root links to it. ``started_by`` is
    the span of the request that started the run (an HTTP server span): the root links to it, and it to the
    root. An exception escaping the block marks the run failed, except LangGraph's interrupts (a pause) and
    other ``GraphBubbleUp`` control flow.
    """
    links = []
    if resumed_from is not None and resumed_from.is_valid:
        links.append(Link(resumed_from, {semconv.COACH_LINK_RELATION: semconv.LINK_RESUMED_FROM}))
    if started_by is not None and started_by.is_valid:
        links.append(Link(started_by, {semconv.COACH_LINK_RELATION: semconv.LINK_STARTED_BY}))
    span_attributes: dict[str, AttributeValue] = {
        semconv.GEN_AI_OPERATION_NAME: semconv.OP_INVOKE_WORKFLOW,
        semconv.GEN_AI_WORKFLOW_NAME: workflow_name,
        semconv.OPENINFERENCE_SPAN_KIND: semconv.KIND_CHAIN,
        **(attributes or {}),
        **session_attributes(session_id),
    }
    span = tracer.start_span(
        f"{semconv.OP_INVOKE_WORKFLOW} {workflow_name}",
        context=Context(),  # a fresh trace: one trace per run, whatever is current
        kind=SpanKind.INTERNAL,
        attributes=span_attributes,
        links=links,
    )
    handle = RunHandle(tracer=tracer, span=span, session_id=session_id)
    try:
        yield handle
    except GraphInterrupt as exc:
        for interrupt_id, kind in raised_interrupt_refs(exc):
            mark_paused(span, interrupt_id, kind)
        raise
    except GraphBubbleUp:
        raise
    except Exception as exc:
        handle.failed(exc)
        raise
    except BaseException:
        span.set_attribute(semconv.COACH_ABANDONED, True)
        raise
    finally:
        handle._close_handlers()
        span.end()
