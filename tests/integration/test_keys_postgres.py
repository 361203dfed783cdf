"""Two `coach serve` processes on one PostgreSQL database: a key revoked through one server, or with `coach keys
revoke` from a third process, is refused by the other server on its very next request."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest

from evals.http import bearer
from tests.apitest.server import coach_command, coach_serve
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
            second, second_prefix = _key(admin, "Ben")
            for key in (first, second):  # both servers have seen (and once cached) both keys
                for server in (a, b):
                    assert httpx.get(f"{server.url}/v1/info", headers=bearer(key)).status_code == 200

            assert admin.post(f"/v1/admin/keys/{first_prefix}/revoke").status_code == 200  # through server a
            assert httpx.get(f"{b.url}/v1/info", headers=bearer(first)).status_code == 401

            revoked = subprocess.run([*coach_command(), "keys", "revoke", second_prefix], capture_output=True,
                                     text=True, env={**os.environ, "COACH_DATA_DIR": str(data_dir), **env},
                                     check=False)
            assert revoked.returncode == 0, revoked.stderr
            for server in (a, b):
                assert httpx.get(f"{server.url}/v1/info", headers=bearer(second)).status_code == 401
