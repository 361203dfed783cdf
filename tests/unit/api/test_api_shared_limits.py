"""Limits shared through Redis (`COACH_REDIS_URL`): two apps, each with its own runtime as two server processes
have, count one limit per key and one cap on each user's open streams; without Redis each counts on its own."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from contextlib import AsyncExitStack
from pathlib import Path

import httpx

from evals.http import bearer
from knowledge.base import KnowledgeBase
from sessions.bootstrap import issue_user
from sessions.db import open_database
from settings import Limits, Settings, load_settings
from tests.apitest.inprocess import running_api
from tests.apitest.threaded import serving
from tests.support.redis import redis_server
from tests.support.sse import open_stream


def _settings(tmp_path: Path, redis_url: str | None, **limits: object) -> Settings:
    return load_settings(data_dir=tmp_path / "coach", tracing=False, redis_url=redis_url,
                         limits=Limits(**limits))  # type: ignore[arg-type]


async def _creates(tmp_path: Path, kb: KnowledgeBase, redis_url: str | None) -> list[int]:
    """Five sessions started with one key, alternating between the two apps, then one with another key."""
    settings = _settings(tmp_path, redis_url, session_creates="3/minute")
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(running_api(settings, kb=kb))
        b = await stack.enter_async_context(running_api(settings, kb=kb))
        issued, _ = await a.user()
        other, _ = await a.user()
        clients = [a.client(issued.token), b.client(issued.token)]
        codes = [(await clients[n % 2].post("/v1/sessions")).status_code for n in range(5)]
        return [*codes, (await b.client(other.token).post("/v1/sessions")).status_code]


async def test_two_apps_on_one_redis_share_a_keys_rate_limit(tmp_path: Path, kb: KnowledgeBase) -> None:
    with redis_server(tmp_path / "redis") as url:
        assert await _creates(tmp_path / "shared", kb, url) == [201, 201, 201, 429, 429, 201]


async def test_without_redis_each_app_counts_on_its_own(tmp_path: Path, kb: KnowledgeBase) -> None:
    assert await _creates(tmp_path, kb, None) == [201, 201, 201, 201, 201, 201]


async def test_a_users_stream_cap_holds_across_servers(tmp_path: Path, kb: KnowledgeBase) -> None:
    with redis_server(tmp_path / "redis") as url:
        settings = _settings(tmp_path, url, streams_per_user=1, stream_retry_after_s=7)
        with serving(settings, kb=kb) as one, serving(settings, kb=kb) as two:
            async with open_database(settings) as database:
                token = (await issue_user(database=database, name="Ana", role="coachee")).token
            async with AsyncExitStack() as held, \
                    httpx.AsyncClient(base_url=one.url, headers=bearer(token), timeout=30) as to_one, \
                    httpx.AsyncClient(base_url=two.url, headers=bearer(token), timeout=30) as to_two:
                sid = (await to_one.post("/v1/sessions")).json()["id"]
                first = await open_stream(to_one, held, sid)
                assert first.status_code == 200
                refused = await open_stream(to_two, held, sid)  # the other server: the same user's cap
                assert refused.status_code == 429 and refused.headers["retry-after"] == "7"
                assert refused.json()["code"] == "too_many_streams"

                await first.aclose()  # its place is given back, on every server
                for _ in range(200):
                    if (reopened := await open_stream(to_two, held, sid)).status_code == 200:
                        break
                    await asyncio.sleep(0.05)
                assert reopened.status_code == 200


def test_a_server_without_redis_loads_no_redis_client() -> None:
    code = ("import sys, api.app; from api.ratelimit import RateLimits; from settings import Limits; "
            "RateLimits(Limits()); "
            "loaded = [m for m in sys.modules if m == 'redis' or m.startswith('redis.')]; "
            "assert not loaded, f'the Redis client library was loaded without Redis: {loaded[:3]}'")
    subprocess.run([sys.executable, "-c", code], check=True)
