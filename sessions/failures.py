"""Classifying a failed run: a stable code and a message for people; the exception itself goes to the logs
and the trace, never to a client."""

from __future__ import annotations

import sys

import httpx
from pydantic import ValidationError

from domain.failures import CoachFailure, Failure
from sessions.db import is_database_fault

MESSAGE_CHARS = 2000
RETRYABLE_MESSAGE = (
    "the language model or the network failed during this step; nothing was lost: retry the session to continue"
)
DATABASE_MESSAGE = (
    "the database could not be used during this step (it may be restarting); what this step did not save does not "
    "count: retry the session in a moment to continue"
)
INVALID_MESSAGE = "a value in this step could not be used; nothing was lost: retry the session, or change the input"
INTERNAL_MESSAGE = (
    "an internal error stopped this step; nothing was lost: retry the session, and report it with the session id "
    "if it happens again"
)
# The network's transient failures, and the model provider's (`_retryable`): worth a retry.
RETRYABLE: tuple[type[BaseException], ...] = (httpx.TransportError, TimeoutError, ConnectionError)


def _retryable() -> tuple[type[BaseException], ...]:
    """With the model provider's client's errors when it is loaded (it is imported only with the LLM engine, and
    none of its errors can exist before)."""
    openai = sys.modules.get("openai")
    if openai is None:
        return RETRYABLE
    return (openai.APIConnectionError, openai.APITimeoutError, openai.RateLimitError, openai.InternalServerError,
            openai.APIStatusError, *RETRYABLE)


def classify(exc: BaseException) -> Failure:
    """The failure a client sees for `exc`."""
    if isinstance(exc, CoachFailure):
        return Failure(code=exc.code, message=(str(exc).strip() or INTERNAL_MESSAGE)[:MESSAGE_CHARS])
    if is_database_fault(exc):
        return Failure(code="retryable", message=DATABASE_MESSAGE)
    if isinstance(exc, _retryable()):
        return Failure(code="retryable", message=RETRYABLE_MESSAGE)
    if isinstance(exc, ValidationError):
        return Failure(code="invalid_input", message=INVALID_MESSAGE)
    return Failure(code="internal", message=INTERNAL_MESSAGE)
