"""Crash recovery and exactly-once, with real processes: `kill -9` at random points of runs on SQLite and on
PostgreSQL, then concurrent resumes of one interrupt on two PostgreSQL server processes.

Run: uv run --frozen python bench/crash.py [--kills 20] [--seed N] [--pg-admin postgresql://postgres@127.0.0.1/postgres]

SQLite: one `coach serve`, killed and started again `--kills` times. PostgreSQL: two servers on one database; one
is killed `--kills` times and started again, the other reads the sessions right after each kill. A few sessions
run back to back (knowledge engine), so each kill lands inside runs; the checks are in `evals/crash.py`. Prints one
line per property and exits non-zero if one fails (or PostgreSQL is missing).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import sys
import tempfile
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from evals.crash import CrashReport, beside_a_survivor, client, restarts  # noqa: E402
from evals.http import resume_body  # noqa: E402
from evals.servers import UNLIMITED_RATES, coach_serve, throwaway_postgres  # noqa: E402

IN_FLIGHT = 3
WINDOW_S = (0.0, 0.5)
RESUMES_AT_ONCE = 10


def _count(url: str, sql: str, *params: object) -> int:
    with psycopg.connect(url) as connection:
        row = connection.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


async def concurrent_resumes(url: str, work: Path, sessions: int) -> tuple[int, int]:
    """For each of `sessions` sessions, RESUMES_AT_ONCE identical resumes of its first question sent at once,
    alternating between two server processes: how many sessions had it applied exactly once."""
    once = 0
    with coach_serve(work / "data", env={**UNLIMITED_RATES, "COACH_DATABASE_URL": url}, count=2) as (a, b):
        async with client(a) as to_a, client(b) as to_b:
            for _ in range(sessions):
                view = (await to_a.post("/v1/sessions")).json()
                sid, body = view["id"], resume_body(view["pending"])
                clients = itertools.cycle([to_a, to_b])
                responses = await asyncio.gather(
                    *(next(clients).post(f"/v1/sessions/{sid}/resume", json=body) for _ in range(RESUMES_AT_ONCE)))
                codes = sorted(r.status_code for r in responses)
                transcript = (await to_b.get(f"/v1/sessions/{sid}")).json()["transcript"]
                decided = _count(url, "SELECT count(*) FROM decisions WHERE session_id = %s", sid)
                once += (codes == [200] + [409] * (RESUMES_AT_ONCE - 1) and decided == 1
                         and [turn["answer"] for turn in transcript] == [body["answer"]])
    return once, sessions


async def main(kills: int, seed: int, admin_dsn: str, sessions: int) -> int:
    failed = False
    with tempfile.TemporaryDirectory(prefix="coach-bench-crash-") as temporary:
        work = Path(temporary)
        sqlite = await restarts(CrashReport("sqlite"), kills=kills, data_dir=work / "sqlite", rng=random.Random(seed),
                                in_flight=IN_FLIGHT, window_s=WINDOW_S)
        print(sqlite.line(), flush=True)
        failed |= _explain(sqlite)
        with throwaway_postgres(admin_dsn, "coach_bench_crash") as url:
            if url is None:
                print(f"kill -9 recovery (postgresql): not measured (no PostgreSQL at {admin_dsn})")
                print("concurrent resumes on two PostgreSQL workers: not measured")
                return 1
            postgres = await beside_a_survivor(
                CrashReport("postgresql"), kills=kills, data_dir=work / "postgres", database_url=url,
                rng=random.Random(seed + 1), in_flight=IN_FLIGHT, window_s=WINDOW_S)
        print(postgres.line(), flush=True)
        failed |= _explain(postgres)
        with throwaway_postgres(admin_dsn, "coach_bench_crash") as url:
            if url is None:
                return 1
            once, total = await concurrent_resumes(url, work / "concurrent", sessions)
        print(f"concurrent resumes on two PostgreSQL workers: {once}/{total} applied exactly once")
        failed |= once != total
    return 1 if failed else 0


def _explain(report: CrashReport) -> bool:
    """Print what went wrong (to stderr: stdout keeps one line per property); True if something did."""
    for problem in report.problems[:20]:
        print(f"  {report.database}: {problem}", file=sys.stderr)
    if not report.cut_mid_run:
        print(f"  {report.database}: no kill landed inside a run", file=sys.stderr)
    return not report.ok


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--kills", type=int, default=20, help="kill -9 per database")
    parser.add_argument("--seed", type=int, default=None, help="replay the random kill points of a run")
    parser.add_argument("--sessions", type=int, default=20, help="sessions for the concurrent resumes")
    parser.add_argument("--pg-admin", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL URL allowed to create and drop databases")
    arguments = parser.parse_args()
    chosen = arguments.seed if arguments.seed is not None else random.randrange(1 << 30)
    print(f"(seed {chosen})", file=sys.stderr)
    sys.exit(asyncio.run(main(arguments.kills, chosen, arguments.pg_admin, arguments.sessions)))
