"""Throughput with workers: `coach serve --workers N` on PostgreSQL (a throwaway database), knowledge engine,
tracing on, for N = 1, 2 and 4, without and with Redis for the shared limits (a redis-server of its own); concurrent
whole sessions over real HTTP on loopback, sessions/s and errors.

Run: uv run python bench/scale.py [--workers 1 2 4] [--concurrent 40] [--database-url postgresql://...admin]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from bench.harness import UNLIMITED_ENV, concurrent_run, people, session  # noqa: E402
from evals.servers import coach_serve, redis_server, throwaway_postgres  # noqa: E402

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


async def load(url: str, key: str, concurrent: int) -> tuple[float, int, float]:
    """`concurrent` sessions at once, after a warm-up: sessions/s, errors, session p50 (s)."""
    limits = httpx.Limits(max_connections=concurrent, max_keepalive_connections=concurrent)
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=600,
                                 limits=limits) as client:
        keys = await people(client, 4 + concurrent)
        await asyncio.gather(*(session(client, key=key) for key in keys[:4]))  # every worker warm
        return await concurrent_run(client, concurrent, keys[4:])


def measure(workers: int, redis_url: str | None, admin_url: str, concurrent: int, scratch: Path) -> tuple[float, ...]:
    with throwaway_postgres(admin_url) as database_url:
        if database_url is None:
            raise SystemExit(f"no PostgreSQL server answers at {admin_url}")
        env = {**UNLIMITED_ENV, "COACH_ENGINE": "knowledge", "COACH_DATABASE_URL": database_url,
               **({"COACH_REDIS_URL": redis_url} if redis_url else {})}
        data_dir = scratch / f"w{workers}-{'redis' if redis_url else 'local'}"
        with coach_serve(data_dir, env=env, args=["--workers", str(workers)]) as [server]:
            return asyncio.run(load(server.url, server.admin_key, concurrent))


def main(worker_counts: list[int], concurrent: int, admin_url: str) -> None:
    rows: list[tuple[int, str, tuple[float, ...]]] = []
    with tempfile.TemporaryDirectory(prefix="coach-scale-") as scratch, redis_server(Path(scratch) / "redis") as redis:
        for workers in worker_counts:
            for shared in [None, redis] if redis else [None]:
                figures = measure(workers, shared, admin_url, concurrent, Path(scratch))
                rows.append((workers, "redis" if shared else "per process", figures))
                print(f"  {workers} workers, limits {rows[-1][1]}: {figures[0]:.2f} sessions/s", flush=True)
    print(f"scale bench: PostgreSQL, knowledge engine, tracing on, {os.cpu_count()} cores, {concurrent} concurrent "
          f"sessions (10 answers + 3 approvals each) over loopback HTTP{'' if redis else '; redis-server missing'}")
    print(f"{'workers':>7} {'limits':<12} {'sessions/s':>10} {'errors':>6} {'p50 under load (s)':>19}")
    for workers, limits, (rate, errors, p50) in rows:
        print(f"{workers:>7} {limits:<12} {rate:>10.2f} {errors:>6.0f} {p50:>19.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4], help="worker counts to run")
    parser.add_argument("--concurrent", type=int, default=40, help="sessions to run at once")
    parser.add_argument("--database-url", default=ADMIN_URL, help="PostgreSQL admin URL (throwaway databases)")
    arguments = parser.parse_args()
    main(arguments.workers, arguments.concurrent, arguments.database_url)
