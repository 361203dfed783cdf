"""How the API is served: uvicorn's configuration for this product, and the process's limits.

Every connection costs a file descriptor for as long as it is open, and uvicorn closes an idle one only after a
response (keep-alive): a socket that never sends a request stays open for good, and enough of them refuse every
other client. So here a connection must send a whole request head within `header_timeout_s` of opening (or of its
last response), at most `header_bytes` of an unfinished head is buffered, idle keep-alive connections close after
`keep_alive_s`, and the process's limit of open files is raised to its hard limit at start. (A head that arrives
whole but too large is refused by `api.limits.AdmissionMiddleware`.) Forwarded addresses (`X-Forwarded-For`) are
believed only from the configured proxies. The protocol is uvicorn's own choice, httptools when it is installed,
else h11, each with those bounds.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import resource
from typing import Any, ClassVar, Literal

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from settings import Limits, Settings

logger = logging.getLogger(__name__)
TOO_LARGE_HEAD = (b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: text/plain; charset=utf-8\r\n"
                  b"content-length: 36\r\nconnection: close\r\n\r\nThe request's headers are too large.")


class _HeadTimer:
    """Closes a connection that has not sent a whole request head `timeout_s` after it opened or after its last
    response (uvicorn only times the wait after a response, and any byte resets it)."""

    def __init__(self, protocol: H11Protocol | HttpToolsProtocol, timeout_s: float) -> None:
        self._protocol = protocol
        self._timeout_s = timeout_s
        self._timer: asyncio.TimerHandle | None = None
        self.start()

    def _in_request(self) -> bool:
        cycle = self._protocol.cycle
        return cycle is not None and not cycle.response_complete

    def start(self) -> None:
        self.stop()
        if not self._protocol.transport.is_closing() and not self._in_request():
            self._timer = self._protocol.loop.call_later(self._timeout_s, self._expired)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def started_request(self) -> None:
        if self._in_request():
            self.stop()

    def _expired(self) -> None:  # (a connection closed meanwhile is closed again: harmless)
        self._timer = None
        if not self._in_request():
            self._protocol.transport.close()


class _H11(H11Protocol):
    """h11, which buffers at most `h11_max_incomplete_event_size` of an unfinished head; with the head timer."""

    head_timeout_s: ClassVar[float] = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.head = _HeadTimer(self, self.head_timeout_s)

    def handle_events(self) -> None:
        super().handle_events()
        self.head.started_request()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self.head.start()


class _HttpTools(HttpToolsProtocol):
    """httptools, which would buffer a head of any size: past `head_bytes` of an unfinished one, 431 and close;
    with the head timer."""

    head_timeout_s: ClassVar[float] = 10.0
    head_bytes: ClassVar[int] = 32 * 1024
    _in_head = False
    _head_fed = 0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.head = _HeadTimer(self, self.head_timeout_s)

    def data_received(self, data: bytes) -> None:
        if self._in_head and self._head_fed > self.head_bytes:
            self.transport.write(TOO_LARGE_HEAD)
            self.transport.close()
            return
        super().data_received(data)
        if self._in_head:  # what came ended no head: it counts against the limit
            self._head_fed += len(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_fed = True, 0

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self.head.start()

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()
        self.head.started_request()


Parser = Literal["auto", "h11", "httptools"]


def protocol(limits: Limits, parser: Parser = "auto") -> type[H11Protocol | HttpToolsProtocol]:
    """The HTTP protocol class uvicorn serves with: with `auto`, httptools when installed (as uvicorn itself would
    choose), else h11; either bounded as this module says."""
    bounds: dict[str, Any] = {"head_timeout_s": limits.header_timeout_s, "head_bytes": limits.header_bytes}
    if parser == "auto":
        parser = "httptools" if importlib.util.find_spec("httptools") else "h11"
    base: type[H11Protocol | HttpToolsProtocol] = _HttpTools if parser == "httptools" else _H11
    return type(f"Coach{base.__name__.lstrip('_')}Protocol", (base,), bounds)


def server_config(app: Any, settings: Settings, *, host: str, port: int, parser: Parser = "auto",
                  **options: Any) -> uvicorn.Config:
    """uvicorn's configuration for the API (`options`: log level, graceful shutdown and the like)."""
    limits = settings.limits
    trusted = settings.trusted_proxies
    return uvicorn.Config(
        app, host=host, port=port, http=protocol(limits, parser), h11_max_incomplete_event_size=limits.header_bytes,
        timeout_keep_alive=limits.keep_alive_s, proxy_headers=bool(trusted), forwarded_allow_ips=trusted or None,
        **options)


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
