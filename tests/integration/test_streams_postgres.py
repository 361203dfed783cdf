"""Event streams across two `coach serve` processes on one PostgreSQL database (the LISTEN/NOTIFY relay)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from evals.http import bearer, drive, parse_sse
from evals.personas import QA_ENGINEER_QUESTIONS
from tests.apitest.server import coach_serve
from tests.support.postgres import temporary_database

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


async def _listen(client: httpx.AsyncClient, sid: str, lines: list[str], opened: asyncio.Event) -> None:
    async with client.stream("GET", f"/v1/sessions/{sid}/events", params={"follow": "true"}) as stream:
        assert stream.status_code == 200
        opened.set()
        async for line in stream.aiter_lines():
            lines.append(line)


async def _subscribed(client: httpx.AsyncClient, sid: str, lines: list[str]) -> asyncio.Task[None]:
    opened = asyncio.Event()
    task = asyncio.create_task(_listen(client, sid, lines, opened))
    await asyncio.wait_for(opened.wait(), 10)
    await asyncio.sleep(0.2)  # the response has started: the stream is registered with the hub
    return task


async def test_a_stream_on_one_process_gets_the_runs_of_another(tmp_path: Path) -> None:
    with temporary_database("coach_streams_relay") as url, \
            coach_serve(tmp_path / "data", env={"COACH_DATABASE_URL": url}, count=2) as (a, b):
        async with httpx.AsyncClient(base_url=a.url, headers=bearer(a.admin_key), timeout=60) as to_a, \
                httpx.AsyncClient(base_url=b.url, headers=bearer(b.admin_key), timeout=60) as to_b:
            view = (await to_b.post("/v1/sessions")).json()
            lines: list[str] = []
            listener = await _subscribed(to_a, view["id"], lines)

            final, _ = await drive(to_b, view)  # every run on process B
            await asyncio.wait_for(listener, 30)
            events = parse_sse("\n".join(lines))
            names = [name for name, _ in events]
            assert names.count("run_started") == QA_ENGINEER_QUESTIONS + 3  # one run per answer and per review
            assert names[-2:] == ["completed", "state"] and "node_finished" in names
            assert events[-1][1]["version"] == final["version"] and events[-1][1]["running"] is False

            # Deleting a session through B ends its streams on A.
            other = (await to_b.post("/v1/sessions")).json()["id"]
            lines = []
            listener = await _subscribed(to_a, other, lines)
            assert (await to_b.delete(f"/v1/sessions/{other}")).status_code == 204
            await asyncio.wait_for(listener, 10)
            assert parse_sse("\n".join(lines)) == [("closed", {"reason": "deleted"})]
