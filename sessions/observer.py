"""How the runner lets observability watch each graph run.

The runner wraps every run in `observer.observe(...)` and passes the observation's callbacks in the run's
config (`runner.run_config`). `open_observer` is entered once by the app's lifespan: with tracing on it
builds the tracer and meter providers (spans to the embedded store, and to OTLP when configured) and
shuts them down, flushing, when the app stops.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from typing import Protocol

from langchain_core.callbacks import BaseCallbackHandler
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.trace import Tracer

from graphs.coaching import AGENT_NODES
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


class RunObserver(Protocol):
    def observe(self, *, session_id: str, resumed_from: str | None) -> AbstractContextManager[RunObservation]:
        """Entered around one run: `graph.astream` and reading where it stopped."""
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


class NullObserver:
    """Records nothing (COACH_TRACING=false)."""

    @contextmanager
    def observe(self, *, session_id: str, resumed_from: str | None) -> Iterator[RunObservation]:
        yield _Unobserved()

    def flush(self) -> None:
        return None


class _Traced:
    """One run under its root span `invoke_workflow coaching`, with the handler that hangs the rest below it."""

    def __init__(self, handle: RunHandle, handler: TracingCallbackHandler) -> None:
        self._handle = handle
        self.callbacks: list[BaseCallbackHandler] = [handler]

    @property
    def traceparent(self) -> str | None:
        return self._handle.traceparent

    def paused(self, interrupt_id: str, kind: str) -> None:
        self._handle.paused(interrupt_id, kind)

    def failed(self, exc: BaseException) -> None:
        self._handle.failed(exc)


class TracingObserver:
    """Every run becomes a trace; a resumed run's root links to the root of the run that paused."""

    def __init__(self, *, provider: TracerProvider, tracer: Tracer, metrics: GenAIMetrics, settings: Settings) -> None:
        self._provider = provider
        self._tracer = tracer
        self._metrics = metrics
        self._settings = settings

    @contextmanager
    def observe(self, *, session_id: str, resumed_from: str | None) -> Iterator[RunObservation]:
        previous = span_context_from_traceparent(resumed_from) if resumed_from else None
        with run_span(self._tracer, session_id=session_id, resumed_from=previous) as handle:
            handler = handle.callback_handler(
                agent_nodes=AGENT_NODES, capture_content=self._settings.capture_content,
                prices=self._settings.prices, metrics=self._metrics,
            )
            yield _Traced(handle, handler)

    def flush(self) -> None:
        self._provider.force_flush()


@asynccontextmanager
async def open_observer(settings: Settings) -> AsyncIterator[RunObserver]:
    """The app's run observer for its lifetime; providers are flushed and shut down when the app stops."""
    if not settings.tracing:
        yield NullObserver()
        return
    engine = create_sync_engine(settings)
    provider = build_tracer_provider(settings, engine=engine)
    meters = build_meter_provider(settings)
    try:
        yield TracingObserver(provider=provider, tracer=tracer_for(provider),
                              metrics=GenAIMetrics.from_meter_provider(meters), settings=settings)
    finally:
        await asyncio.to_thread(provider.shutdown)
        await asyncio.to_thread(meters.shutdown)
        engine.dispose()
