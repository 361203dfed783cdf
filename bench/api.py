"""API figures on this machine, with the knowledge engine: the latency of each step of a session, a whole
session's server time (8 answers + 2 approvals), and 50 concurrent sessions (throughput, errors, peak RSS).

Run: uv run python bench/api.py [--sessions 30] [--concurrent 50] [--database-url postgresql://...]
In-process (httpx over ASGI, no network): server time only. Targets: session p50 < 150 ms; 50 concurrent, 0 errors.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import httpx

# Run as a script, this file (bench/api.py) would shadow the `api` package: take its folder off the path.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from api.app import create_app  # noqa: E402
from bench.harness import UNLIMITED, ms, percentile, session  # noqa: E402
from sessions.bootstrap import IssuedKey  # noqa: E402
from settings import load_settings  # noqa: E402


async def main(sessions: int, concurrent: int, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as data_dir:
        settings = load_settings(data_dir=Path(data_dir), database_url=database_url, engine="knowledge",
                                 limits=UNLIMITED)
        keys: list[IssuedKey] = []
        app = create_app(settings, on_admin_key=keys.append)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            headers = {"Authorization": f"Bearer {keys[0].token}"}
            async with httpx.AsyncClient(transport=transport, base_url="http://bench", headers=headers,
                                         timeout=120) as client:
                for _ in range(3):  # warm-up
                    await session(client)
                timings: dict[str, list[float]] = defaultdict(list)
                totals = [await session(client, timings) for _ in range(sessions)]

                print(f"API bench: engine=knowledge, database={'postgresql' if settings.is_postgres else 'sqlite'}, "
                      f"{os.cpu_count()} cores, {sessions} sequential sessions (in-process, server time)")
                print(f"{'step':<20} {'p50 ms':>7} {'p95 ms':>7}")
                for name, values in timings.items():
                    print(f"{name:<20} {ms(statistics.median(values))} {ms(percentile(values, 0.95))}")
                p50 = statistics.median(totals)
                print(f"{'whole session':<20} {ms(p50)} {ms(percentile(totals, 0.95))}   "
                      f"(target p50 < 150 ms: {'met' if p50 < 0.150 else 'MISSED'})")

                started = time.perf_counter()
                results = await asyncio.gather(*(session(client) for _ in range(concurrent)), return_exceptions=True)
                wall = time.perf_counter() - started
                errors = [r for r in results if isinstance(r, BaseException)]
                done = [r for r in results if isinstance(r, float)]
                print(f"{concurrent} concurrent sessions: {wall:.2f} s wall, {len(done) / wall:.1f} sessions/s, "
                      f"session p50 {ms(statistics.median(done)).strip()} ms under load, {len(errors)} errors")
                for error in errors[:3]:
                    print(f"  error: {type(error).__name__}: {error}")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=30, help="sequential sessions to time")
    parser.add_argument("--concurrent", type=int, default=50, help="sessions to run at once")
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default: SQLite in a temp dir)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.sessions, arguments.concurrent, arguments.database_url))
