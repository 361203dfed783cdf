"""The API as it ships: a real `coach serve` process on a loopback port, SQLite and the knowledge engine."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from evals.http import bearer, drive, parse_sse
from evals.personas import QA_ENGINEER_QUESTIONS
from sessions.bootstrap import issue_user
from sessions.db import open_database
from sessions.tables import Role
from settings import load_settings
from tests.apitest.server import Server, coach_command, coach_serve

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with coach_serve(tmp_path_factory.mktemp("serve") / "data") as (running,):
        yield running


async def _new_user(server: Server, name: str, role: Role = "coachee") -> str:
    """A user in the running server's database (as `coach users create` makes them, without the process)."""
    async with open_database(load_settings(data_dir=server.data_dir)) as database:
        return (await issue_user(database=database, name=name, role=role)).token


def _client(server: Server, key: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=server.url, headers=bearer(key), timeout=60)


def test_users_create_makes_a_key_the_server_accepts(server: Server) -> None:
    result = subprocess.run([*coach_command(), "users", "create", "Casey", "--role", "coach"], capture_output=True,
                            text=True, env={**os.environ, "COACH_DATA_DIR": str(server.data_dir)}, timeout=120,
                            check=True)
    key = result.stdout.strip().splitlines()[-1]
    response = httpx.get(f"{server.url}/v1/sessions", headers=bearer(key))
    assert response.status_code == 200 and response.json() == []


def test_the_first_start_creates_an_admin_key(server: Server) -> None:
    key_file = server.data_dir / "admin.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert server.admin_key in server.log.read_text()
    assert httpx.get(f"{server.url}/docs").status_code == 200
    assert httpx.get(f"{server.url}/openapi.json").json()["info"]["title"] == "Career coach API"


async def test_a_whole_session_over_http(server: Server) -> None:
    async with _client(server, await _new_user(server, "Quinn")) as coachee:
        created = await coachee.post("/v1/sessions")
        assert created.status_code == 201 and created.json()["pending"]["kind"] == "question"
        final, answered = await drive(coachee, created.json())
        assert [p["kind"] for p in answered].count("question") == QA_ENGINEER_QUESTIONS
        assert [p["kind"] for p in answered][-2:] == ["assessment_review", "plan_review"]
        assert final["status"] == "completed" and final["profile"]["matched_role"] == "role.qa-ai-quality"
        markdown = await coachee.get(f"/v1/sessions/{final['id']}/plan", params={"format": "markdown"})
        assert markdown.status_code == 200 and "## 2. Adapt" in markdown.text
        ics = await coachee.get(f"/v1/sessions/{final['id']}/plan", params={"format": "ics"})
        assert ics.headers["content-type"] == "text/calendar; charset=utf-8"
        assert ics.content.startswith(b"BEGIN:VCALENDAR\r\n") and b"RRULE:FREQ=WEEKLY;COUNT=" in ics.content


async def test_another_users_session_is_not_found(server: Server) -> None:
    ana_key, ben_key = await _new_user(server, "Ana"), await _new_user(server, "Ben")
    async with _client(server, ana_key) as ana, _client(server, ben_key) as ben:
        sid = (await ana.post("/v1/sessions")).json()["id"]
        assert (await ben.get(f"/v1/sessions/{sid}")).status_code == 404
        assert (await ben.post(f"/v1/sessions/{sid}/resume", json={"interrupt_id": "i1-question", "answer": "x"})
                ).status_code == 404
        assert (await ben.delete(f"/v1/sessions/{sid}")).status_code == 404
        assert sid not in [s["id"] for s in (await ben.get("/v1/sessions")).json()]
        assert (await ana.get(f"/v1/sessions/{sid}")).status_code == 200


async def test_events_stream_over_http(server: Server) -> None:
    async with _client(server, await _new_user(server, "Eve")) as client:
        view = (await client.post("/v1/sessions")).json()
        received: list[str] = []

        async def listen() -> None:
            url = f"/v1/sessions/{view['id']}/events"
            async with client.stream("GET", url, params={"follow": "true"}) as stream:
                assert stream.headers["content-type"].startswith("text/event-stream")
                async for line in stream.aiter_lines():
                    received.append(line)

        listener = asyncio.create_task(listen())
        await asyncio.sleep(0.5)  # subscribed before the runs start
        final, _ = await drive(client, view)
        await asyncio.wait_for(listener, 30)
        events = parse_sse("\n".join(received))
        names = [name for name, _ in events]
        assert names[-2:] == ["completed", "state"] and "node_started" in names and "paused" in names
        assert events[-1][1]["version"] == final["version"]


async def test_delete_leaves_nothing_behind(server: Server) -> None:
    async with _client(server, await _new_user(server, "Dee")) as client:
        final, _ = await drive(client, (await client.post("/v1/sessions")).json())
        sid = final["id"]
        assert (await client.delete(f"/v1/sessions/{sid}")).status_code == 204
        assert (await client.get(f"/v1/sessions/{sid}")).status_code == 404
    with sqlite3.connect(server.data_dir / "coach.db") as product:
        for table, column in [("coaching_sessions", "id"), ("decisions", "session_id"),
                              ("plan_versions", "session_id"), ("spans", "session_id")]:
            assert product.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (sid,)).fetchone() == (0,)
    with sqlite3.connect(Path(server.data_dir) / "checkpoints.db") as checkpoints:
        for table in ("checkpoints", "writes"):
            assert checkpoints.execute(f"SELECT count(*) FROM {table} WHERE thread_id = ?", (sid,)).fetchone() == (0,)
