"""Two `coach serve` processes on one PostgreSQL database: the per-session lock holds across processes."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from pathlib import Path

import httpx
import psycopg
import pytest
from icalendar import Calendar

from evals.http import bearer, drive, resume_body
from tests.apitest.server import coach_serve
from tests.support.postgres import temporary_database

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def _count(url: str, sql: str, *params: object) -> int:
    with psycopg.connect(url) as connection:
        row = connection.execute(sql, params).fetchone()
    assert row is not None
    return int(row[0])


async def test_two_servers_one_database(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"  # shared: both read the one admin key the first start wrote
    with temporary_database("coach_api_two_servers") as url:
        env = {"COACH_DATABASE_URL": url}
        # Started together: migrations, checkpointer setup and the first admin are serialised by a lock.
        with coach_serve(data_dir, env=env, count=2) as (a, b):
            assert a.admin_key == b.admin_key
            assert _count(url, "SELECT count(*) FROM users") == 1  # one first admin, not one per server
            async with httpx.AsyncClient(base_url=a.url, headers=bearer(a.admin_key), timeout=60) as to_a, \
                    httpx.AsyncClient(base_url=b.url, headers=bearer(b.admin_key), timeout=60) as to_b:
                assert (await to_b.get("/v1/healthz")).json()["checkpointer"] == "AsyncPostgresSaver"
                view = (await to_a.post("/v1/sessions")).json()
                sid, body = view["id"], resume_body(view["pending"])

                clients = itertools.cycle([to_a, to_b])
                responses = await asyncio.gather(
                    *(next(clients).post(f"/v1/sessions/{sid}/resume", json=body) for _ in range(10)))

                assert sorted(r.status_code for r in responses) == [200] + [409] * 9
                applied = next(r.json() for r in responses if r.status_code == 200)
                assert {r.json()["pending"]["id"] for r in responses if r.status_code == 409} == {
                    applied["pending"]["id"]}
                assert _count(url, "SELECT count(*) FROM decisions WHERE session_id = %s", sid) == 1
                transcript = (await to_b.get(f"/v1/sessions/{sid}")).json()["transcript"]
                assert [turn["answer"] for turn in transcript] == [body["answer"]]  # in the graph's state once

                # The rest of the session, alternating servers, ends with an approved plan.
                final, _ = await drive(to_b, (await to_a.get(f"/v1/sessions/{sid}")).json())
                assert final["status"] == "completed"
                assert (await to_a.get(f"/v1/sessions/{sid}/plan")).json()["status"] == "approved"
                ics = await to_a.get(f"/v1/sessions/{sid}/plan", params={"format": "ics"})  # approved when, read back
                events = list(Calendar.from_ical(ics.content).walk("VEVENT"))
                assert len(events) == sum(len(s["actions"]) for s in final["plan"]["stages"])
                assert all(e["DTSTAMP"].dt.utcoffset() == timedelta(0) and e.start > e["DTSTAMP"].dt.replace(
                    tzinfo=None) for e in events)

                assert (await to_b.delete(f"/v1/sessions/{sid}")).status_code == 204
                assert (await to_a.get(f"/v1/sessions/{sid}")).status_code == 404
            for table, column in [("coaching_sessions", "id"), ("decisions", "session_id"),
                                  ("plan_versions", "session_id"), ("spans", "session_id"),
                                  ("checkpoints", "thread_id"), ("checkpoint_writes", "thread_id"),
                                  ("checkpoint_blobs", "thread_id")]:
                assert _count(url, f"SELECT count(*) FROM {table} WHERE {column} = %s", sid) == 0, table
