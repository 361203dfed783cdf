"""Session events across server processes on PostgreSQL: LISTEN/NOTIFY on one channel.

Each process keeps two dedicated connections: one LISTENs and hands what other processes published to the
local hub; one sends what this process publishes (in order, batched, from a bounded outbox: publishing never
waits on the database). Both reconnect after a failure; what is published while a connection is down is lost,
as a dropped stream loses it. A payload stays under NOTIFY's 8000-byte limit: a `state` event too large is sent
as a reference that the receiving process reads back from the session row; other large events lose the end of
their long strings.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any, cast

import psycopg

from sessions import crud
from sessions.db import Database, application_name
from sessions.events import EventHub, EventType
from sessions.views import session_summary

logger = logging.getLogger(__name__)

CHANNEL = "coach_session_events"
MAX_PAYLOAD_BYTES = 7900  # NOTIFY refuses 8000 bytes and more
LONG_TEXT = 300
OUTBOX_SIZE = 10_000
BATCH = 200
PROBE_S = 30.0  # a quiet listening connection is checked this often (a dead server sends nothing)
RECONNECT_S = (0.2, 5.0)  # first and longest wait before reconnecting
READY_TIMEOUT_S = 10.0
NOTIFY_SQL = "SELECT pg_notify(%s, payload) FROM unnest(%s::text[]) AS payload"
Resolver = Callable[[str], Awaitable[dict[str, Any] | None]]


def _shorten(value: Any) -> Any:
    if isinstance(value, str) and len(value) > LONG_TEXT:
        return value[:LONG_TEXT - 1] + "…"
    if isinstance(value, dict):
        return {key: _shorten(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shorten(item) for item in value[:50]]
    return value


def encode(message: dict[str, Any]) -> str:
    """The message as NOTIFY's payload: whole when it fits, else a reference (`state`) or shortened."""
    payload = json.dumps(message, separators=(",", ":"), ensure_ascii=False)
    if len(payload.encode()) <= MAX_PAYLOAD_BYTES:
        return payload
    data = message.get("d")
    if message.get("t") == "state" or data is None:
        small = {key: value for key, value in message.items() if key != "d"} | {"r": 1}
    else:
        small = message | {"d": _shorten(data)}
        if len(json.dumps(small, ensure_ascii=False).encode()) > MAX_PAYLOAD_BYTES:
            small = message | {"d": {"truncated": True}}
    return json.dumps(small, separators=(",", ":"), ensure_ascii=False)


class EventRelay:
    """Sends this process's events to the channel and delivers the other processes' to the local hub."""

    def __init__(self, conninfo: str, hub: EventHub, resolve: Resolver) -> None:
        self.origin = uuid.uuid4().hex
        self.listening = asyncio.Event()
        self.lost = 0
        """Events that could not be sent (outbox full or connection down)."""
        self._conninfo = conninfo
        self._hub = hub
        self._resolve = resolve
        self._outbox: asyncio.Queue[str] = asyncio.Queue(maxsize=OUTBOX_SIZE)
        self._numbers = itertools.count(1)

    # --- sending ------------------------------------------------------------------------------------------

    def send(self, session_id: str, type_: EventType, data: dict[str, Any]) -> None:
        self._enqueue({"s": session_id, "t": type_, "d": data})

    def close(self, session_id: str) -> None:
        self._enqueue({"s": session_id, "c": 1})

    def _enqueue(self, message: dict[str, Any]) -> None:
        try:
            self._outbox.put_nowait(encode({"o": self.origin, "n": next(self._numbers)} | message))
        except asyncio.QueueFull:
            self.lost += 1

    async def run_sender(self) -> None:
        connection: psycopg.AsyncConnection[Any] | None = None
        delay = RECONNECT_S[0]
        try:
            while True:
                batch = [await self._outbox.get()]
                while len(batch) < BATCH and not self._outbox.empty():
                    batch.append(self._outbox.get_nowait())
                try:
                    if connection is None or connection.closed:
                        connection = await psycopg.AsyncConnection.connect(
                            self._conninfo, autocommit=True, application_name=application_name("events out"))
                    await connection.execute(NOTIFY_SQL, (CHANNEL, batch))
                    delay = RECONNECT_S[0]
                except (psycopg.Error, OSError) as exc:
                    self.lost += len(batch)
                    logger.warning("event relay: sending failed (%s); reconnecting in %.1f s", exc, delay)
                    await _discard(connection)
                    connection = None
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, RECONNECT_S[1])
                finally:
                    for _ in batch:
                        self._outbox.task_done()
        finally:
            await _discard(connection)

    async def flush(self, timeout_s: float) -> None:
        """Wait (up to `timeout_s`) until the outbox is empty: the last events of a shutdown go out."""
        with suppress(TimeoutError):
            async with asyncio.timeout(timeout_s):
                await self._outbox.join()

    # --- listening ----------------------------------------------------------------------------------------

    async def run_listener(self) -> None:
        delay = RECONNECT_S[0]
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                        self._conninfo, autocommit=True, application_name=application_name("events in")) as connection:
                    await connection.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    delay = RECONNECT_S[0]
                    while True:
                        async for note in connection.notifies(timeout=PROBE_S):
                            await self._receive(note.payload)
                        await connection.execute("SELECT 1")
            except (psycopg.Error, OSError) as exc:
                logger.warning("event relay: listening failed (%s); reconnecting in %.1f s", exc, delay)
            self.listening.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, RECONNECT_S[1])

    async def _receive(self, payload: str) -> None:
        try:
            message = json.loads(payload)
            if message.get("o") == self.origin:
                return  # this process's own: its streams had it already
            session_id = str(message["s"])
            if message.get("c"):
                self._hub.close(session_id, relay=False)
                return
            if not self._hub.subscriber_count(session_id):
                return
            data = await self._resolve(session_id) if message.get("r") else message.get("d")
            if isinstance(data, dict):
                self._hub.deliver(session_id, cast(EventType, message["t"]), data)
        except (ValueError, KeyError, TypeError, psycopg.Error) as exc:
            logger.warning("event relay: ignored a notification (%s)", exc)


async def _discard(connection: psycopg.AsyncConnection[Any] | None) -> None:
    if connection is not None:
        with suppress(psycopg.Error, OSError):
            await connection.close()


def summary_reader(database: Database) -> Resolver:
    """Reads a session's `state` summary from its row (for a reference too large to send)."""

    async def resolve(session_id: str) -> dict[str, Any] | None:
        async with database.sessions() as db:
            row = await crud.get_session(db=db, session_id=session_id)
        return session_summary(row, running=False).model_dump(mode="json") if row is not None else None

    return resolve


@asynccontextmanager
async def open_relay(conninfo: str, hub: EventHub, database: Database) -> AsyncIterator[EventRelay]:
    """Relay `hub`'s events through PostgreSQL while the context is open; listening before it yields."""
    relay = EventRelay(conninfo, hub, summary_reader(database))
    tasks = [asyncio.create_task(relay.run_listener(), name="event-relay-listen"),
             asyncio.create_task(relay.run_sender(), name="event-relay-send")]
    try:
        with suppress(TimeoutError):
            async with asyncio.timeout(READY_TIMEOUT_S):
                await relay.listening.wait()
        hub.outbox = relay
        yield relay
    finally:
        hub.outbox = None
        await relay.flush(timeout_s=2.0)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
