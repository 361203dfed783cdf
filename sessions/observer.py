"""How the runner lets observability watch each graph run.

The runner wraps every run in `observer.observe(...)` and passes the observation's callbacks in the run's
config (`runner.run_config`). `open_observer` is entered once by the app's lifespan: with tracing on it
builds the tracer and meter providers (spans to the embedded store, and to OTLP when configured) and
shuts them down, flushing, when the app stops.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from typing import Any, Protocol

from langchain_core.callbacks import BaseCallbackHandler
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import Tracer, get_current_span

from domain.failures import Failure
from domain.interrupts import PendingInterrupt
from graphs.coaching import AGENT_NODES
from observability import semconv
from observability.callbacks import TracingCallbackHandler
from observability.metrics import GenAIMetrics
from observability.tracing import (
    RunHandle,
    build_meter_provider,
    build_tracer_provider,
    run_span,
    span_context_from_traceparent,
    tracer_for,
)
from sessions.db import create_sync_engine
from sessions.narration import run_input, run_output
from sessions.pools import SPANS
from settings import Settings


class RunObservation(Protocol):
    """One graph run as the tracer sees it."""

    @property
    def callbacks(self) -> list[BaseCallbackHandler]:
        """Handlers to put in the run's config."""
        ...

    @property
    def traceparent(self) -> str | None:
        """Stored on the session row; the next run of the session gets it back as `resumed_from`."""
        ...

    def paused(self, interrupt_id: str, kind: str) -> None:
        """The run stopped at a human checkpoint (not an error)."""
        ...

    def failed(self, exc: BaseException) -> None:
        """The run raised; the runner records the failure and keeps the checkpoint."""
        ...

    def stopped(self, pending: PendingInterrupt | None, values: Mapping[str, Any], failure: Failure | None) -> None:
        """Where the run stopped, paused, completed or failed (the root span's output)."""
        ...


class RunObserver(Protocol):
    @property
    def tracer_provider(self) -> TracerProvider | None:
        """The provider the app's other spans (HTTP) go to; None when nothing is traced."""
        ...

    def observe(self, *, session_id: str, resumed_from: str | None, graph_input: Any = None
                ) -> AbstractContextManager[RunObservation]:
        """Entered around one run: `graph.astream` and reading where it stopped. Started from a request that is
        traced (an HTTP server span is current), the run's root and that span link to each other."""
        ...

    def flush(self) -> None:
        """Write out every finished span now (before spans are read or deleted)."""
        ...


class _Unobserved:
    callbacks: list[BaseCallbackHandler] = []  # noqa: RUF012  (never mutated)
    traceparent: str | None = None

    def paused(self, interrupt_id: str, kind: str) -> None:
        return None

    def failed(self, exc: BaseException) -> None:
        return None

    def stopped(self, pending: PendingInterrupt | None, values: Mapping[str, Any], failure: Failure | None) -> None:
        return None


class NullObserver:
    """Records nothing (COACH_TRACING=false)."""

    tracer_provider: TracerProvider | None = None

    @contextmanager
    def observe(self, *, session_id: str, resumed_from: str | None, graph_input: Any = None
                ) -> Iterator[RunObservation]:
        yield _Unobserved()

    def flush(self) -> None:
        return None


class _Traced:
    """One run under its root span `invoke_workflow coaching`, with the handler that hangs the rest below it."""

    def __init__(self, handle: RunHandle, handler: TracingCallbackHandler, *, capture: bool) -> None:
        self._handle = handle
        self._capture = capture
        self.callbacks: list[BaseCallbackHandler] = [handler]

    @property
    def traceparent(self) -> str | None:
        return self._handle.traceparent

    def paused(self, interrupt_id: str, kind: str) -> None:
        self._handle.paused(interrupt_id, kind)

    def failed(self, exc: BaseException) -> None:
        self._handle.failed(exc)

    def stopped(self, pending: PendingInterrupt | None, values: Mapping[str, Any], failure: Failure | None) -> None:
        self._handle.record_output(run_output(pending, values, failure, capture=self._capture))


class TracingObserver:
    """Every run becomes a trace; a resumed run's root links to the root of the run that paused."""

    def __init__(self, *, provider: TracerProvider, tracer: Tracer, metrics: GenAIMetrics, settings: Settings) -> None:
        self._provider = provider
        self._tracer = tracer
        self._metrics = metrics
        self._settings = settings

    @property
    def tracer_provider(self) -> TracerProvider | None:
        return self._provider

    @contextmanager
    def observe(self, *, session_id: str, resumed_from: str | None, graph_input: Any = None
                ) -> Iterator[RunObservation]:
        previous = span_context_from_traceparent(resumed_from) if resumed_from else None
        request = get_current_span()  # the HTTP server span of the request that started the run, if traced
        started_by = request.get_span_context() if request.get_span_context().is_valid else None
        capture = self._settings.capture_content
        with run_span(self._tracer, session_id=session_id, resumed_from=previous, started_by=started_by) as handle:
            if started_by is not None:
                request.add_link(handle.span_context, {semconv.COACH_LINK_RELATION: semconv.LINK_STARTED})
            handle.record_input(run_input(graph_input, capture=capture))
            handler = handle.callback_handler(
                agent_nodes=AGENT_NODES, capture_content=capture, prices=self._settings.prices, metrics=self._metrics,
            )
            yield _Traced(handle, handler, capture=capture)

    def flush(self) -> None:
        self._provider.force_flush()


@asynccontextmanager
async def open_observer(settings: Settings, *, connections: int = SPANS) -> AsyncIterator[RunObserver]:
    """The app's run observer for its lifetime; providers are flushed and shut down when the app stops. The span
    store's engine opens at most `connections` on PostgreSQL (one export thread writes)."""
    if not settings.tracing:
        yield NullObserver()
        return
    engine = create_sync_engine(settings, connections=connections, role="spans")
    provider = build_tracer_provider(settings, engine=engine)
    meters = build_meter_provider(settings)
    try:
        yield TracingObserver(provider=provider, tracer=tracer_for(provider),
                              metrics=GenAIMetrics.from_meter_provider(meters), settings=settings)
    finally:
        await asyncio.to_thread(provider.shutdown)
        await asyncio.to_thread(meters.shutdown)
        engine.dispose()
