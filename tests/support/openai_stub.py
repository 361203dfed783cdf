"""A scripted OpenAI-compatible HTTP server on loopback, for fault-injection tests.

``OpenAIStub(responder)`` serves ``POST /v1/chat/completions`` (non-streaming) from a background thread.
Each request first takes the next queued fault, if any (``stub.inject(Fault.RATE_LIMIT, Fault.SERVER_ERROR)``);
otherwise ``responder(request_json)`` supplies the assistant's reply. Counters record every request and every
fault served, so a test can assert exactly how many HTTP calls a client made::

    with OpenAIStub(schema_responder(lambda name, messages: {"answer": "yes"})) as stub:
        stub.inject(Fault.RATE_LIMIT)
        llm = ChatOpenAI(base_url=stub.base_url, api_key="x", model="stub", max_retries=1)
        ...
        assert stub.requests == 2

Error replies carry ``Retry-After: 0`` and ``retry-after-ms`` (1 ms by default): the openai client honours
``retry-after-ms`` only when it is positive and ignores ``Retry-After: 0`` (falling back to its exponential backoff
of 0.5 s, 1 s, 2 s ... up to 8 s), so the millisecond header is what keeps retries fast here. Pass
``retry_after_ms=None`` to exercise the client's own backoff. A timeout (which has no response headers) always gets
the client's backoff.
"""

from __future__ import annotations

import collections
import contextlib
import enum
import itertools
import json
import socket
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

JSON = dict[str, Any]


class Fault(enum.Enum):
    """What the stub does to one request instead of answering it."""

    RATE_LIMIT = "rate_limit"
    """HTTP 429 with ``Retry-After: 0``."""
    SERVER_ERROR = "server_error"
    """HTTP 500."""
    UNAVAILABLE = "unavailable"
    """HTTP 503."""
    TIMEOUT = "timeout"
    """No answer for ``timeout_s`` (longer than the client's timeout), then the connection is closed."""
    MALFORMED_JSON = "malformed_json"
    """A 200 completion whose assistant content is not valid JSON."""
    REFUSAL = "refusal"
    """A 200 completion whose message has ``refusal`` set and no content."""
    INVALID_BODY = "invalid_body"
    """A 200 response whose body is not JSON at all."""


@dataclass(frozen=True)
class Reply:
    """The assistant message the stub sends back; a responder may also return a plain string (the content)."""

    content: str | None = None
    refusal: str | None = None
    tool_calls: Sequence[JSON] | None = None
    finish_reason: str = "stop"
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


Responder = Callable[[JSON], "Reply | str"]
SchemaFactory = Callable[[str, list[JSON]], Any]

MALFORMED_CONTENT = '{"this is": "not valid JSON", '
INVALID_BODY = b"<html>502 Bad Gateway</html> {not json"
REFUSAL_TEXT = "I'm sorry, but I can't help with that request."


def echo_responder(request: JSON) -> Reply:
    """Answers with the text of the last user message, prefixed with ``echo: ``."""
    messages: list[JSON] = request.get("messages") or []
    last = next((m for m in reversed(messages) if m.get("role") == "user"), None)
    return Reply(content=f"echo: {_text_of(last.get('content')) if last else ''}")


def schema_responder(factory: SchemaFactory, fallback: Responder | None = None) -> Responder:
    """A responder for ``response_format: json_schema`` requests.

    ``factory(schema_name, messages)`` returns the object to send as the JSON content (a pydantic model is dumped
    with ``model_dump(mode="json")``; a ``str`` is sent verbatim). Requests without a JSON schema go to
    ``fallback`` (default: :func:`echo_responder`).
    """

    def respond(request: JSON) -> Reply | str:
        response_format = request.get("response_format")
        if isinstance(response_format, Mapping) and response_format.get("type") == "json_schema":
            spec = response_format.get("json_schema") or {}
            value = factory(str(spec.get("name", "")), list(request.get("messages") or []))
            if isinstance(value, str):
                return Reply(content=value)
            if hasattr(value, "model_dump"):
                value = value.model_dump(mode="json")
            return Reply(content=json.dumps(value))
        return (fallback or echo_responder)(request)

    return respond


@dataclass
class RecordedRequest:
    """One request as the stub saw it, with what it served (a fault's name, or ``"ok"``)."""

    body: JSON | None
    outcome: str
    headers: dict[str, str] = field(default_factory=dict)


class OpenAIStub:
    """The stub server. Use as a context manager, or ``start()`` / ``stop()``."""

    def __init__(
        self,
        responder: Responder = echo_responder,
        *,
        model: str = "stub-model",
        timeout_s: float = 2.0,
        retry_after_ms: int | None = 1,
    ) -> None:
        self.responder = responder
        self.model = model
        self.timeout_s = timeout_s
        """How long a ``Fault.TIMEOUT`` request hangs before its connection is closed."""
        self.retry_after_ms = retry_after_ms
        self._faults: collections.deque[Fault] = collections.deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._requests = 0
        self._fault_counts: collections.Counter[Fault] = collections.Counter()
        self._log: list[RecordedRequest] = []
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._connections: set[socket.socket] = set()

    # -- scripting ------------------------------------------------------------------------------------------------

    def inject(self, *faults: Fault) -> Self:
        """Queue faults; each of the next requests consumes one, in order."""
        with self._lock:
            self._faults.extend(faults)
        return self

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    @property
    def pending_faults(self) -> int:
        with self._lock:
            return len(self._faults)

    @property
    def requests(self) -> int:
        """Every request received on the chat-completions route."""
        with self._lock:
            return self._requests

    def fault_count(self, fault: Fault) -> int:
        """How many requests were answered with ``fault``."""
        with self._lock:
            return self._fault_counts[fault]

    @property
    def fault_counts(self) -> dict[Fault, int]:
        with self._lock:
            return dict(self._fault_counts)

    @property
    def answered(self) -> int:
        """Requests answered by the responder (no fault)."""
        with self._lock:
            return self._requests - sum(self._fault_counts.values())

    @property
    def log(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._log)

    def reset_counters(self) -> None:
        with self._lock:
            self._requests = 0
            self._fault_counts.clear()
            self._log.clear()

    # -- lifecycle ------------------------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the stub is not started")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> Self:
        if self._server is not None:
            raise RuntimeError("the stub is already started")
        self._stopping.clear()
        server = _Server(("127.0.0.1", 0), _make_handler(self))
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="openai-stub", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        thread, self._thread = self._thread, None
        if server is None:
            return
        self._stopping.set()  # wakes requests parked in a TIMEOUT fault
        server.shutdown()
        server.server_close()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:  # end idle keep-alive connections, so no old thread answers later
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        if thread is not None:
            thread.join(timeout=5.0)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- request handling (called from server threads) ------------------------------------------------------------

    def _take(self, body: JSON | None, headers: dict[str, str]) -> Fault | None:
        with self._lock:
            self._requests += 1
            fault = self._faults.popleft() if self._faults else None
            if fault is not None:
                self._fault_counts[fault] += 1
            self._log.append(RecordedRequest(body=body, outcome=fault.value if fault else "ok", headers=headers))
            return fault

    def _completion(self, request: JSON, reply: Reply) -> JSON:
        message: JSON = {"role": "assistant", "content": reply.content, "refusal": reply.refusal}
        if reply.tool_calls:
            message["tool_calls"] = list(reply.tool_calls)
        prompt_tokens = reply.prompt_tokens
        if prompt_tokens is None:
            prompt_tokens = _count_tokens(json.dumps(request.get("messages", [])))
        completion_tokens = reply.completion_tokens
        if completion_tokens is None:
            completion_tokens = _count_tokens((reply.content or "") + (reply.refusal or ""))
        return {
            "id": f"chatcmpl-stub-{next(self._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": str(request.get("model") or self.model),
            "system_fingerprint": "openai-stub",
            "choices": [{"index": 0, "message": message, "finish_reason": reply.finish_reason, "logprobs": None}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


def _make_handler(stub: OpenAIStub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "openai-stub/1"
        timeout = 30.0  # an idle keep-alive connection is closed after this long

        def setup(self) -> None:
            super().setup()
            with stub._lock:
                stub._connections.add(self.connection)

        def finish(self) -> None:
            with stub._lock:
                stub._connections.discard(self.connection)
            with contextlib.suppress(OSError):
                super().finish()

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

        def do_GET(self) -> None:
            if self.path.rstrip("/") in {"/v1/models", "/models"}:
                self._send_json(200, {"object": "list", "data": [{"id": stub.model, "object": "model"}]})
            elif self.path in {"/health", "/v1/health"}:
                self._send_json(200, {"status": "ok"})
            else:
                self._send_error(404, "not found", "invalid_request_error")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if self.path.rstrip("/") not in {"/v1/chat/completions", "/chat/completions"}:
                self._send_error(404, f"no route {self.path}", "invalid_request_error")
                return
            try:
                body = json.loads(raw) if raw else None
            except json.JSONDecodeError:
                body = None
            fault = stub._take(body if isinstance(body, dict) else None, dict(self.headers.items()))
            if fault is not None:
                self._serve_fault(fault, body if isinstance(body, dict) else {})
                return
            if not isinstance(body, dict):
                self._send_error(400, "request body is not a JSON object", "invalid_request_error")
                return
            if body.get("stream"):
                self._send_error(400, "the stub does not stream", "invalid_request_error")
                return
            try:
                result = stub.responder(body)
            except Exception as exc:  # a broken responder is a test bug: say so loudly, as a 500
                self._send_error(500, f"stub responder failed: {exc!r}", "server_error")
                return
            reply = Reply(content=result) if isinstance(result, str) else result
            self._send_json(200, stub._completion(body, reply))

        def _serve_fault(self, fault: Fault, body: JSON) -> None:
            if fault is Fault.RATE_LIMIT:
                self._send_error(429, "Rate limit reached (injected)", "rate_limit_exceeded", retry=True)
            elif fault is Fault.SERVER_ERROR:
                self._send_error(500, "The server had an error (injected)", "server_error", retry=True)
            elif fault is Fault.UNAVAILABLE:
                self._send_error(503, "The server is overloaded (injected)", "server_error", retry=True)
            elif fault is Fault.TIMEOUT:
                stub._stopping.wait(stub.timeout_s)
                self.close_connection = True
                with contextlib.suppress(OSError):  # the client may have hung up first
                    self.connection.shutdown(socket.SHUT_RDWR)
            elif fault is Fault.MALFORMED_JSON:
                self._send_json(200, stub._completion(body, Reply(content=MALFORMED_CONTENT)))
            elif fault is Fault.REFUSAL:
                self._send_json(200, stub._completion(body, Reply(content=None, refusal=REFUSAL_TEXT)))
            elif fault is Fault.INVALID_BODY:
                self._send_bytes(200, INVALID_BODY, "application/json")

        def _send_error(self, status: int, message: str, code: str, *, retry: bool = False) -> None:
            headers: dict[str, str] = {}
            if retry:
                headers["Retry-After"] = "0"
                if stub.retry_after_ms is not None:
                    headers["retry-after-ms"] = str(stub.retry_after_ms)
            payload = {"error": {"message": message, "type": code, "param": None, "code": code}}
            self._send_json(status, payload, headers)

        def _send_json(self, status: int, payload: JSON, headers: Mapping[str, str] | None = None) -> None:
            self._send_bytes(status, json.dumps(payload).encode(), "application/json", headers)

        def _send_bytes(
            self, status: int, data: bytes, content_type: str, headers: Mapping[str, str] | None = None
        ) -> None:
            with contextlib.suppress(OSError):  # the client may have hung up first
                self.send_response(status, HTTPStatus(status).phrase)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()

    return Handler


def _count_tokens(text: str) -> int:
    """A deterministic stand-in for a tokenizer: about one token per four characters, at least one."""
    return max(1, (len(text) + 3) // 4)


def _text_of(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, Mapping))
    return ""


__all__ = [
    "INVALID_BODY",
    "MALFORMED_CONTENT",
    "REFUSAL_TEXT",
    "Fault",
    "OpenAIStub",
    "RecordedRequest",
    "Reply",
    "Responder",
    "echo_responder",
    "schema_responder",
]
