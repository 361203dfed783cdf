"""How the API is served: uvicorn's configuration for this product, and the process's limits.

Every connection costs a file descriptor for as long as it is open, and uvicorn closes an idle one only after a
response (keep-alive): a socket that never sends a request stays open for good, and enough of them refuse every
other client. So here a connection must send a whole request head within `header_timeout_s` of opening (or of its
last response), the head is at most `header_bytes` (h11's own limit: the httptools parser has none), idle
keep-alive connections close after `keep_alive_s`, and the process's limit of open files is raised to its hard
limit at start. Forwarded addresses (`X-Forwarded-For`) are believed only from the configured proxies.
"""

from __future__ import annotations

import asyncio
import logging
import resource
from contextlib import suppress
from typing import Any, ClassVar

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from settings import Settings

logger = logging.getLogger(__name__)


class _BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing a connection that keeps the server waiting for a request head."""

    head_timeout_s: ClassVar[float] = 10.0
    _head_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_head()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._await_head()

    def handle_events(self) -> None:
        super().handle_events()
        if self._in_request():
            self._stop_awaiting()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_awaiting()
        super().connection_lost(exc)

    def _in_request(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _await_head(self) -> None:
        self._stop_awaiting()
        if not self.transport.is_closing() and not self._in_request():
            self._head_timer = self.loop.call_later(self.head_timeout_s, self._head_timed_out)

    def _stop_awaiting(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self._in_request() or self.transport.is_closing():
            return
        with suppress(h11.LocalProtocolError):  # half a request came: nothing to say, just close
            self.conn.send(h11.ConnectionClosed())
        self.transport.close()


def protocol(head_timeout_s: float) -> type[H11Protocol]:
    """The HTTP protocol class uvicorn serves with: h11, a request head due within `head_timeout_s`."""
    return type("CoachH11Protocol", (_BoundedH11Protocol,), {"head_timeout_s": head_timeout_s})


def server_config(app: Any, settings: Settings, *, host: str, port: int, **options: Any) -> uvicorn.Config:
    """uvicorn's configuration for the API (`options`: log level, graceful shutdown and the like)."""
    limits = settings.limits
    trusted = settings.trusted_proxies
    return uvicorn.Config(
        app, host=host, port=port, http=protocol(limits.header_timeout_s),
        h11_max_incomplete_event_size=limits.header_bytes, timeout_keep_alive=limits.keep_alive_s,
        proxy_headers=bool(trusted), forwarded_allow_ips=trusted or None, **options)


def raise_open_files_limit() -> tuple[int, int]:
    """Raise this process's soft limit of open files to its hard limit, where the system allows; returns the soft
    limit before and after."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft >= hard:
        return soft, soft
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ValueError, OSError) as exc:
        logger.warning("could not raise the limit of open files from %d to %d: %s", soft, hard, exc)
        return soft, soft
    return soft, hard
