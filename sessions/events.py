"""Per-session event fan-out for server-sent events: the runner publishes, each stream has a bounded buffer.

Bounded every way: at most `per_user` streams per user and `total` in all (`TooManyStreams` beyond them), and
at most `buffer` events waiting per stream: a stream that falls that far behind is dropped (it ends with a
`closed` event), so a slow reader never holds up publishing or other readers. Publishing costs one append per
stream of the session, and an event's JSON is encoded once, whoever reads it.

Delivery is in-process; with a relay (`sessions.relay`, on PostgreSQL) what is published here also reaches
the streams of the other server processes, and theirs reach the streams here.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, Protocol

from domain.failures import Failure
from domain.interrupts import PendingInterrupt
from sessions.errors import TooManyStreams
from sessions.tables import CoachingSession
from sessions.views import session_summary
from settings import Limits

EventType = Literal["run_started", "node_started", "node_finished", "paused", "completed", "failed", "state"]
CloseReason = Literal["slow_reader", "idle", "deleted", "shutdown", "revoked"]


class Outbox(Protocol):
    """Where published events go besides this process's streams: a relay to the other server processes."""

    def send(self, session_id: str, type_: EventType, data: dict[str, Any]) -> None: ...

    def close(self, session_id: str) -> None: ...


@dataclass(frozen=True)
class SessionEvent:
    type: EventType
    data: dict[str, Any]
    id: int

    @cached_property
    def sse(self) -> bytes:
        """The event on the wire (text/event-stream), encoded once however many streams send it."""
        return sse_bytes(self.type, json.dumps(self.data, separators=(",", ":")), self.id)


HEARTBEAT = b": ping\n\n"


def sse_bytes(event: str, data: str, id_: int | None = None) -> bytes:
    """One server-sent event; `data` is one line of JSON (JSON escapes every line break)."""
    head = f"id: {id_}\n" if id_ is not None else ""
    return f"{head}event: {event}\ndata: {data}\n\n".encode()


class Stream:
    """One reader of a session's events: a bounded buffer, and why the stream ended once it has."""

    def __init__(self, session_id: str, user_id: str, capacity: int) -> None:
        self.session_id = session_id
        self.user_id = user_id
        self.ended: CloseReason | None = None
        self._capacity = capacity
        self._events: deque[SessionEvent] = deque()
        self._wake = asyncio.Event()

    def offer(self, event: SessionEvent) -> bool:
        """Buffer `event`; False when the buffer is full (the reader fell behind)."""
        if len(self._events) >= self._capacity:
            return False
        self._events.append(event)
        self._wake.set()
        return True

    def end(self, reason: CloseReason) -> None:
        """No more events: what is buffered is still read, then the stream ends. The first reason wins."""
        if self.ended is None:
            self.ended = reason
            self._wake.set()

    async def next(self, timeout_s: float) -> SessionEvent | None:
        """The next event; None when `timeout_s` passes first, or when the stream has ended (see `ended`)."""
        if not self._events and self.ended is None:
            self._wake.clear()
            try:
                async with asyncio.timeout(timeout_s):
                    await self._wake.wait()
            except TimeoutError:
                return None
        return self._events.popleft() if self._events else None

    def drain(self) -> list[SessionEvent]:
        """Every buffered event, at once."""
        events = list(self._events)
        self._events.clear()
        return events

    @property
    def pending(self) -> int:
        return len(self._events)


@dataclass(frozen=True)
class StreamLimits:
    per_user: int = 10
    total: int = 500
    buffer: int = 256
    retry_after_s: int = 5

    @classmethod
    def of(cls, limits: Limits) -> StreamLimits:
        return cls(per_user=limits.streams_per_user, total=limits.streams_total, buffer=limits.stream_buffer,
                   retry_after_s=limits.stream_retry_after_s)


@dataclass
class EventHub:
    """Which sessions are running here, and which streams follow them."""

    limits: StreamLimits = field(default_factory=StreamLimits)
    outbox: Outbox | None = None
    _streams: dict[str, set[Stream]] = field(default_factory=dict)
    _per_user: Counter[str] = field(default_factory=Counter)
    _open: int = 0
    _running: set[str] = field(default_factory=set)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def is_running(self, session_id: str) -> bool:
        """Whether a run of the session is under way in this process."""
        return session_id in self._running

    @property
    def relayed(self) -> bool:
        """Whether other server processes may run sessions whose events reach streams here."""
        return self.outbox is not None

    def subscriber_count(self, session_id: str) -> int:
        return len(self._streams.get(session_id, ()))

    def open_streams(self, user_id: str | None = None) -> int:
        return self._open if user_id is None else self._per_user[user_id]

    @contextmanager
    def subscribe(self, session_id: str, user_id: str = "") -> Iterator[Stream]:
        """A stream of the session's events, counted against the caps while it is open."""
        stream = self.open_stream(session_id, user_id)
        try:
            yield stream
        finally:
            self.close_stream(stream)

    def open_stream(self, session_id: str, user_id: str) -> Stream:
        """A new stream; `TooManyStreams` when the user or the server is at its cap. Close it with `close_stream`."""
        if self._per_user[user_id] >= self.limits.per_user:
            raise TooManyStreams(f"you have {self.limits.per_user} event streams open, the most allowed; close one "
                                 "first", retry_after_s=self.limits.retry_after_s)
        if self._open >= self.limits.total:
            raise TooManyStreams(f"the server has {self.limits.total} event streams open, the most it holds; try "
                                 "again later", retry_after_s=self.limits.retry_after_s)
        stream = Stream(session_id, user_id, self.limits.buffer)
        self._streams.setdefault(session_id, set()).add(stream)
        self._per_user[user_id] += 1
        self._open += 1
        return stream

    def close_stream(self, stream: Stream) -> None:
        streams = self._streams.get(stream.session_id)
        if streams is None or stream not in streams:
            return
        streams.discard(stream)
        if not streams:
            del self._streams[stream.session_id]
        self._open -= 1
        self._per_user[stream.user_id] -= 1
        if self._per_user[stream.user_id] <= 0:
            del self._per_user[stream.user_id]

    def publish(self, session_id: str, type_: EventType, data: dict[str, Any]) -> None:
        """To this process's streams, then to the relay (if any). Never waits."""
        self.deliver(session_id, type_, data)
        if self.outbox is not None:
            self.outbox.send(session_id, type_, data)

    def deliver(self, session_id: str, type_: EventType, data: dict[str, Any]) -> None:
        """To this process's streams only (events from the relay come in here)."""
        streams = self._streams.get(session_id)
        if not streams:
            return
        event = SessionEvent(type=type_, data=data, id=next(self._ids))
        behind = [stream for stream in streams if not stream.offer(event)]
        for stream in behind:  # dropped rather than waited for, and no longer counted against the caps
            stream.end("slow_reader")
            self.close_stream(stream)

    @contextmanager
    def running(self, session_id: str) -> Iterator[None]:
        self._running.add(session_id)
        try:
            yield
        finally:
            self._running.discard(session_id)

    def close(self, session_id: str, reason: CloseReason = "deleted", *, relay: bool = True) -> None:
        """End every stream of a session (here, and through the relay in the other processes)."""
        for stream in self._streams.get(session_id, ()):
            stream.end(reason)
        if relay and self.outbox is not None:
            self.outbox.close(session_id)

    def close_all(self) -> None:
        for streams in self._streams.values():
            for stream in streams:
                stream.end("shutdown")


async def follow_stream(stream: Stream, *, heartbeat_s: float, idle_timeout_s: float
                        ) -> AsyncIterator[list[SessionEvent]]:
    """A stream's events as they come, each time with whatever else is buffered by then; an empty list every
    `heartbeat_s` without any (a heartbeat is due). Ends when the stream ends, or once no event came for
    `idle_timeout_s` (then `stream.ended` is "idle")."""
    last_event = time.monotonic()
    while True:
        idle_left = idle_timeout_s - (time.monotonic() - last_event)
        if idle_left <= 0:
            stream.end("idle")
        event = await stream.next(min(heartbeat_s, max(idle_left, 0.0)))
        if event is not None:
            last_event = time.monotonic()
            yield [event, *stream.drain()]
        elif stream.ended is not None and not stream.pending:
            return
        else:
            yield []


def publish_task(hub: EventHub, session_id: str, chunk: dict[str, Any]) -> None:
    """A `tasks` stream chunk of LangGraph as node_started / node_finished."""
    node = {"node": chunk.get("name"), "task_id": chunk.get("id")}
    if "result" not in chunk and "error" not in chunk:
        hub.publish(session_id, "node_started", node)
        return
    result = chunk.get("result")
    hub.publish(session_id, "node_finished", node | {
        "failed": bool(chunk.get("error")),  # the failure itself reaches clients classified, in `failed`
        "interrupted": bool(chunk.get("interrupts")),
        "updated": sorted(result) if isinstance(result, dict) else [],
    })


def publish_outcome(hub: EventHub, row: CoachingSession, pending: PendingInterrupt | None,
                    failure: Failure | None) -> None:
    """How a run ended (failed / paused / completed), then the session's state."""
    if failure is not None:
        hub.publish(row.id, "failed", {"error": failure.model_dump(mode="json")})
    elif pending is not None:
        hub.publish(row.id, "paused", {"interrupt_id": pending.id, "kind": pending.kind})
    elif row.status == "completed":
        hub.publish(row.id, "completed", {})
    hub.publish(row.id, "state", session_summary(row, running=False).model_dump(mode="json"))
