"""The session service's errors: domain outcomes, each with a stable code. `api/` maps them to HTTP."""

from __future__ import annotations

from typing import Any, Literal

from domain.interrupts import PendingInterrupt
from sessions.tables import SessionStatus

ErrorCode = Literal[
    "unauthorized", "not_found", "forbidden", "conflict", "busy", "invalid_input", "too_large", "rate_limited",
    "too_many_streams", "unavailable", "internal",
]
"""Every code a client can get in an error body."""


class ServiceError(Exception):
    """A request the service refuses; `message` is written for the person who reads it."""

    code: ErrorCode = "internal"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    """No such thing, or not one the caller may see (never told apart)."""

    code: ErrorCode = "not_found"


class Forbidden(ServiceError):
    """The caller sees the session but may not take this action."""

    code: ErrorCode = "forbidden"


class InvalidInput(ServiceError):
    """The request cannot be used as sent; `errors` say where, in FastAPI's validation-error shape."""

    code: ErrorCode = "invalid_input"

    def __init__(self, message: str, *, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or [{"type": "value_error", "loc": ["body"], "msg": message, "input": None}]


class Conflict(ServiceError):
    """The request does not fit the session's state: a stale interrupt, a failed run, another writer first."""

    code: ErrorCode = "conflict"

    def __init__(self, message: str, *, status: SessionStatus, pending: PendingInterrupt | None) -> None:
        super().__init__(message)
        self.status = status
        self.pending = pending


class Busy(Conflict):
    """Another run of the session holds it past the lock timeout."""

    code: ErrorCode = "busy"


class Taken(ServiceError):
    """A name that must be unique is already in use (a document title); nothing was changed."""

    code: ErrorCode = "conflict"


class TooLarge(ServiceError):
    """The request's content is over a size limit."""

    code: ErrorCode = "too_large"


class LimitReached(ServiceError):
    """The caller is at a limit of what one person may keep (open sessions, documents, their bytes); nothing was
    changed."""

    code: ErrorCode = "conflict"


class TooManyStreams(ServiceError):
    """The caller, or the server as a whole, holds as many event streams open as it may."""

    code: ErrorCode = "too_many_streams"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class Unavailable(ServiceError):
    """The database, or the server, cannot take the request for a moment (connections lost, a restart, every slot
    taken); the same request may succeed after `retry_after_s`."""

    code: ErrorCode = "unavailable"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
