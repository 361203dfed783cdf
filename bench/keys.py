"""Key and rate-limit figures: a revoked key's next request (across two `coach serve` processes on PostgreSQL when
one is reachable, else one process on SQLite), the default rate limits as a client meets them, bad-key throttling,
a key's rate limit shared by two servers through Redis (refused by each once spent), and what authenticating a
request costs.

Run: uv run --frozen python bench/keys.py [--revocations 20] [--pg-admin postgresql://postgres@127.0.0.1:5432/postgres]
Prints one `<property>: <figure>` line per property; exits 1 when one fails.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent  # run as a script, bench/ would shadow the `api` package
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from api.app import create_app  # noqa: E402
from api.auth import KeyUse, authenticate  # noqa: E402
from api.runtime import AppRuntime  # noqa: E402
from bench.harness import percentile  # noqa: E402
from evals.http import bearer, resume_body  # noqa: E402
from evals.servers import coach_serve, redis_server, throwaway_postgres  # noqa: E402
from sessions.bootstrap import IssuedKey, issue_user  # noqa: E402
from settings import Limits, load_settings  # noqa: E402

PG_ADMIN = os.environ.get("COACH_TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/postgres")
STARTUP_TIMEOUT_S = 120.0
failures: list[str] = []


def report(name: str, figure: str, ok: bool) -> None:
    print(f"{name}: {figure}", flush=True)
    if not ok:
        failures.append(name)


def revocations(urls: list[str], admin_key: str, count: int) -> int:
    """Issue a key, use it on every server, revoke it through the first; count the next requests refused by the
    last server (another process when there are two)."""
    refused = 0
    with httpx.Client(base_url=urls[0], headers=bearer(admin_key), timeout=30) as admin:
        for index in range(count):
            issued = admin.post("/v1/admin/users", json={"name": f"user {index}"}).raise_for_status().json()
            for url in urls:
                httpx.get(f"{url}/v1/info", headers=bearer(issued["key"])).raise_for_status()
            admin.post(f"/v1/admin/keys/{issued['details']['prefix']}/revoke").raise_for_status()
            refused += httpx.get(f"{urls[-1]}/v1/info", headers=bearer(issued["key"])).status_code == 401
    return refused


def bench_revocation(count: int, pg_admin: str) -> None:
    with tempfile.TemporaryDirectory(prefix="coach-bench-keys-") as folder, \
            throwaway_postgres(pg_admin, "coach_bench_keys") as url:
        env = {"COACH_TRACING": "false", **({"COACH_DATABASE_URL": url} if url else {})}
        servers = 2 if url else 1
        data_dir = Path(folder) / "data"
        with coach_serve(data_dir, env=env, count=servers) as started:
            refused = revocations([server.url for server in started], started[0].admin_key, count)
        where = "across 2 processes, postgresql" if url else "1 process, sqlite: no PostgreSQL reachable"
        report("key revocation", f"401 on the next request ({refused}/{count}, {where})", refused == count)


SHARED_CREATES = 5


def bench_shared_limit(pg_admin: str) -> None:
    """Two `coach serve` processes on one PostgreSQL and one Redis: a key's session starts, alternating between
    them, are refused once the one limit is spent, by each of them."""
    with tempfile.TemporaryDirectory(prefix="coach-bench-shared-") as folder, \
            throwaway_postgres(pg_admin, "coach_bench_shared") as url, redis_server(Path(folder) / "redis") as redis:
        if url is None or redis is None:
            report("shared rate limit", "not measured: needs PostgreSQL and redis-server", True)
            return
        env = {"COACH_TRACING": "false", "COACH_DATABASE_URL": url, "COACH_REDIS_URL": redis,
               "COACH_LIMIT_SESSION_CREATES": f"{SHARED_CREATES}/minute"}
        with coach_serve(Path(folder) / "data", env=env, count=2) as started:
            with httpx.Client(base_url=started[0].url, headers=bearer(started[0].admin_key), timeout=30) as admin:
                key = admin.post("/v1/admin/users", json={"name": "Ana"}).raise_for_status().json()["key"]
            codes = [httpx.post(f"{started[n % 2].url}/v1/sessions", headers=bearer(key), timeout=60).status_code
                     for n in range(SHARED_CREATES)]
            after = [httpx.post(f"{server.url}/v1/sessions", headers=bearer(key), timeout=60).status_code
                     for server in started]
        ok = codes == [201] * SHARED_CREATES and after == [429, 429]
        report("shared rate limit", f"{codes.count(201)} starts of {SHARED_CREATES}/minute across 2 servers on one "
               f"Redis, then {after} from each", ok)


async def until_refused(send: Callable[[int], Awaitable[httpx.Response]], most: int
                        ) -> tuple[int, httpx.Response | None]:
    """Send requests until one is refused with 429; returns how many were accepted, and the refusal."""
    for accepted in range(most):
        response: httpx.Response = await send(accepted)
        if response.status_code == 429:
            return accepted, response
        response.raise_for_status()
    return most, None


async def bench_in_process() -> None:
    with tempfile.TemporaryDirectory(prefix="coach-bench-keys-") as folder:
        # The cap on one person's open sessions (20) would refuse starts before the rate limit (30/minute) does:
        # set out of reach, so that the rate limit is what is measured.
        settings = load_settings(data_dir=Path(folder), engine="knowledge", tracing=False,
                                 limits=Limits(open_sessions_per_user=1000))
        limits, keys = settings.limits, list[IssuedKey]()
        app = create_app(settings, on_admin_key=keys.append)
        async with app.router.lifespan_context(app):
            runtime = app.state.runtime
            issued = await issue_user(database=runtime.database, name="bench", role="coachee")
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench", headers=bearer(issued.token),
                                         timeout=60) as client:
                await rate_limits(client, limits)
                await bad_keys(transport, limits)
            await auth_cost(runtime, issued.token, "sqlite")


async def rate_limits(client: httpx.AsyncClient, limits: Limits) -> None:
    views: list[dict[str, Any]] = []

    async def create(_: int) -> httpx.Response:
        response = await client.post("/v1/sessions")
        if response.status_code == 201:
            views.append(response.json())
        return response

    async def resume(index: int) -> httpx.Response:
        view = views[index % len(views)]
        response = await client.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))
        if response.status_code == 200:
            views[index % len(views)] = response.json()
        return response

    creates, refused_create = await until_refused(create, 1000)
    resumes, refused_resume = await until_refused(resume, 1000)
    retry_after = [int(r.headers.get("Retry-After", "0")) for r in (refused_create, refused_resume) if r is not None]
    ok = (f"{creates}/minute" == limits.session_creates and f"{resumes}/minute" == limits.resumes
          and len(retry_after) == 2 and min(retry_after) >= 1)
    report("rate limits", f"session creates 429 after {creates}/minute, resumes 429 after {resumes}/minute, "
                          f"Retry-After given ({'/'.join(f'{s} s' for s in retry_after) or 'none'})", ok)


async def bad_keys(transport: httpx.ASGITransport, limits: Limits) -> None:
    started = time.perf_counter()
    async with httpx.AsyncClient(transport=transport, base_url="http://bench",
                                 headers=bearer("ck_000000000000_guessed"), timeout=60) as guesser:
        statuses = [(await guesser.get("/v1/info")).status_code for _ in range(300)]
    elapsed = time.perf_counter() - started
    first = statuses.index(429) if 429 in statuses else None
    allowed = int(limits.bad_keys.split("/")[0])
    report("bad-key throttling", f"300 bad-key requests from one address in {elapsed:.2f} s: {statuses.count(401)} "
                                 f"got 401, {statuses.count(429)} got 429 (from request {first})", first == allowed)


async def auth_cost(runtime: AppRuntime, token: str, database: str, rounds: int = 1000) -> None:
    for label, keys in (("one indexed key lookup", None), ("kept in memory between key changes", runtime.keys)):
        uses = KeyUse()
        timings = []
        for _ in range(rounds):
            started = time.perf_counter()
            caller = await authenticate(database=runtime.database, uses=uses, token=token, keys=keys)
            timings.append(time.perf_counter() - started)
            assert caller is not None
        report(f"auth cost per request ({label})", f"p50 {percentile(timings, 0.5) * 1000:.2f} ms, p95 "
               f"{percentile(timings, 0.95) * 1000:.2f} ms ({database}, {rounds} requests)", True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--revocations", type=int, default=20, help="keys to issue, use and revoke")
    parser.add_argument("--pg-admin", default=PG_ADMIN, help="PostgreSQL server to create a throwaway database on")
    arguments = parser.parse_args()
    bench_revocation(arguments.revocations, arguments.pg_admin)
    bench_shared_limit(arguments.pg_admin)
    asyncio.run(bench_in_process())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
