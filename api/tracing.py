"""SEAM for tracing: how the runner lets observability watch each graph run.

The runner wraps every run in `observer.observe(...)` and passes the observation's callbacks in the run's
config (`runner.run_config`). `open_observer` is called once by the app's lifespan; today it yields an
observer that records nothing. To trace runs, build the tracer provider here (observability.tracing:
`build_tracer_provider`, `run_span`, `RunHandle.callback_handler`) and yield an observer whose `observe`
enters `run_span(tracer, session_id=..., resumed_from=span_context_from_traceparent(resumed_from))`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractContextManager, asynccontextmanager, contextmanager
from typing import Protocol

from langchain_core.callbacks import BaseCallbackHandler

from coach.settings import Settings


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


class _Unobserved:
    callbacks: list[BaseCallbackHandler] = []  # noqa: RUF012  (never mutated)
    traceparent: str | None = None

    def paused(self, interrupt_id: str, kind: str) -> None:
        return None

    def failed(self, exc: BaseException) -> None:
        return None


class NullObserver:
    """Records nothing: the observer until tracing is wired in."""

    @contextmanager
    def observe(self, *, session_id: str, resumed_from: str | None) -> Iterator[RunObservation]:
        yield _Unobserved()


@asynccontextmanager
async def open_observer(settings: Settings) -> AsyncIterator[RunObserver]:
    """The app's run observer for its lifetime (build and shut down tracer providers here)."""
    yield NullObserver()
