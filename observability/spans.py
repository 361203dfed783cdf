"""Small helpers every span writer shares: the session attributes, errors, pauses."""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from typing import Any

from langgraph.errors import GraphInterrupt
from opentelemetry.trace import Span, Status, StatusCode
from opentelemetry.util.types import AttributeValue

from observability import semconv
from observability.redaction import redact, truncate

ERROR_MESSAGE_LIMIT = 1000


def session_attributes(session_id: str) -> dict[str, AttributeValue]:
    """Every span carries the session, under both the OpenInference and the GenAI name."""
    return {semconv.SESSION_ID: session_id, semconv.GEN_AI_CONVERSATION_ID: session_id}


def error_type(exc: BaseException) -> str:
    cls = type(exc)
    return cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"


def record_error(span: Span, exc: BaseException) -> None:
    """Mark ``span`` failed with ``exc``; the message and stack trace are redacted before they are set."""
    message = truncate(redact(str(exc)), ERROR_MESSAGE_LIMIT)
    stacktrace = redact("".join(traceback.format_exception(exc)))
    span.record_exception(exc, attributes={"exception.message": message, "exception.stacktrace": stacktrace})
    span.set_attribute(semconv.ERROR_TYPE, error_type(exc))
    span.set_status(Status(StatusCode.ERROR, f"{type(exc).__name__}: {message}" if message else type(exc).__name__))


def mark_paused(span: Span, interrupt_id: str | None, kind: str | None) -> None:
    """A human checkpoint: an event on the span, never an error status."""
    attributes: dict[str, AttributeValue] = {}
    if interrupt_id:
        attributes[semconv.COACH_INTERRUPT_ID] = interrupt_id
    if kind:
        attributes[semconv.COACH_INTERRUPT_KIND] = kind
    span.add_event(semconv.EVENT_PAUSED, attributes)


def interrupt_refs(interrupts: Iterable[object]) -> list[tuple[str | None, str | None]]:
    """(interrupt id, kind) of each LangGraph ``Interrupt``; the payload's own id wins over LangGraph's."""
    refs: list[tuple[str | None, str | None]] = []
    for item in interrupts:
        value: Any = getattr(item, "value", None)
        payload_id = value.get("id") if isinstance(value, dict) else None
        kind = value.get("kind") if isinstance(value, dict) else None
        interrupt_id = payload_id or getattr(item, "id", None)
        refs.append((str(interrupt_id) if interrupt_id else None, str(kind) if kind else None))
    return refs


def raised_interrupt_refs(error: GraphInterrupt) -> list[tuple[str | None, str | None]]:
    """The interrupts a ``GraphInterrupt`` carries, or one anonymous pause when it carries none."""
    found = error.args[0] if error.args else ()
    interrupts = found if isinstance(found, Iterable) and not isinstance(found, str | bytes) else ()
    return interrupt_refs(interrupts) or [(None, None)]
