"""Two apps on one PostgreSQL database, each with its own runtime (as two server processes have): a key revoked
through one is refused by the other on its very next request. bench/keys.py does the same with two `coach serve`
processes."""

from __future__ import annotations

from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from settings import load_settings
from tests.apitest.inprocess import running_api
from tests.support.postgres import temporary_database

pytestmark = pytest.mark.postgres


async def test_revocation_reaches_every_server(tmp_path: Path, kb: KnowledgeBase) -> None:
    with temporary_database("coach_keys_two_apps") as url:
        settings = load_settings(data_dir=tmp_path, database_url=url, tracing=False)
        async with AsyncExitStack() as stack:
            a = await stack.enter_async_context(running_api(settings, kb=kb))
            b = await stack.enter_async_context(running_api(settings, kb=kb))
            assert a.runtime is not b.runtime
            admin = a.client(a.admin_key)
            issued = [(await admin.post("/v1/admin/users", json={"name": name})).json() for name in ("Ana", "Ben")]
            for key in (issued[0]["key"], issued[1]["key"]):  # both servers have just accepted both keys
                for server in (a, b):
                    assert (await server.client(key).get("/v1/info")).status_code == 200

            prefix = issued[0]["details"]["prefix"]
            assert (await admin.post(f"/v1/admin/keys/{prefix}/revoke")).status_code == 200  # through a
            assert (await b.client(issued[0]["key"]).get("/v1/info")).status_code == 401
            assert (await a.client(issued[0]["key"]).get("/v1/info")).status_code == 401
            assert (await b.client(issued[1]["key"]).get("/v1/info")).status_code == 200  # only that key
