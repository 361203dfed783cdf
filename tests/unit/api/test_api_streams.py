"""Bounded event streams: caps per user and in all (429 with Retry-After), heartbeats, the idle timeout, slow
readers dropped while fast ones get every event."""

from __future__ import annotations

import asyncio
import time
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import update
from sqlmodel import col

from evals.http import bearer, parse_sse
from knowledge.base import KnowledgeBase
from sessions.bootstrap import issue_user
from sessions.db import open_database
from sessions.events import EventHub, EventType, StreamLimits, follow_stream
from sessions.owners import FileOwners
from sessions.tables import CoachingSession, utcnow
from settings import Limits, Settings, load_settings
from tests.apitest.inprocess import running_api
from tests.apitest.threaded import serving
from tests.support.sse import open_stream


def _settings(tmp_path: Path, **limits: object) -> Settings:
    return load_settings(data_dir=tmp_path / "coach", limits=Limits(**limits))  # type: ignore[arg-type]


async def _keys(settings: Settings, *names: str) -> list[str]:
    async with open_database(settings) as database:
        return [(await issue_user(database=database, name=name, role="coachee")).token for name in names]


async def _subscribed(hub: EventHub, sid: str) -> None:
    for _ in range(500):
        if hub.subscriber_count(sid):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the stream never opened")


def _refused(response: httpx.Response, retry_after: str) -> bool:
    return (response.status_code == 429 and response.headers.get("retry-after") == retry_after
            and response.json()["code"] == "too_many_streams")


async def test_caps_per_user_and_in_all_and_a_closed_stream_frees_its_place(tmp_path: Path,
                                                                          kb: KnowledgeBase) -> None:
    settings = _settings(tmp_path, streams_per_user=2, streams_total=3, stream_retry_after_s=7)
    with serving(settings, kb=kb) as server:
        ana_key, ben_key, cy_key = await _keys(settings, "Ana", "Ben", "Cy")
        clients = [httpx.AsyncClient(base_url=server.url, headers=bearer(key), timeout=30)
                   for key in (ana_key, ben_key, cy_key)]
        async with AsyncExitStack() as held, clients[0] as ana, clients[1] as ben, clients[2] as cy:
            sids = [(await client.post("/v1/sessions")).json()["id"] for client in (ana, ben, cy)]
            first = await open_stream(ana, held, sids[0])
            assert first.status_code == 200 and (await open_stream(ana, held, sids[0])).status_code == 200
            assert _refused(await open_stream(ana, held, sids[0]), "7")  # ana's cap: 2
            assert (await ana.get(f"/v1/sessions/{sids[0]}")).status_code == 200  # other requests go on

            assert (await open_stream(ben, held, sids[1])).status_code == 200  # 3 open: the server's cap
            refused = await open_stream(cy, held, sids[2])
            assert _refused(refused, "7") and "server" in refused.json()["detail"]

            await first.aclose()  # the client goes away: its place is free again
            for _ in range(200):
                if (reopened := await open_stream(cy, held, sids[2])).status_code == 200:
                    break
                assert _refused(reopened, "7")
                await asyncio.sleep(0.05)
            assert reopened.status_code == 200


async def test_heartbeats_and_the_idle_timeout(settings: Settings, kb: KnowledgeBase) -> None:
    quick = settings.model_copy(update={"limits": Limits(stream_heartbeat_s=0.1, stream_idle_timeout_s=0.6)})
    async with running_api(quick, kb=kb) as api:
        _, owner = await api.user()
        sid = (await owner.post("/v1/sessions")).json()["id"]

        async def publish_later() -> None:
            await _subscribed(api.runtime.hub, sid)
            await asyncio.sleep(0.4)
            api.runtime.hub.publish(sid, "node_started", {"node": "ask", "task_id": "t"})

        publisher = asyncio.create_task(publish_later())
        started = time.monotonic()
        response = await owner.get(f"/v1/sessions/{sid}/events", params={"follow": "true"})
        elapsed = time.monotonic() - started
        await publisher

        assert response.status_code == 200
        assert response.text.count(": ping") >= 5  # every 0.1 s while quiet
        assert parse_sse(response.text) == [("node_started", {"node": "ask", "task_id": "t"}),
                                            ("closed", {"reason": "idle"})]
        assert elapsed >= 1.0  # the event at 0.4 s restarted the 0.6 s idle timeout
        assert api.runtime.hub.open_streams() == 0


async def test_a_reader_that_falls_behind_is_dropped_with_a_closed_event(settings: Settings,
                                                                         kb: KnowledgeBase) -> None:
    async with running_api(settings.model_copy(update={"limits": Limits(stream_buffer=8)}), kb=kb) as api:
        _, owner = await api.user()
        sid = (await owner.post("/v1/sessions")).json()["id"]
        follow = asyncio.create_task(owner.get(f"/v1/sessions/{sid}/events", params={"follow": "true"}))
        await _subscribed(api.runtime.hub, sid)
        for n in range(20):  # faster than the stream can send: nothing is read in between
            api.runtime.hub.publish(sid, "node_started", {"node": f"n{n}", "task_id": str(n)})
        events = parse_sse((await asyncio.wait_for(follow, 10)).text)
        assert [data["node"] for _, data in events[:-1]] == [f"n{n}" for n in range(8)]
        assert events[-1] == ("closed", {"reason": "slow_reader"})
        assert api.runtime.hub.open_streams() == 0


async def test_a_slow_reader_never_holds_up_a_fast_one() -> None:
    hub = EventHub(StreamLimits(buffer=16))
    received: list[int] = []
    with hub.subscribe("s", "fast") as fast, hub.subscribe("s", "slow") as slow:

        async def read_fast() -> None:
            async for batch in follow_stream(fast, heartbeat_s=1.0, idle_timeout_s=5.0):
                received.extend(event.data["n"] for event in batch)
                if len(received) == 500:
                    return

        reader = asyncio.create_task(read_fast())
        for n in range(500):
            hub.publish("s", "node_started", {"n": n})
            await asyncio.sleep(0)  # the fast reader keeps up; the slow one never reads
        await asyncio.wait_for(reader, 5)
        assert slow.ended == "slow_reader" and slow.pending == 16
        assert hub.subscriber_count("s") == 1 and hub.open_streams("slow") == 0
    assert received == list(range(500))
    assert hub.open_streams() == 0


class _Elsewhere:
    """An outbox as a relay is one: other server processes may run sessions (nothing is sent anywhere)."""

    def send(self, session_id: str, type_: EventType, data: dict[str, Any]) -> None:
        pass

    def close(self, session_id: str) -> None:
        pass


async def test_a_run_in_another_process_is_followed_to_its_end(settings: Settings, kb: KnowledgeBase) -> None:
    async with running_api(settings, kb=kb) as api:
        _, owner = await api.user()
        sid = (await owner.post("/v1/sessions")).json()["id"]
        hub = api.runtime.hub
        hub.outbox = _Elsewhere()
        idle = await owner.get(f"/v1/sessions/{sid}/events")  # nothing runs anywhere: one state event, at once
        assert [name for name, _ in parse_sse(idle.text)] == ["state"]

        elsewhere = FileOwners(settings.data_dir / "owners")  # another live server process (its lock file held)
        elsewhere.open()
        async with api.runtime.database.transaction() as db:  # which claims the session and runs it
            await db.exec(update(CoachingSession).where(col(CoachingSession.id) == sid)  # type: ignore[call-overload]
                          .values(run_started_at=utcnow(), run_owner=elsewhere.token))
        current = asyncio.create_task(owner.get(f"/v1/sessions/{sid}/events"))
        await _subscribed(hub, sid)
        hub.deliver(sid, "node_started", {"node": "interview", "task_id": "t"})  # as the relay hands them over
        hub.deliver(sid, "state", {"id": sid, "status": "active", "running": False})
        events = parse_sse((await asyncio.wait_for(current, 10)).text)
        assert [name for name, _ in events] == ["node_started", "state"]
        hub.outbox = None
        elsewhere.close()
