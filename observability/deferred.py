"""A tracer provider to hand to an instrumentation before the real one exists.

The FastAPI instrumentation asks for its tracer when the app is built; the app's tracer provider is built later,
by its lifespan, and shut down with it. `SwitchableTracerProvider` is what the instrumentation gets: its tracers
start spans on whichever provider is plugged in (`use`), and record nothing while none is. Never the global one.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from opentelemetry.context import Context
from opentelemetry.trace import Link, NoOpTracer, Span, SpanKind, Tracer, TracerProvider
from opentelemetry.util.types import AttributeValue


class SwitchableTracerProvider(TracerProvider):
    def __init__(self) -> None:
        self._delegate: TracerProvider | None = None

    def use(self, provider: TracerProvider | None) -> None:
        """Start spans on `provider` from now on (None: record nothing)."""
        self._delegate = provider

    @property
    def delegate(self) -> TracerProvider | None:
        return self._delegate

    def get_tracer(self, instrumenting_module_name: str, instrumenting_library_version: str | None = None,
                   schema_url: str | None = None, attributes: Mapping[str, AttributeValue] | None = None) -> Tracer:
        return _SwitchableTracer(self, instrumenting_module_name, instrumenting_library_version, schema_url,
                                 attributes)


class _SwitchableTracer(Tracer):
    def __init__(self, owner: SwitchableTracerProvider, name: str, version: str | None, schema_url: str | None,
                 attributes: Mapping[str, AttributeValue] | None) -> None:
        self._owner = owner
        self._scope = (name, version, schema_url, attributes)
        self._tracers: dict[int, Tracer] = {}

    def _current(self) -> Tracer:
        provider = self._owner.delegate
        if provider is None:
            return NoOpTracer()
        tracer = self._tracers.get(id(provider))
        if tracer is None:
            name, version, schema_url, attributes = self._scope
            tracer = self._tracers[id(provider)] = provider.get_tracer(name, version, schema_url, attributes)
        return tracer

    def start_span(self, name: str, context: Context | None = None, kind: SpanKind = SpanKind.INTERNAL,
                   attributes: Mapping[str, AttributeValue] | None = None, links: Sequence[Link] | None = None,
                   start_time: int | None = None, record_exception: bool = True,
                   set_status_on_exception: bool = True) -> Span:
        return self._current().start_span(name, context, kind, attributes, links, start_time, record_exception,
                                          set_status_on_exception)

    @contextmanager  # the API types its own with a private context-manager class
    def start_as_current_span(  # type: ignore[override]
        self, name: str, context: Context | None = None, kind: SpanKind = SpanKind.INTERNAL,
        attributes: Mapping[str, AttributeValue] | None = None, links: Sequence[Link] | None = None,
        start_time: int | None = None, record_exception: bool = True, set_status_on_exception: bool = True,
        end_on_exit: bool = True,
    ) -> Iterator[Any]:
        with self._current().start_as_current_span(name, context, kind, attributes, links, start_time,
                                                   record_exception, set_status_on_exception,
                                                   end_on_exit) as span:
            yield span
