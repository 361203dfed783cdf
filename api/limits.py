"""Input limits enforced before anything reaches the graph: body size, encoding, NUL bytes, JSON nesting and
numbers, text length.

The middleware works on raw bytes (Content-Length, then the bytes actually received), then on the parsed JSON
(`api.bodies`); the text checks work on decoded strings, where a JSON escape such as ``\\u0000`` shows up.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.bodies import MAX_CONTAINERS, body_problems, is_json
from api.errors import unavailable
from sessions.errors import Unavailable
from sessions.inputs import NO_NUL_PATTERN, validation_error
from settings import Limits

BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# A body this large is checked in a worker thread: the checks are linear, but a few milliseconds per megabyte are
# still milliseconds every other request would wait for on the event loop.
OFF_LOOP_BYTES = 256 * 1024
# Event streams are long-lived and have caps of their own (per user and per process): they take no request slot.
EVENT_STREAM = re.compile(r"^/v1/sessions/[^/]+/events$")
BUSY_RETRY_AFTER_S = 1


def document_limits(openapi: dict[str, Any], *, answer_chars: int) -> None:
    """Write this server's text limits into its OpenAPI document (the models cannot: limits are settings)."""
    properties = openapi.get("components", {}).get("schemas", {}).get("ResumeRequest", {}).get("properties", {})
    for name in ("answer", "feedback", "interrupt_id"):
        prop = properties.get(name, {})
        for branch in prop.get("anyOf", [prop]):
            if branch.get("type") == "string":
                branch["pattern"] = NO_NUL_PATTERN
                if name != "interrupt_id":
                    branch["maxLength"] = answer_chars


def document_body_bytes(limits: Limits) -> int:
    """The body limit of a document upload: its text's limit, twice over for JSON escapes, plus a usual body."""
    return 2 * limits.user_doc_bytes + limits.body_bytes


class BodyLimitMiddleware:
    """413 for a body over `max_bytes` (or the larger limit `path_limits` gives its path); 422 for a body with a
    NUL byte or bytes that are not UTF-8, or for JSON that nests deeper than `max_depth`, holds more arrays and
    objects than `max_containers` or holds what no handler can use (`api.bodies`)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, path_limits: Mapping[str, int] | None = None,
                 max_depth: int = 32, max_containers: int = MAX_CONTAINERS) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.path_limits = dict(path_limits or {})
        self.max_depth = max_depth
        self.max_containers = max_containers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in BODYLESS_METHODS:
            await self.app(scope, receive, send)
            return
        max_bytes = self.path_limits.get(scope["path"], self.max_bytes)
        declared = self._content_length(scope)
        if declared is not None and declared > max_bytes:
            await self._too_large(declared, max_bytes, scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > max_bytes:
                await self._too_large(size, max_bytes, scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        problems = (await asyncio.to_thread(self._problems, body, scope) if len(body) > OFF_LOOP_BYTES
                    else self._problems(body, scope))
        if problems:
            response = JSONResponse({"code": "invalid_input", "detail": problems}, status_code=422)
            await response(scope, receive, send)
            return
        await self.app(scope, self._replay(body, receive), send)

    def _problems(self, body: bytes, scope: Scope) -> list[dict[str, Any]]:
        if problem := self._encoding_problem(body):
            return [validation_error(problem)]
        if body and is_json(self._header(scope, b"content-type")):
            return body_problems(body, max_depth=self.max_depth, max_containers=self.max_containers)
        return []

    @staticmethod
    def _header(scope: Scope, wanted: bytes) -> str | None:
        for name, value in scope["headers"]:
            if name == wanted:
                return bytes(value).decode("latin-1")
        return None

    def _content_length(self, scope: Scope) -> int | None:
        declared = self._header(scope, b"content-length")
        try:
            return None if declared is None else int(declared)
        except ValueError:
            return None

    @staticmethod
    def _encoding_problem(body: bytes) -> str | None:
        if b"\x00" in body:
            return "the request body contains a NUL byte"
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            return f"the request body is not valid UTF-8 (byte {exc.start})"
        return None

    @staticmethod
    async def _too_large(size: int, max_bytes: int, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"the request body is over the limit of {max_bytes} bytes (at least {size} bytes sent)"
        response = JSONResponse({"code": "too_large", "detail": detail}, status_code=413,
                                headers={"Connection": "close"})
        await response(scope, receive, send)

    @staticmethod
    def _replay(body: bytes, receive: Receive) -> Receive:
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        return replay


class AdmissionMiddleware:
    """Admits a request, or refuses it before anything reads its body or its key: a request line and headers over
    `header_bytes` get 431 `too_large` (uvicorn bounds what it buffers of a head, not a head that arrives whole),
    and a request beyond `concurrent_requests` under way at once in this process (event streams aside) gets 503
    `unavailable` with Retry-After."""

    def __init__(self, app: ASGIApp, *, header_bytes: int, concurrent_requests: int) -> None:
        self.app = app
        self.header_bytes = header_bytes
        self.limit = concurrent_requests
        self.under_way = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = len(scope.get("raw_path") or b"") + len(scope["query_string"]) + sum(
            len(name) + len(value) for name, value in scope["headers"])
        if head > self.header_bytes:
            detail = f"the request line and headers are {head:,} bytes, over the limit of {self.header_bytes:,}"
            response = JSONResponse({"code": "too_large", "detail": detail}, status_code=431,
                                    headers={"Connection": "close"})
            await response(scope, receive, send)
            return
        if EVENT_STREAM.match(scope["path"]):
            await self.app(scope, receive, send)
            return
        if self.under_way >= self.limit:
            detail = (f"the server is working on as many requests as it takes at once ({self.limit}); try again "
                      "in a moment")
            await unavailable(Unavailable(detail, retry_after_s=BUSY_RETRY_AFTER_S))(scope, receive, send)
            return
        self.under_way += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.under_way -= 1
