"""Several server processes on PostgreSQL sharing Redis: `coach serve --workers 2` on one port, and two `coach serve`
processes on two ports (two machines behind a balancer, as the README deploys them). A key over its rate limit is
refused by every one of them; sessions run to the end whichever worker takes each request."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from evals.http import bearer, drive
from tests.apitest.server import coach_serve
from tests.support.postgres import temporary_database
from tests.support.redis import redis_server

pytestmark = [pytest.mark.integration, pytest.mark.postgres]
LIMITED = {"COACH_LIMIT_SESSION_CREATES": "3/minute", "COACH_LIMIT_OPEN_SESSIONS_PER_USER": "100"}


async def _user_key(url: str, admin_key: str) -> str:
    async with httpx.AsyncClient(base_url=url, headers=bearer(admin_key), timeout=60) as admin:
        return str((await admin.post("/v1/admin/users", json={"name": "Ana"})).json()["key"])


async def _create(url: str, key: str) -> int:
    """One session start on a new connection (the kernel hands each to whichever worker accepts first)."""
    async with httpx.AsyncClient(base_url=url, headers=bearer(key), timeout=60) as client:
        return (await client.post("/v1/sessions")).status_code


async def test_two_servers_sharing_redis_refuse_a_key_over_its_limit_each(tmp_path: Path) -> None:
    with temporary_database("coach_two_servers_redis") as database_url, redis_server(tmp_path / "redis") as redis, \
            coach_serve(tmp_path / "data", count=2,
                        env={"COACH_DATABASE_URL": database_url, "COACH_REDIS_URL": redis, **LIMITED}) as (a, b):
        key = await _user_key(a.url, a.admin_key)
        codes = [await _create(server.url, key) for server in (a, b, a)]
        assert codes == [201, 201, 201]
        for server in (a, b):  # the one limit is spent, whichever server is asked
            assert await _create(server.url, key) == 429


async def test_workers_share_one_port_one_limit_and_every_session(tmp_path: Path) -> None:
    with temporary_database("coach_workers") as database_url, redis_server(tmp_path / "redis") as redis, \
            coach_serve(tmp_path / "data", args=["--workers", "2"],
                        env={"COACH_DATABASE_URL": database_url, "COACH_REDIS_URL": redis, **LIMITED}) as [server]:
        key = await _user_key(server.url, server.admin_key)
        codes = await asyncio.gather(*(_create(server.url, key) for _ in range(10)))
        assert sorted(codes) == [201] * 3 + [429] * 7  # one limit for both workers, not one each

        # A session driven over a new connection for each request (so across both workers) runs to its end.
        async with httpx.AsyncClient(base_url=server.url, headers=bearer(server.admin_key), timeout=60,
                                     limits=httpx.Limits(max_keepalive_connections=0)) as client:
            final, _ = await drive(client, (await client.post("/v1/sessions")).json())
            assert final["status"] == "completed"
            assert (await client.get(f"/v1/sessions/{final['id']}/plan")).json()["status"] == "approved"
