"""The spans of one graph run, by LangChain run id: each started under its nearest traced ancestor, never made
current, so the bookkeeping stays right when LangGraph runs nodes on several threads or tasks."""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from uuid import UUID

from langgraph.errors import GraphBubbleUp, GraphInterrupt
from opentelemetry.trace import Span, SpanKind, Tracer, set_span_in_context
from opentelemetry.util.types import AttributeValue

from observability import semconv
from observability.metrics import GenAIMetrics
from observability.spans import error_type, mark_paused, raised_interrupt_refs, record_error, session_attributes


@dataclass
class Run:
    """A LangChain run: its span if it has one, and what its end needs to know."""

    parent: UUID | None
    span: Span | None = None
    started: float = field(default_factory=time.perf_counter)
    metric_attributes: dict[str, AttributeValue] = field(default_factory=dict)
    model: str | None = None


class RunBook:
    """Runs of one graph run, under its root span. Runs without a span are kept so their children find a parent."""

    def __init__(self, *, tracer: Tracer, root: Span, session_id: str, metrics: GenAIMetrics | None) -> None:
        self._tracer = tracer
        self._root = root
        self._session_id = session_id
        self._metrics = metrics
        self._runs: dict[UUID, Run] = {}
        self._lock = threading.RLock()

    def _parent_span(self, parent_run_id: UUID | None) -> Span:
        seen: set[UUID] = set()
        while parent_run_id is not None and parent_run_id not in seen:
            seen.add(parent_run_id)
            run = self._runs.get(parent_run_id)
            if run is None:
                break
            if run.span is not None:
                return run.span
            parent_run_id = run.parent
        return self._root

    def start(self, run_id: UUID, parent_run_id: UUID | None, name: str, kind: SpanKind,
              attributes: Mapping[str, AttributeValue], *, start_time: int | None = None) -> Run:
        with self._lock:
            parent = self._parent_span(parent_run_id)
            span = self._tracer.start_span(
                name, context=set_span_in_context(parent), kind=kind, start_time=start_time,
                attributes={**attributes, **session_attributes(self._session_id)},
            )
            run = Run(parent=parent_run_id, span=span)
            self._runs[run_id] = run
            return run

    def child_span(self, parent_run_id: UUID | None, name: str, attributes: Mapping[str, AttributeValue],
                   *, start_time: int) -> Span:
        """A span under `parent_run_id`'s nearest traced run that is not itself a run (a reported event)."""
        with self._lock:
            parent = self._parent_span(parent_run_id)
        return self._tracer.start_span(name, context=set_span_in_context(parent), start_time=start_time,
                                       attributes={**attributes, **session_attributes(self._session_id)})

    def span_event(self, run_id: UUID | None, name: str, attributes: Mapping[str, AttributeValue]) -> None:
        """An event on `run_id`'s nearest traced span (how a node read its input)."""
        with self._lock:
            span = self._parent_span(run_id)
        span.add_event(name, attributes)

    def root_event(self, name: str, attributes: Mapping[str, AttributeValue]) -> None:
        """An event on the run's root span (what a human decided reaches the run that receives it)."""
        self._root.add_event(name, attributes)

    def remember(self, run_id: UUID, parent_run_id: UUID | None) -> None:
        with self._lock:
            self._runs[run_id] = Run(parent=parent_run_id)

    def pop(self, run_id: UUID) -> Run | None:
        with self._lock:
            return self._runs.pop(run_id, None)

    def fail(self, run_id: UUID, error: BaseException) -> None:
        """End a run's span: a pause for LangGraph's interrupts, an error for real failures."""
        run = self.pop(run_id)
        if run is None or run.span is None:
            return
        span = run.span
        if isinstance(error, GraphInterrupt):
            for interrupt_id, kind in raised_interrupt_refs(error):
                mark_paused(span, interrupt_id, kind)
        elif not isinstance(error, GraphBubbleUp):
            # GraphBubbleUp (ParentCommand, GraphDrained) is LangGraph control flow, not a failure.
            record_error(span, error)
            if self._metrics is not None and run.metric_attributes:
                attributes = {**run.metric_attributes, semconv.ERROR_TYPE: error_type(error)}
                self._metrics.operation_duration.record(time.perf_counter() - run.started, attributes)
        span.end()

    def close(self) -> None:
        """End every span still open (a run abandoned mid-way); call once the graph call has returned."""
        with self._lock:
            runs, self._runs = list(self._runs.values()), {}
        for run in runs:
            if run.span is not None and run.span.is_recording():
                run.span.set_attribute(semconv.COACH_ABANDONED, True)
                run.span.end()

    @property
    def open_runs(self) -> int:
        with self._lock:
            return len(self._runs)
