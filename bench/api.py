"""API figures on this machine, with the knowledge engine: the latency of each step of a session, a whole
session's server time (10 answers + 3 approvals), and 50 concurrent sessions (throughput, errors, peak RSS).

Run: uv run python bench/api.py [--sessions 30] [--concurrent 50] [--database-url postgresql://...]
In-process (httpx over ASGI, no network): server time only. Targets: session p50 < 150 ms; 50 concurrent, 0 errors.

With --against-floor: `coach serve` (tracing on, as shipped) and the lean floor (`bench/floor.py`) as processes on
loopback, sessions alternating between them over real HTTP; whole-session p50 and the ratio, 50 concurrent sessions
on each (sessions/s, errors), each server's peak RSS; then, in process, the product-database statements and
checkpoint writes per session. With --database-url (an admin URL), each server gets a throwaway database there.
Targets: session ≤ 1.5× the floor, throughput ≥ 1.0×, RSS ≤ 150 MB, ≤ 20 statements per session.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

# Run as a script, this file (bench/api.py) would shadow the `api` package: take its folder off the path.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from bench.counting import counting  # noqa: E402
from bench.harness import (  # noqa: E402
    UNLIMITED,
    UNLIMITED_ENV,
    concurrent_run,
    in_process,
    ms,
    people,
    percentile,
    session,
)
from evals.servers import coach_serve, throwaway_postgres, wait_ready  # noqa: E402
from localmodel import free_port  # noqa: E402
from settings import load_settings  # noqa: E402

COUNTED_SESSIONS = 5


async def main(sessions: int, concurrent: int, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as data_dir:
        settings = load_settings(data_dir=Path(data_dir), database_url=database_url, engine="knowledge",
                                 limits=UNLIMITED)
        async with in_process(settings, warm_up=3) as (client, _app):
            timings: dict[str, list[float]] = defaultdict(list)
            totals = [await session(client, timings, key=key) for key in await people(client, sessions)]

            print(f"API bench: engine=knowledge, database={'postgresql' if settings.is_postgres else 'sqlite'}, "
                  f"{os.cpu_count()} cores, {sessions} sequential sessions (in-process, server time)")
            print(f"{'step':<20} {'p50 ms':>7} {'p95 ms':>7}")
            for name, values in timings.items():
                print(f"{name:<20} {ms(statistics.median(values))} {ms(percentile(values, 0.95))}")
            p50 = statistics.median(totals)
            print(f"{'whole session':<20} {ms(p50)} {ms(percentile(totals, 0.95))}   "
                  f"(target p50 < 150 ms: {'met' if p50 < 0.150 else 'MISSED'})")

            rate, errors, under_load = await concurrent_run(client, concurrent, await people(client, concurrent))
            print(f"{concurrent} concurrent sessions: {rate:.1f} sessions/s, session p50 {ms(under_load).strip()} ms "
                  f"under load, {errors} errors")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB")


# --- against the floor ------------------------------------------------------------------------------------


def peak_rss_mb(pid: int) -> float:
    """A live process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def floor_server(data_dir: Path, database_url: str | None) -> Iterator[tuple[str, int]]:
    """`bench/floor.py` as a process on a free loopback port: its URL and pid."""
    port = free_port()
    log = data_dir.parent / f"floor-{port}.log"
    command = [sys.executable, str(HERE / "floor.py"), "--port", str(port), "--data-dir", str(data_dir)]
    with log.open("w") as output:
        process = subprocess.Popen([*command, *(["--database-url", database_url] if database_url else [])],
                                   stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_ready(f"http://127.0.0.1:{port}", process, log)
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(timeout=15)


async def against_floor(product_url: str, product_key: str, floor_url: str, *, sessions: int,
                        concurrent: int) -> dict[str, dict[str, float]]:
    limits = httpx.Limits(max_connections=concurrent, max_keepalive_connections=concurrent)
    clients = {
        "product": httpx.AsyncClient(base_url=product_url, headers={"Authorization": f"Bearer {product_key}"},
                                     timeout=300, limits=limits),
        "floor": httpx.AsyncClient(base_url=floor_url, timeout=300, limits=limits),
    }
    figures: dict[str, dict[str, float]] = {name: {} for name in clients}
    try:
        # The product's sessions each as a new person (the floor remembers no one).
        keys: dict[str, list[str | None]] = {
            "product": [*await people(clients["product"], 3 + sessions + concurrent)],
            "floor": [None] * (3 + sessions + concurrent)}
        for name, client in clients.items():
            for _ in range(3):  # warm-up
                await session(client, key=keys[name].pop())
        totals: dict[str, list[float]] = {name: [] for name in clients}
        for _ in range(sessions):  # alternating: both see the same machine at the same moments
            for name, client in clients.items():
                totals[name].append(await session(client, key=keys[name].pop()))
        for name in clients:
            figures[name]["p50"] = statistics.median(totals[name])
            figures[name]["p95"] = percentile(totals[name], 0.95)
        for name, client in clients.items():
            rate, errors, under_load = await concurrent_run(client, concurrent, keys[name])
            figures[name] |= {"rate": rate, "errors": errors, "under_load": under_load}
    finally:
        for client in clients.values():
            await client.aclose()
    return figures


async def count_per_session(data_dir: Path, database_url: str | None) -> tuple[float, float, float, float, str]:
    """In process, as `coach serve` runs (tracing on): statements, commits, checkpoints and checkpoint writes per
    session, and the statements' breakdown."""
    settings = load_settings(data_dir=data_dir, database_url=database_url, engine="knowledge", limits=UNLIMITED)
    async with in_process(settings, warm_up=1) as (client, app):
        keys = await people(client, COUNTED_SESSIONS)
        runtime = app.state.runtime
        runtime.service.observer.flush()
        with counting(runtime.service.checkpointer) as counts:
            for key in keys:
                await session(client, key=key)
            await asyncio.to_thread(runtime.service.observer.flush)
    per = float(COUNTED_SESSIONS)
    breakdown = ", ".join(f"{label} {n / per:g}" for label, n in counts.statements.most_common())
    return (counts.total / per, counts.transactions / per, counts.checkpoints / per, counts.checkpoint_writes / per,
            breakdown)


def run_against_floor(sessions: int, concurrent: int, admin_url: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as scratch, ExitStack() as stack:
        root = Path(scratch)
        urls = [stack.enter_context(throwaway_postgres(admin_url)) if admin_url else None for _ in range(3)]
        if admin_url and None in urls:
            raise SystemExit(f"no PostgreSQL server answers at {admin_url}")
        env = {**UNLIMITED_ENV, "COACH_ENGINE": "knowledge", **({"COACH_DATABASE_URL": urls[0]} if urls[0] else {})}
        [product] = stack.enter_context(coach_serve(root / "product", env=env))
        floor_url, floor_pid = stack.enter_context(floor_server(root / "floor", urls[1]))
        figures = asyncio.run(against_floor(product.url, product.admin_key, floor_url, sessions=sessions,
                                            concurrent=concurrent))
        rss = {"product": peak_rss_mb(product.pid), "floor": peak_rss_mb(floor_pid)}
        statements, commits, checkpoints, writes, breakdown = asyncio.run(
            count_per_session(root / "counted", urls[2]))
    database = "postgresql" if admin_url else "sqlite"
    p, f = figures["product"], figures["floor"]
    print(f"API against the floor: engine=knowledge, database={database}, {os.cpu_count()} cores, real HTTP on "
          f"loopback, {sessions} sessions each alternating (10 answers + 3 approvals each)")
    print(f"{'':<28} {'product':>10} {'floor':>10} {'ratio':>7}")
    print(f"{'whole session p50 (ms)':<28} {p['p50'] * 1000:>10.1f} {f['p50'] * 1000:>10.1f} "
          f"{p['p50'] / f['p50']:>6.2f}x   (target <= 1.5x)")
    print(f"{'whole session p95 (ms)':<28} {p['p95'] * 1000:>10.1f} {f['p95'] * 1000:>10.1f} "
          f"{p['p95'] / f['p95']:>6.2f}x")
    print(f"{f'{concurrent} concurrent (sessions/s)':<28} {p['rate']:>10.2f} {f['rate']:>10.2f} "
          f"{p['rate'] / f['rate']:>6.2f}x   (target >= 1.0x)")
    print(f"{'  errors':<28} {p['errors']:>10.0f} {f['errors']:>10.0f}")
    print(f"{'  session p50 under load (ms)':<28} {p['under_load'] * 1000:>10.1f} {f['under_load'] * 1000:>10.1f}")
    print(f"{'peak RSS (MB)':<28} {rss['product']:>10.0f} {rss['floor']:>10.0f}           (target <= 150 MB)")
    print(f"per session (in process, {COUNTED_SESSIONS} sessions): {statements:g} product-database statements "
          f"(target <= 20), {commits:g} commits, {checkpoints:g} checkpoints and {writes:g} checkpoint "
          f"write batches")
    print(f"  statements: {breakdown}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=30, help="sequential sessions to time")
    parser.add_argument("--concurrent", type=int, default=50, help="sessions to run at once")
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default: SQLite in a temp dir); "
                        "with --against-floor, an admin URL where throwaway databases are made")
    parser.add_argument("--against-floor", action="store_true", help="time `coach serve` against bench/floor.py")
    arguments = parser.parse_args()
    if arguments.against_floor:
        run_against_floor(arguments.sessions, arguments.concurrent, arguments.database_url)
    else:
        asyncio.run(main(arguments.sessions, arguments.concurrent, arguments.database_url))
