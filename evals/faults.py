"""Sessions driven through database faults: backends terminated under the server, a database server restarting.

A patient client retries what the API says may be retried (a 503 after its Retry-After, a failed run with
`retry`, a 409 by reading the session again) and tallies every status it got: a 500 is never one of them.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

from evals.http import resume_body
from evals.servers import PrivateCluster

TERMINATE_SQL = ("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                 "WHERE datname = %s AND pid <> pg_backend_pid()")


@dataclass
class Tally:
    """Every status the client got, and how the sessions ended."""

    statuses: Counter[int] = field(default_factory=Counter)
    failed_runs: int = 0
    completed: int = 0

    def describe(self) -> str:
        return ", ".join(f"{count} × {status}" for status, count in sorted(self.statuses.items()))


def patient(client: httpx.Client, tally: Tally, method: str, path: str, *, body: dict[str, Any] | None = None,
            wait_cap_s: float = 0.5, give_up_s: float = 120.0) -> httpx.Response:
    """Send until the answer is not a 503 (waiting its Retry-After, at most `wait_cap_s`) or a dropped connection."""
    deadline = time.monotonic() + give_up_s
    while True:
        try:
            response = client.request(method, path, json=body)
        except httpx.TransportError:
            tally.statuses[0] += 1
        else:
            tally.statuses[response.status_code] += 1
            if response.status_code != 503:
                return response
            time.sleep(min(wait_cap_s, float(response.headers.get("Retry-After", "1"))))
        if time.monotonic() > deadline:
            raise TimeoutError(f"{method} {path} still unavailable after {give_up_s:g} s ({tally.describe()})")
        time.sleep(0.05)


def patient_session(client: httpx.Client, tally: Tally, *, steps: int = 60, give_up_s: float = 120.0
                    ) -> dict[str, Any]:
    """A whole session with the QA engineer's answers, through whatever the database does meanwhile; each request
    given up after `give_up_s`."""
    view: dict[str, Any] = patient(client, tally, "POST", "/v1/sessions", give_up_s=give_up_s).json()
    for _ in range(steps):
        if view["status"] == "completed":
            tally.completed += 1
            return view
        path = f"/v1/sessions/{view['id']}"
        if view["status"] == "failed":
            tally.failed_runs += 1
            response = patient(client, tally, "POST", f"{path}/retry", give_up_s=give_up_s)
        elif view["pending"] is None:  # a run under way, or one to be settled: read it again
            time.sleep(0.1)
            response = patient(client, tally, "GET", path, give_up_s=give_up_s)
        else:
            response = patient(client, tally, "POST", f"{path}/resume", body=resume_body(view["pending"]),
                               give_up_s=give_up_s)
        if response.status_code == 409:
            response = patient(client, tally, "GET", path, give_up_s=give_up_s)
        if response.status_code != 200:
            raise AssertionError(f"{response.status_code} {response.text[:300]}")
        view = response.json()
    raise AssertionError(f"session {view['id']} did not complete within {steps} steps ({tally.describe()})")


class BackendTerminator(threading.Thread):
    """Terminates every backend of `database` (other than its own) every `every_s` seconds, for `for_s` seconds
    or until stopped."""

    def __init__(self, admin_url: str, database: str, *, every_s: float, for_s: float) -> None:
        super().__init__(name="terminate-backends", daemon=True)
        self.admin_url = admin_url
        self.database = database
        self.every_s = every_s
        self.for_s = for_s
        self.terminated = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        deadline = time.monotonic() + self.for_s
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            while not self.stopping.wait(self.every_s) and time.monotonic() < deadline:
                row = admin.execute(TERMINATE_SQL, (self.database,)).fetchone()
                self.terminated += int(row[0]) if row else 0

    def stop(self) -> int:
        self.stopping.set()
        self.join(30)
        return self.terminated


WAITING_SQL = ("SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' "
               "AND pid <> pg_backend_pid() LIMIT 1")


async def terminate_waiting_backend(url: str, *, within_s: float = 10.0) -> int:
    """Wait until a backend of the database at `url` waits on a lock, then terminate it; returns its pid."""
    deadline = time.monotonic() + within_s
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as admin:
        while time.monotonic() < deadline:
            row = await (await admin.execute(WAITING_SQL, (url.rsplit("/", 1)[1],))).fetchone()
            if row is not None:
                await admin.execute("SELECT pg_terminate_backend(%s)", (row[0],))
                return int(row[0])
            await asyncio.sleep(0.05)
    raise TimeoutError("no backend of the server waited on a lock")


Send = Callable[[], Coroutine[Any, Any, httpx.Response]]
Failing = Callable[[Send], Awaitable[httpx.Response]]


def sqlite_write_lock_held(path: Path) -> Failing:
    """Sends a request while another connection holds the SQLite file's write lock (past any busy timeout)."""

    async def locked(send: Send) -> httpx.Response:
        holder = sqlite3.connect(path, timeout=0, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            return await send()
        finally:
            holder.execute("ROLLBACK")
            holder.close()

    return locked


def backend_terminated(url: str, table: str = "checkpoints") -> Failing:
    """Sends a request while another session locks `table` of the database at `url`, and terminates the backend
    that comes to wait on it (the request's own)."""

    async def terminated(send: Send) -> httpx.Response:
        async with await psycopg.AsyncConnection.connect(url) as locker:
            await locker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
            request = asyncio.create_task(send())
            await terminate_waiting_backend(url)
        return await request

    return terminated


@dataclass(frozen=True)
class AfterFailure:
    """A resume whose run failed before its checkpoint, then `retry` and the same answer again."""

    failed: str
    """The failed run's error code (or the session's status, had it not failed)."""
    decisions_kept: int
    """Decisions left recorded for the answered interrupt once its run failed (0: released)."""
    retry_status: int
    same_question: bool
    """Whether `retry` brought the answered interrupt back."""
    resume_status: int
    decisions_after: int

    @property
    def ok(self) -> bool:
        return (self.failed == "retryable" and self.decisions_kept == 0 and self.retry_status == 200
                and self.same_question and self.resume_status == 200 and self.decisions_after == 1)

    def describe(self) -> str:
        return (f"run {self.failed}, {self.decisions_kept} decision kept, retry {self.retry_status} "
                f"({'the same question' if self.same_question else 'ANOTHER interrupt'}), answer again "
                f"{self.resume_status}")


async def answer_through_a_failed_run(client: httpx.AsyncClient, view: dict[str, Any], failing: Failing,
                                      decisions: Callable[[str], Awaitable[list[str]]]) -> AfterFailure:
    """Answer the session's pending question under `failing` (which makes the run fail before its checkpoint),
    then retry and answer it again; `decisions` lists the interrupt ids with a recorded decision."""
    pending, path = view["pending"], f"/v1/sessions/{view['id']}"
    failed = (await failing(lambda: client.post(f"{path}/resume", json=resume_body(pending)))).json()
    kept = (await decisions(view["id"])).count(pending["id"])
    retried = await client.post(f"{path}/retry")
    again = retried.status_code == 200 and retried.json()["pending"]["id"] == pending["id"]
    resumed = await client.post(f"{path}/resume", json=resume_body(pending))
    return AfterFailure(failed=(failed.get("error") or {}).get("code") or failed["status"], decisions_kept=kept,
                        retry_status=retried.status_code, same_question=again, resume_status=resumed.status_code,
                        decisions_after=(await decisions(view["id"])).count(pending["id"]))


def reads_during_restart(cluster: PrivateCluster, url: str, headers: Mapping[str, str], *, down_s: float
                         ) -> tuple[threading.Thread, Tally]:
    """Restart `cluster` (down `down_s` seconds) in a thread, listing sessions at `url` every 50 ms meanwhile from
    another; returns that one (joined, the restart is over) and the reads' tally."""
    reads = Tally()
    restarting = threading.Thread(target=cluster.restart, kwargs={"down_s": down_s}, name="restart-postgres")

    def read() -> None:
        with httpx.Client(base_url=url, timeout=30, headers=headers) as reader:
            while restarting.is_alive():
                try:
                    reads.statuses[reader.get("/v1/sessions").status_code] += 1
                except httpx.TransportError:
                    reads.statuses[0] += 1
                time.sleep(0.05)

    restarting.start()
    reading = threading.Thread(target=read, name="reads-during-restart", daemon=True)
    reading.start()
    return reading, reads
