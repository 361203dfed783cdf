"""Keys are kept in each server process's memory, and a revocation made in any process is still refused on the
very next request in every other: two `coach serve` processes on one database, SQLite (a stamp file beside it)
and PostgreSQL (LISTEN/NOTIFY), revoking through one server's API and through the `coach` command."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from evals.http import bearer
from tests.apitest.server import coach_command, coach_serve
from tests.support.postgres import temporary_database

pytestmark = pytest.mark.integration


@contextmanager
def database(kind: str) -> Iterator[dict[str, str]]:
    if kind == "sqlite":
        yield {}
        return
    with temporary_database("coach_key_changes") as url:
        yield {"COACH_DATABASE_URL": url}


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_revoked_key_is_refused_by_every_process_at_once(tmp_path: Path, kind: str) -> None:
    data_dir = tmp_path / "data"
    with database(kind) as env, coach_serve(data_dir, env=env, count=2) as (a, b):
        admin = httpx.Client(base_url=a.url, headers=bearer(a.admin_key), timeout=30)
        issued = [admin.post("/v1/admin/users", json={"name": name}).json() for name in ("Ana", "Ben", "Cy")]
        keys = [item["key"] for item in issued]
        for key in keys:  # both servers now hold every key in memory
            for server in (a, b):
                for _ in range(2):
                    assert httpx.get(f"{server.url}/v1/info", headers=bearer(key)).status_code == 200

        # Through one server's API: the other refuses the key on its next request.
        prefix = issued[0]["details"]["prefix"]
        assert admin.post(f"/v1/admin/keys/{prefix}/revoke").status_code == 200
        assert httpx.get(f"{b.url}/v1/info", headers=bearer(keys[0])).status_code == 401
        assert httpx.get(f"{a.url}/v1/info", headers=bearer(keys[0])).status_code == 401
        assert httpx.get(f"{b.url}/v1/info", headers=bearer(keys[1])).status_code == 200  # only that key

        # Through the `coach` command, a third process: both servers refuse on their next request.
        prefix = issued[1]["details"]["prefix"]
        subprocess.run([*coach_command(), "keys", "revoke", prefix], check=True, capture_output=True,
                       env={**os.environ, "COACH_DATA_DIR": str(data_dir), **env}, timeout=120)
        for server in (a, b):
            assert httpx.get(f"{server.url}/v1/info", headers=bearer(keys[1])).status_code == 401
            assert httpx.get(f"{server.url}/v1/info", headers=bearer(keys[2])).status_code == 200

        # A user deleted through the other server: refused everywhere.
        user_id = issued[2]["details"]["user_id"]
        assert httpx.delete(f"{b.url}/v1/admin/users/{user_id}", headers=bearer(a.admin_key)).status_code == 200
        for server in (a, b):
            assert httpx.get(f"{server.url}/v1/info", headers=bearer(keys[2])).status_code == 401
        admin.close()
