"""Stateful schemathesis against a real server, on SQLite and on PostgreSQL: sequences that follow the OpenAPI
links (start a session, then resume it with `pending.id`, read, retry, plan, delete it) get no server error, and
every answer is documented and matches its schema. Bounded: a few scenarios of a few steps (`bench/fuzz.py` runs
bigger ones)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from evals.http import resume_body
from evals.stateful import StatefulRun, run_stateful
from knowledge.base import KnowledgeBase
from settings import load_settings
from tests.apitest.threaded import serving
from tests.support.postgres import temporary_database

pytestmark = [pytest.mark.integration, pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")]
SCENARIOS, STEPS = 6, 8
RESUME = "POST /v1/sessions/{session_id}/resume"


def _check(run: StatefulRun) -> None:
    assert run.failures == [], run.failures[0]
    assert run.server_errors == 0 and run.calls >= SCENARIOS
    assert run.reached("POST /v1/sessions", 201) > 0
    # Resumes reached a real session through the links (an unknown id would be 404).
    assert sum(count for (operation, status), count in run.outcomes.items()
               if operation == RESUME and status != 404) > 0, run.outcomes


def test_stateful_on_sqlite(tmp_path: Path, kb: KnowledgeBase) -> None:
    with serving(load_settings(data_dir=tmp_path / "data"), kb=kb) as server:
        _check(run_stateful(server.url, server.admin_key, scenarios=SCENARIOS, steps=STEPS))


@pytest.mark.postgres
def test_stateful_on_postgres(tmp_path: Path, kb: KnowledgeBase) -> None:
    with temporary_database("coach_stateful") as url, \
            serving(load_settings(data_dir=tmp_path / "data", database_url=url), kb=kb) as server:
        _check(run_stateful(server.url, server.admin_key, scenarios=SCENARIOS, steps=STEPS))


def test_a_followed_stream_carries_the_api_headers_at_once(tmp_path: Path, kb: KnowledgeBase) -> None:
    """A `follow=true` stream stays open: its headers arrive as it starts, and its events as they happen (the
    middleware buffers nothing)."""
    with serving(load_settings(data_dir=tmp_path / "data"), kb=kb) as server, \
            httpx.Client(base_url=server.url, headers={"X-Api-Key": server.admin_key}, timeout=10) as client, \
            httpx.Client(base_url=server.url, headers={"X-Api-Key": server.admin_key}, timeout=30) as other:
        view = client.post("/v1/sessions").json()
        with client.stream("GET", f"/v1/sessions/{view['id']}/events", params={"follow": "true"}) as response:
            assert response.headers["cache-control"] == "no-store"
            assert response.headers["x-content-type-options"] == "nosniff"
            resumed = other.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))
            assert resumed.status_code == 200
            lines = response.iter_lines()
            assert "event: run_started" in (next(lines), next(lines))  # after the event's `id:` line, if any
            assert other.delete(f"/v1/sessions/{view['id']}").status_code == 204  # which ends the stream
            assert list(lines)
