"""Per-session event fan-out for server-sent events: the runner publishes, each subscriber has a queue.

In-process only: a subscriber sees the runs of the server process it is connected to.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from domain.failures import Failure
from domain.interrupts import PendingInterrupt
from sessions.tables import CoachingSession
from sessions.views import session_summary

EventType = Literal["run_started", "node_started", "node_finished", "paused", "completed", "failed", "state"]
QUEUE_SIZE = 1000


@dataclass(frozen=True)
class SessionEvent:
    type: EventType
    data: dict[str, Any]
    id: int


@dataclass
class EventHub:
    """Which sessions are running here, and who listens to them."""

    _subscribers: defaultdict[str, set[asyncio.Queue[SessionEvent | None]]] = field(
        default_factory=lambda: defaultdict(set))
    _running: set[str] = field(default_factory=set)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def is_running(self, session_id: str) -> bool:
        return session_id in self._running

    def subscriber_count(self, session_id: str) -> int:
        return len(self._subscribers.get(session_id, ()))

    @contextmanager
    def subscribe(self, session_id: str) -> Iterator[asyncio.Queue[SessionEvent | None]]:
        """A queue of the session's events; None in it means the stream is over (session deleted, shutdown)."""
        queue: asyncio.Queue[SessionEvent | None] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self._subscribers[session_id].add(queue)
        try:
            yield queue
        finally:
            subscribers = self._subscribers.get(session_id)
            if subscribers is not None:
                subscribers.discard(queue)
                if not subscribers:
                    del self._subscribers[session_id]

    def publish(self, session_id: str, type_: EventType, data: dict[str, Any]) -> None:
        event = SessionEvent(type=type_, data=data, id=next(self._ids))
        for queue in self._subscribers.get(session_id, ()):
            if not queue.full():  # a subscriber that stopped reading misses events rather than growing memory
                queue.put_nowait(event)

    @contextmanager
    def running(self, session_id: str) -> Iterator[None]:
        self._running.add(session_id)
        try:
            yield
        finally:
            self._running.discard(session_id)

    def close(self, session_id: str) -> None:
        """End every stream of a session."""
        for queue in self._subscribers.get(session_id, ()):
            self._end(queue)

    def close_all(self) -> None:
        for queues in self._subscribers.values():
            for queue in queues:
                self._end(queue)

    @staticmethod
    def _end(queue: asyncio.Queue[SessionEvent | None]) -> None:
        while queue.full():
            queue.get_nowait()
        queue.put_nowait(None)


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
