"""Bounded event streams, measured against real `coach serve` processes on loopback (knowledge engine).

One user (the streamer) opens follow streams on their own session up to the per-user cap, and tries a few more;
another user runs whole sessions meanwhile, and their median time is compared with a quiet server's:
- idle streams: the streamer's streams stay open, no events;
- active streams: the streamer runs their own sessions back to back with their streams following each, events
  flowing to them; compared with the same back-to-back runs with no stream open (what the streams add), the two
  kinds of round alternating;
- the total cap: more users fill the server's cap; one stream more is refused; the other user's sessions run
  with every stream open.
Then two processes on one PostgreSQL database: streams on process A follow sessions run through process B; every
event a stream on B receives must reach A's.

Run: uv run --frozen python bench/streams.py [--sessions 15] [--pg-admin postgresql://postgres@127.0.0.1:5432/postgres]
Prints one line per property; exits non-zero when one fails.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Iterator
from contextlib import AsyncExitStack, asynccontextmanager, contextmanager
from pathlib import Path

import httpx
import psycopg

HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from bench.harness import UNLIMITED_ENV, session  # noqa: E402
from evals.http import bearer, drive, parse_sse  # noqa: E402
from evals.servers import coach_serve  # noqa: E402
from sessions.bootstrap import issue_user  # noqa: E402
from sessions.db import open_database  # noqa: E402
from settings import load_settings  # noqa: E402

PER_USER, TOTAL = 10, 500  # the defaults, which the servers here run with
TARGET = 2.0
STARTUP_TIMEOUT_S = 180.0


@contextmanager
def serving(data_dir: Path, count: int = 1, database_url: str | None = None) -> Iterator[list[str]]:
    """`count` `coach serve` processes on free loopback ports; their URLs once each answers /healthz."""
    env = {**UNLIMITED_ENV, **({"COACH_DATABASE_URL": database_url} if database_url else {})}
    with coach_serve(data_dir, env=env, count=count) as servers:
        yield [server.url for server in servers]


async def new_keys(data_dir: Path, count: int, database_url: str | None = None) -> list[str]:
    async with open_database(load_settings(data_dir=data_dir, database_url=database_url)) as database:
        return [(await issue_user(database=database, name=f"user {n}", role="coachee")).token for n in range(count)]


class Streams:
    """Follow streams held open; each is read to its end in the background (lines kept)."""

    def __init__(self, client: httpx.AsyncClient, stack: AsyncExitStack) -> None:
        self.client, self.stack = client, stack
        self.lines: list[list[str]] = []
        self.refused = 0
        self._readers: list[asyncio.Task[None]] = []

    async def open(self, sid: str) -> bool:
        request = self.client.build_request("GET", f"/v1/sessions/{sid}/events", params={"follow": "true"})
        response = await self.client.send(request, stream=True)
        if response.status_code != 200:
            await response.aread()
            await response.aclose()
            self.refused += response.status_code == 429
            return False
        lines: list[str] = []
        self.lines.append(lines)
        self._readers.append(asyncio.create_task(self._read(response, lines)))
        self.stack.push_async_callback(response.aclose)
        return True

    @staticmethod
    async def _read(response: httpx.Response, lines: list[str]) -> None:
        try:
            async for line in response.aiter_lines():
                lines.append(line)
        except (httpx.HTTPError, httpx.StreamError, asyncio.CancelledError):
            pass

    async def ended(self, timeout_s: float = 30.0) -> None:
        await asyncio.wait_for(asyncio.gather(*self._readers), timeout_s)
        self._readers.clear()


@asynccontextmanager
async def clients(url: str, keys: list[str]) -> AsyncIterator[list[httpx.AsyncClient]]:
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with AsyncExitStack() as stack:
        yield [await stack.enter_async_context(httpx.AsyncClient(base_url=url, headers=bearer(key), timeout=120,
                                                                 limits=limits)) for key in keys]


class Newcomers:
    """The other user's sessions, each as a new person (a returning person's session is shorter than a first one)."""

    def __init__(self, client: httpx.AsyncClient, keys: list[str]) -> None:
        self.client, self._keys = client, keys

    async def session(self) -> float:
        return await session(self.client, key=self._keys.pop())


async def timed(work: Awaitable[object]) -> float:
    started = time.perf_counter()
    await work
    return time.perf_counter() - started


async def open_all(streams: Streams, sid: str, count: int) -> None:
    """Open `count` streams, waiting for places that closed streams free (the server notices a little later)."""
    for _ in range(count):
        for _ in range(200):
            if await streams.open(sid):
                break
            await asyncio.sleep(0.02)
        else:
            raise RuntimeError("a stream place never came free")


def line(ratio: float, what: str) -> bool:
    ok = ratio <= TARGET
    print(f"streams: another user's session x{ratio:.2f} slower with {what} (target <= {TARGET:g}x)"
          + ("" if ok else " FAILED"))
    return ok


def ratio(samples: dict[bool, list[float]]) -> float:
    return statistics.median(samples[True]) / statistics.median(samples[False])


async def idle_rounds(streamer: httpx.AsyncClient, other: Newcomers, rounds: int, sid: str
                      ) -> tuple[dict[bool, list[float]], int]:
    """The other user's session, alternately with no stream open and with the streamer's streams open (idle);
    the first round also tries 5 streams past the per-user cap. Returns the samples and the refusals."""
    samples: dict[bool, list[float]] = {False: [], True: []}
    refused = 0
    for round_ in range(rounds):
        samples[False].append(await timed(other.session()))
        async with AsyncExitStack() as held:
            streams = Streams(streamer, held)
            await open_all(streams, sid, PER_USER)
            if round_ == 0:
                refused = sum([not await streams.open(sid) for _ in range(5)])
            samples[True].append(await timed(other.session()))
    return samples, refused


async def active_rounds(streamer: httpx.AsyncClient, other: Newcomers, rounds: int) -> dict[bool, list[float]]:
    """The other user's session while the streamer runs sessions back to back, alternately with no stream and
    with the per-user cap of streams following each of the streamer's sessions (its events flowing to them)."""
    samples: dict[bool, list[float]] = {False: [], True: []}
    followed = False
    started = {False: asyncio.Event(), True: asyncio.Event()}
    stop = asyncio.Event()

    async def streamer_loop() -> None:
        while not stop.is_set():
            mode = followed
            async with AsyncExitStack() as held:
                view = (await streamer.post("/v1/sessions")).json()
                streams = Streams(streamer, held)
                if mode:
                    await open_all(streams, view["id"], PER_USER)
                started[mode].set()
                await drive(streamer, view)
                await streams.ended()

    loop = asyncio.create_task(streamer_loop())
    for round_ in range(2 * rounds):
        followed = round_ % 2 == 1
        started[followed].clear()
        await started[followed].wait()  # the streamer's session under way is of this kind
        samples[followed].append(await timed(other.session()))
    stop.set()
    await loop
    return samples


async def single_process(rounds: int) -> bool:
    with tempfile.TemporaryDirectory(prefix="coach-streams-") as tmp, serving(Path(tmp)) as (url,):
        keys = await new_keys(Path(tmp), 2 + TOTAL // PER_USER)
        newcomers = await new_keys(Path(tmp), 2 + 7 * rounds)  # the other user's sessions: warm-up and rounds
        async with clients(url, keys) as users:
            streamer, fillers = users[0], users[2:]
            other = Newcomers(users[1], newcomers)
            for _ in range(2):
                await other.session()  # warm-up
            own = (await streamer.post("/v1/sessions")).json()["id"]
            idle, refused = await idle_rounds(streamer, other, rounds, own)
            ok = line(ratio(idle), f"{PER_USER} idle streams open")
            active = await active_rounds(streamer, other, rounds)
            ok &= line(ratio(active), f"{PER_USER} active streams open (following the streamer's own sessions as "
                                      "they run, against the same sessions without streams)")
            async with AsyncExitStack() as held:
                total, total_ok = await total_cap(streamer, fillers, held, own, other, rounds)
            print(f"stream caps: per-user cap 429 after {PER_USER if refused == 5 else 'FAILED'}, {total}")
            return ok and refused == 5 and total_ok


async def total_cap(streamer: httpx.AsyncClient, fillers: list[httpx.AsyncClient], held: AsyncExitStack,
                    own_sid: str, other: Newcomers, rounds: int) -> tuple[str, bool]:
    """Fill the server's cap, one more is refused; the other user's sessions with all open, against the same
    just before they opened and just after they closed."""
    quiet = [await timed(other.session()) for _ in range(rounds)]
    streams = Streams(streamer, held)
    await open_all(streams, own_sid, PER_USER)
    opened, refused = PER_USER, 0
    for filler in fillers:
        sid = (await filler.post("/v1/sessions")).json()["id"]
        filled = Streams(filler, held)
        opened += sum([await filled.open(sid) for _ in range(PER_USER)])
        if refused := filled.refused:
            break
    full = statistics.median([await timed(other.session()) for _ in range(rounds)])
    await held.aclose()
    await asyncio.sleep(1.0)
    quiet += [await timed(other.session()) for _ in range(rounds)]
    full /= statistics.median(quiet)
    ok = opened == TOTAL and refused > 0
    verdict = f"total cap 429 after {opened}" if ok else f"total cap FAILED ({opened} opened, {refused} refused)"
    return verdict + f" (another user's session x{full:.2f} slower with all {opened} open)", ok


async def two_processes(admin_dsn: str, sessions: int) -> bool:
    name = f"coach_bench_streams_{uuid.uuid4().hex[:8]}"
    try:
        with psycopg.connect(admin_dsn, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        print(f"events across two processes (postgresql): FAILED (no PostgreSQL at {admin_dsn}: {exc})")
        return False
    try:
        url = admin_dsn.rsplit("/", 1)[0] + f"/{name}"
        with tempfile.TemporaryDirectory(prefix="coach-streams-pg-") as tmp, \
                serving(Path(tmp), count=2, database_url=url) as (url_a, url_b):
            key = (await new_keys(Path(tmp), 1, url))[0]
            async with clients(url_a, [key]) as (on_a,), clients(url_b, [key]) as (on_b,), \
                    AsyncExitStack() as held:
                sent = delivered = 0
                for _ in range(sessions):
                    view = (await on_b.post("/v1/sessions")).json()
                    there, here = Streams(on_a, held), Streams(on_b, held)
                    await there.open(view["id"])
                    await here.open(view["id"])
                    await asyncio.sleep(0.2)
                    await drive(on_b, view)
                    await there.ended()
                    await here.ended()
                    expected = parse_sse("\n".join(here.lines[0]))
                    got = parse_sse("\n".join(there.lines[0]))
                    sent += len(expected)
                    delivered += sum(1 for a, b in zip(expected, got, strict=False) if a == b)
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    print(f"events across two processes (postgresql): {delivered}/{sent} delivered")
    return sent > 0 and delivered == sent


async def main(arguments: argparse.Namespace) -> int:
    ok = await single_process(arguments.sessions)
    ok &= await two_processes(arguments.pg_admin, arguments.pg_sessions)
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=15, help="timed sessions of the other user, per case")
    parser.add_argument("--pg-sessions", type=int, default=5, help="sessions run across two processes")
    parser.add_argument("--pg-admin", default=os.environ.get("COACH_TEST_PG_ADMIN",
                                                             "postgresql://postgres@127.0.0.1:5432/postgres"))
    sys.exit(asyncio.run(main(parser.parse_args())))
