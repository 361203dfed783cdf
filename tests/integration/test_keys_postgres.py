"""Two `coach serve` processes on one PostgreSQL database: a key revoked through one server is refused by the other
on its very next request (both had just accepted it). `coach keys revoke` writes the same column: tests/unit."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from evals.http import bearer
from tests.apitest.server import coach_serve
from tests.support.postgres import temporary_database

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


def _key(admin: httpx.Client, name: str) -> tuple[str, str]:
    issued = admin.post("/v1/admin/users", json={"name": name}).raise_for_status().json()
    return issued["key"], issued["details"]["prefix"]


def test_revocation_reaches_every_process(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    with temporary_database("coach_keys_two_servers") as url:
        env = {"COACH_DATABASE_URL": url, "COACH_TRACING": "false"}
        with coach_serve(data_dir, env=env, count=2) as (a, b), \
                httpx.Client(base_url=a.url, headers=bearer(a.admin_key), timeout=30) as admin:
            first, first_prefix = _key(admin, "Ana")
            second, _ = _key(admin, "Ben")
            for key in (first, second):  # both servers have just accepted both keys
                for server in (a, b):
                    assert httpx.get(f"{server.url}/v1/info", headers=bearer(key)).status_code == 200

            assert admin.post(f"/v1/admin/keys/{first_prefix}/revoke").status_code == 200  # through server a
            assert httpx.get(f"{b.url}/v1/info", headers=bearer(first)).status_code == 401
            assert httpx.get(f"{a.url}/v1/info", headers=bearer(first)).status_code == 401
            assert httpx.get(f"{b.url}/v1/info", headers=bearer(second)).status_code == 200  # only that key
