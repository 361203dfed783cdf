"""The event relay over PostgreSQL's LISTEN/NOTIFY: two hubs (two processes' worth) on one database."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import psycopg
import pytest

from sessions.db import open_database
from sessions.events import EventHub
from sessions.relay import MAX_PAYLOAD_BYTES, EventRelay, encode, open_relay
from settings import load_settings
from tests.support.postgres import temporary_database


def test_payloads_stay_under_the_notify_limit() -> None:
    state = {"o": "x", "n": 1, "s": "s1", "t": "state", "d": {"status": "failed", "error": {"message": "é" * 9000}}}
    assert json.loads(encode(state)) == {"o": "x", "n": 1, "s": "s1", "t": "state", "r": 1}
    failed = {"o": "x", "n": 2, "s": "s1", "t": "failed", "d": {"error": {"code": "internal", "message": "m" * 9000}}}
    shortened = json.loads(encode(failed))
    assert shortened["d"]["error"]["code"] == "internal" and len(shortened["d"]["error"]["message"]) <= 300
    assert len(encode(failed).encode()) <= MAX_PAYLOAD_BYTES
    small = {"o": "x", "n": 3, "s": "s1", "t": "paused", "d": {"interrupt_id": "i1"}}
    assert json.loads(encode(small)) == small


@asynccontextmanager
async def _relayed_hubs(url: str, count: int) -> AsyncIterator[list[tuple[EventHub, EventRelay]]]:
    settings = load_settings(database_url=url)
    async with AsyncExitStack() as stack:
        database = await stack.enter_async_context(open_database(settings))
        hubs = []
        for _ in range(count):
            hub = EventHub()
            relay = await stack.enter_async_context(open_relay(url, hub, database))
            assert relay.listening.is_set()
            hubs.append((hub, relay))
        yield hubs


@pytest.mark.postgres
async def test_events_cross_hubs_in_order_and_survive_a_lost_connection() -> None:
    with temporary_database("coach_relay") as url:
        async with _relayed_hubs(url, 2) as [(a, _), (b, _)]:
            with a.subscribe("s1", "u") as on_a, b.subscribe("s1", "u") as on_b:
                for n in range(50):
                    b.publish("s1", "node_started", {"n": n})
                received = [await on_a.next(5) for _ in range(50)]
                assert [event.data["n"] if event else None for event in received] == list(range(50))
                assert on_b.pending == 50  # B's own streams had them directly, not twice
                assert await on_a.next(0.3) is None  # and nothing echoed back

                with psycopg.connect(url, autocommit=True) as admin:  # every relay connection is cut
                    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = current_database() AND pid <> pg_backend_pid()")
                for _ in range(100):  # both sides reconnect on their own
                    b.publish("s1", "node_finished", {"n": -1})
                    event = await on_a.next(0.1)
                    if event is not None and event.type == "node_finished":
                        break
                else:
                    pytest.fail("no event crossed after the connections were cut")

                b.close("s1")  # a deleted session ends its streams in every process
                while (event := await on_a.next(5)) is not None:
                    pass
                assert on_a.ended == "deleted"
