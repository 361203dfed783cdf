"""Malformed requests, generated with hypothesis: JSON bodies for starting and resuming a session that hold what
a hostile but fair client could send (lone surrogates in keys and values, NaN, Infinity, 1e400, huge integers,
deep nesting, NUL, invalid UTF-8, truncations), odd content types, keys and session ids.

`fuzz` sends them to the app in-process and records every status; used by the unit tests (few examples) and by
`bench/fuzz.py` (many).
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx
import hypothesis
from hypothesis import strategies as st

from api.app import create_app
from evals.http import bearer
from knowledge.base import KnowledgeBase
from sessions.bootstrap import IssuedKey
from settings import Settings


@dataclass(frozen=True)
class Raw:
    """A JSON token written as is: what `json.dumps` will not write (`1e400`) or writes only as Python does."""

    text: str


RAW_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1E+999", "9" * 25, "-" + "9" * 400,
               "1" + "0" * 5000, "0.1e-99999", "1" + "0" * 19, str(2**63), str(-(2**63) - 1), "-0", "1.0e308"]
FIELDS = ["interrupt_id", "answer", "action", "edits", "feedback", "acknowledge", "summary", "stages", "hours"]
ACTIONS = ["approve", "edit", "reject", "APPROVE", ""]
CONTENT_TYPES = [None, "application/json", "application/json; charset=utf-8", "application/merge-patch+json",
                 "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/"]
ODD_IDS = ["", "%00", "%ff", "%ED%B0%80", "..%2f..%2f", "a" * 300, "__dict__", "1e400", "null", "%F0%9F%98%80"]


def _text() -> st.SearchStrategy[str]:
    """Any code point, lone surrogates and NUL included (hypothesis leaves surrogates out unless asked)."""
    return st.text(st.characters(codec=None, categories=None), max_size=30) | st.sampled_from(
        ["\udc00", "\ud800x", "x\x00y", "\ufeff", "i1-question", "Manual QA tester, 6 years", ""])


def _leaves() -> st.SearchStrategy[Any]:
    return (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
            | _text() | st.sampled_from(RAW_NUMBERS).map(Raw))


def _values() -> st.SearchStrategy[Any]:
    keys = st.sampled_from(FIELDS) | _text()
    return st.recursive(_leaves(), lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(keys, inner, max_size=4), max_leaves=12)


@st.composite
def resume_bodies(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly resume-shaped: a known field set, any of them odd, plus extra keys."""
    body: dict[str, Any] = {}
    if draw(st.booleans()):
        body["interrupt_id"] = draw(st.sampled_from(["i1-question", "PENDING"]) | _leaves())
    if draw(st.booleans()):
        body["answer"] = draw(_text() | _leaves())
    if draw(st.booleans()):
        body["action"] = draw(st.sampled_from(ACTIONS) | _leaves())
    if draw(st.booleans()):
        body["edits"] = draw(_values())
    body.update(draw(st.dictionaries(st.sampled_from(FIELDS) | _text(), _values(), max_size=3)))
    return body


def encode(value: Any) -> str:
    """JSON text for `value`, `Raw` tokens as they are, lone surrogates as `\\udc00` escapes, NaN as NaN."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(str(k))}:{encode(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(encode(item) for item in value) + "]"
    return json.dumps(value)


@st.composite
def _nested(draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(1, 20_000))
    opener, closer = draw(st.sampled_from([(b"[", b"]"), (b'{"a":', b"}"), (b'{"edits":[', b"]}")]))
    closed = depth if draw(st.booleans()) else draw(st.integers(0, depth))
    return opener * depth + b"1" + closer * closed


@st.composite
def _mangled(draw: st.DrawFn) -> bytes:
    text = encode(draw(resume_bodies())).encode("utf-8", "surrogatepass")
    cut = draw(st.integers(0, len(text)))
    action = draw(st.sampled_from(["truncate", "insert", "as is"]))
    if action == "truncate":
        return text[:cut]
    if action == "insert":
        return text[:cut] + draw(st.binary(min_size=1, max_size=4)) + text[cut:]
    return text


def bodies() -> st.SearchStrategy[bytes]:
    """Request bodies: encoded odd JSON, deep nesting, mangled bytes, random bytes."""
    encoded = st.one_of(resume_bodies(), _values()).map(lambda value: encode(value).encode("utf-8", "surrogatepass"))
    return st.one_of(encoded, encoded, _nested(), _mangled(), st.binary(max_size=64))


@dataclass(frozen=True)
class Probe:
    """One request: which route, the body and how it is labelled, how the caller is named."""

    route: str  # "create", "resume" (the real session), "resume-other" (an odd id)
    body: bytes
    content_type: str | None
    auth: str  # "key", "none", "odd"
    odd_id: str = ""
    odd_key: str = ""


def probes() -> st.SearchStrategy[Probe]:
    return st.builds(
        Probe, route=st.sampled_from(["create", "resume", "resume", "resume", "resume-other"]), body=bodies(),
        content_type=st.sampled_from(CONTENT_TYPES), auth=st.sampled_from(["key"] * 8 + ["none", "odd"]),
        odd_id=st.sampled_from(ODD_IDS) | st.text(max_size=40).map(quote),
        odd_key=st.text(st.characters(codec="latin-1"), max_size=40))


@dataclass
class FuzzRun:
    statuses: Counter[int] = field(default_factory=Counter)
    failure: str | None = None

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)


class Target:
    """The app under its lifespan on an event loop in a thread of its own, driven from synchronous code (the
    hypothesis examples): each request waits for its answer. It keeps one live session to resume."""

    def __init__(self, loop: asyncio.AbstractEventLoop, app: Any, token: str) -> None:
        self.loop = loop
        self.token = token
        # An exception the app lets out is a 500, as a real server would answer it.
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self.client = httpx.AsyncClient(transport=transport, base_url="http://fuzz", timeout=60)
        self.session_id = ""
        self.pending_id: str | None = None

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=120)

    def _fresh_session(self) -> None:
        response = self._run(self.client.post("/v1/sessions", headers=bearer(self.token)))
        assert response.status_code == 201, response.text
        view = response.json()
        self.session_id, self.pending_id = view["id"], (view["pending"] or {}).get("id")

    def _request(self, probe: Probe) -> httpx.Request:
        body = probe.body
        if probe.route == "create":
            path = "/v1/sessions"
        elif probe.route == "resume":
            if self.pending_id is None:
                self._fresh_session()
            path = f"/v1/sessions/{self.session_id}/resume"
            body = body.replace(b'"PENDING"', json.dumps(self.pending_id).encode())
        else:
            path = f"/v1/sessions/{probe.odd_id}/resume"
        headers: dict[str, Any] = {} if probe.content_type is None else {"content-type": probe.content_type}
        if probe.auth == "key":
            headers.update(bearer(self.token))
        elif probe.auth == "odd":
            headers["x-api-key"] = probe.odd_key.encode("latin-1")
        return self.client.build_request("POST", path, content=body, headers=headers)

    def send(self, probe: Probe) -> int | None:
        """The status the app answered `probe` with; None when the client itself refused to send it."""
        try:
            request = self._request(probe)
        except (httpx.InvalidURL, ValueError, UnicodeError):
            return None
        response = self._run(self.client.send(request))
        if probe.route == "resume" and response.status_code == 200:
            self.pending_id = (response.json()["pending"] or {}).get("id")
        return int(response.status_code)


@contextmanager
def in_process(settings: Settings, *, kb: KnowledgeBase | None = None) -> Iterator[Target]:
    """The app built from `settings`, started, and a `Target` on it; stopped afterwards."""
    keys: list[IssuedKey] = []
    app = create_app(settings, kb=kb, on_admin_key=keys.append)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fuzz-app", daemon=True)
    thread.start()
    started, stop = threading.Event(), asyncio.Event()

    async def serve() -> None:
        @asynccontextmanager
        async def lifespan() -> Any:
            async with app.router.lifespan_context(app):
                started.set()
                yield

        async with lifespan():
            await stop.wait()

    serving = asyncio.run_coroutine_threadsafe(serve(), loop)
    try:
        if not started.wait(120):
            serving.result(timeout=0)  # raises what stopped the start-up
            raise RuntimeError("the app did not start within 120 s")
        target = Target(loop, app, keys[0].token)
        try:
            yield target
        finally:
            asyncio.run_coroutine_threadsafe(target.client.aclose(), loop).result(timeout=30)
    finally:
        loop.call_soon_threadsafe(stop.set)
        serving.result(timeout=60)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)
        loop.close()


def fuzz(target: Target, *, examples: int, seed: int | None = 0) -> FuzzRun:
    """Send `examples` generated probes; stops at (and shrinks) the first answer >= 500, kept in `failure`."""
    run = FuzzRun()

    @hypothesis.settings(max_examples=examples, deadline=None, database=None,
                         suppress_health_check=list(hypothesis.HealthCheck), report_multiple_bugs=False)
    @hypothesis.given(probes())
    def check(probe: Probe) -> None:
        status = target.send(probe)
        if status is not None:
            run.statuses[status] += 1
            assert status < 500, f"{status} for {probe!r}"[:2000]

    test = check if seed is None else hypothesis.seed(seed)(check)
    try:
        test()
    except Exception as exc:  # the first 500 (shrunk), or what stopped the run: reported, never hidden
        run.failure = f"{type(exc).__name__}: {exc}"[:4000]
    return run
