"""`kill -9` at random points of runs, on SQLite (restarting the server) and on PostgreSQL (a second server alive
beside the killed one): no session reads as running once its server is gone, no acknowledged answer is lost,
none is applied twice, and every session goes on to completion. The harness is `evals/crash.py`; `bench/crash.py`
runs it with 20 kills per database.

The seed of the random kill points is printed on failure; `COACH_CRASH_SEED` replays one.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from evals.crash import CrashReport, beside_a_survivor, restarts
from tests.support.postgres import temporary_database

pytestmark = pytest.mark.integration
IN_FLIGHT = 3  # sessions driven at once, back to back: the server is inside some run nearly all the time
WINDOW_S = (0.0, 0.5)  # when the kill comes, once the sessions are under way


def _seed() -> int:
    return int(os.environ.get("COACH_CRASH_SEED") or random.randrange(1 << 30))


def _explain(report: CrashReport, seed: int) -> str:
    return "\n".join([f"{report.line()} (COACH_CRASH_SEED={seed})", *report.problems[:20]])


async def test_kill_9_on_sqlite_then_restart(tmp_path: Path) -> None:
    seed = _seed()
    report = await restarts(CrashReport("sqlite"), kills=2, data_dir=tmp_path / "data", rng=random.Random(seed),
                            in_flight=IN_FLIGHT, window_s=WINDOW_S)
    assert report.ok, _explain(report, seed)


@pytest.mark.postgres
async def test_kill_9_on_postgres_beside_a_live_server(tmp_path: Path) -> None:
    seed = _seed()
    with temporary_database("coach_crash") as url:
        report = await beside_a_survivor(CrashReport("postgresql"), kills=2, data_dir=tmp_path / "data",
                                         database_url=url, rng=random.Random(seed), in_flight=IN_FLIGHT,
                                         window_s=WINDOW_S)
    assert report.ok, _explain(report, seed)
