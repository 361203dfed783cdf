"""When PostgreSQL blinks, the API says 503 `unavailable` (retryable, with Retry-After), never 500, and recovers on
its own: the server's backends terminated again and again during sessions, and a private cluster restarted under
a running server."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from evals.faults import BackendTerminator, Tally, patient, patient_session, reads_during_restart
from evals.servers import private_postgres
from settings import load_settings
from tests.apitest.threaded import serving
from tests.support.postgres import ADMIN_DSN, temporary_database

pytestmark = [pytest.mark.postgres, pytest.mark.integration]


def _psycopg_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def test_terminated_backends_are_503_then_gone(tmp_path: Path) -> None:
    with temporary_database() as url:
        settings = load_settings(data_dir=tmp_path / "data", database_url=_psycopg_url(url))
        with serving(settings) as server, httpx.Client(base_url=server.url, timeout=60, headers={
                "Authorization": f"Bearer {server.admin_key}"}) as client:
            tally = Tally()
            terminator = BackendTerminator(ADMIN_DSN, url.rsplit("/", 1)[1], every_s=0.1, for_s=2.5)
            terminator.start()
            try:
                while terminator.is_alive():
                    patient_session(client, tally)
            finally:
                terminated = terminator.stop()
            assert patient_session(client, tally)["status"] == "completed"  # and afterwards, all is well
    assert terminated > 0 and (tally.statuses[503] or tally.failed_runs), tally
    assert tally.statuses[500] == 0, tally.describe()


def test_a_restarting_database_is_503_then_gone(tmp_path: Path) -> None:
    with private_postgres() as cluster:
        if cluster is None:
            pytest.skip("PostgreSQL's initdb and pg_ctl are not installed (nor in /usr/lib/postgresql/*/bin)")
        settings = load_settings(data_dir=tmp_path / "data", database_url=_psycopg_url(cluster.url))
        with serving(settings) as server, httpx.Client(base_url=server.url, timeout=60, headers={
                "Authorization": f"Bearer {server.admin_key}"}) as client:
            tally = Tally()
            reading, reads = reads_during_restart(cluster, server.url, client.headers, down_s=2.0)
            try:
                patient_session(client, tally)
            finally:
                reading.join(120)
            assert patient(client, tally, "GET", "/v1/sessions").status_code == 200
            assert patient_session(client, tally)["status"] == "completed"
    assert reads.statuses[503] > 0, reads.describe()  # the reads met the database down
    assert tally.statuses[500] == 0 and reads.statuses[500] == 0, (tally.describe(), reads.describe())
    assert tally.completed == 2
