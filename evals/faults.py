"""Sessions driven through database faults: backends terminated under the server, a database server restarting.

A patient client retries what the API says may be retried (a 503 after its Retry-After, a failed run with
`retry`, a 409 by reading the session again) and tallies every status it got: a 500 is never one of them.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import psycopg

from evals.http import resume_body

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
