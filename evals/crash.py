"""`kill -9` at random points of runs, then a check of what the sessions say: the crash test and `bench/crash.py`.

Real processes: `coach serve` on SQLite or PostgreSQL, with the knowledge engine. A few sessions are driven at once,
back to back, so the server is inside some run nearly all the time, and it is killed at a random moment once they
are under way. Each answer carries a tag of its own so it can be found in the graph's state. After each kill (on
the restarted server, and on PostgreSQL also on a second server that stayed alive) and at the end:

- no session reads as running: none of their runs has a live process any more;
- every resume acknowledged with a 2xx is in the decisions table and in the session's transcript (none lost);
- no interrupt has two decisions, no answer is in the transcript twice, and there are as many question decisions
  as transcript turns (none applied twice);
- every session goes on to completion: an answer to what is pending, or `retry` when nothing is.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
from collections import Counter
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

from evals.http import bearer
from evals.personas import QA_ENGINEER
from evals.servers import UNLIMITED_RATES, Server, coach_serve
from sessions.db import create_sync_engine
from settings import load_settings

WRITES_PER_SESSION = 40  # far more than a session needs: a guard against a loop that never ends
FINISH_TIMEOUT_S = 300.0
UNDER_WAY_TIMEOUT_S = 60.0
LETTERS = str.maketrans("0123456789", "ghijklmnop")  # tags without digits: numbers in answers mean hours, years


@dataclass
class Tracked:
    """One session as the client saw it."""

    id: str
    view: dict[str, Any] | None = None
    sent: int = 0
    acknowledged: list[tuple[str, str | None]] = field(default_factory=list)
    """(interrupt id, answer) of each resume that got a 2xx; the answer is None for a review decision."""
    cut: bool = False
    """A kill found it unfinished."""
    driven: bool = False

    @property
    def completed(self) -> bool:
        return self.view is not None and self.view["status"] == "completed"


@dataclass
class CrashReport:
    database: str
    kills: int = 0
    running_without_live_run: int = 0
    answers_lost: int = 0
    applied_twice: int = 0
    cut_mid_run: int = 0
    """Runs the kills left marked as under way (cut between their claim and their finish)."""
    cut_in_flight: int = 0
    """Requests a kill cut before their response."""
    writes: int = 0
    problems: list[str] = field(default_factory=list)
    sessions: dict[str, Tracked] = field(default_factory=dict)

    @property
    def cut_sessions(self) -> list[Tracked]:
        return [s for s in self.sessions.values() if s.cut]

    @property
    def ok(self) -> bool:
        return (not self.problems and self.running_without_live_run == 0 and self.answers_lost == 0
                and self.applied_twice == 0 and all(s.completed for s in self.sessions.values())
                and self.cut_mid_run > 0)

    def line(self) -> str:
        cut = self.cut_sessions
        return (f"kill -9 recovery ({self.database}): {self.kills} kills, {self.running_without_live_run} running "
                f"with no live run, {self.answers_lost} answers lost, {self.applied_twice} applied twice, "
                f"{sum(s.completed for s in cut)}/{len(cut)} sessions completed after restart "
                f"({self.cut_mid_run} runs cut mid-run, {self.cut_in_flight} requests cut in flight)")


def client(server: Server) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=server.url, headers=bearer(server.admin_key), timeout=60)


def _body(session: Tracked, pending: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    if pending["kind"] != "question":
        return {"interrupt_id": pending["id"], "action": "approve", "acknowledge": True}, None
    session.sent += 1
    tag = f"{session.id[:6]}{session.sent}".translate(LETTERS)
    answer = f"{QA_ENGINEER.answer_for(pending['field'], pending['attempt'])} (ref {tag})"
    return {"interrupt_id": pending["id"], "answer": answer}, answer


async def step(api: httpx.AsyncClient, session: Tracked, report: CrashReport) -> None:
    """One write: answer what is pending, or retry when nothing is. Raises httpx errors when the server dies."""
    assert session.view is not None
    pending = session.view["pending"]
    acknowledged: tuple[str, str | None] | None = None
    if pending is None:
        response = await api.post(f"/v1/sessions/{session.id}/retry")
    else:
        body, answer = _body(session, pending)
        response = await api.post(f"/v1/sessions/{session.id}/resume", json=body)
        acknowledged = (pending["id"], answer)
    if response.status_code != 200:
        report.problems.append(f"{session.id}: {response.status_code} {response.text[:300]}")
        session.view = (await api.get(f"/v1/sessions/{session.id}")).json()
        return
    if acknowledged is not None:
        session.acknowledged.append(acknowledged)
    report.writes += 1
    session.view = response.json()


async def drive(api: httpx.AsyncClient, session: Tracked, report: CrashReport) -> None:
    """Write until the session completes (or the server dies under it)."""
    session.driven = True
    try:
        for _ in range(WRITES_PER_SESSION):
            if session.completed:
                return
            await step(api, session, report)
        report.problems.append(f"{session.id}: not completed after {WRITES_PER_SESSION} writes")
    finally:
        session.driven = False


async def _worker(api: httpx.AsyncClient, report: CrashReport) -> None:
    """Drive unfinished sessions, and new ones when there are none left, until the server dies."""
    while True:
        waiting = next((s for s in report.sessions.values() if not s.completed and not s.driven), None)
        if waiting is None:
            response = await api.post("/v1/sessions")
            response.raise_for_status()
            view = response.json()
            waiting = report.sessions[view["id"]] = Tracked(id=view["id"], view=view)
            report.writes += 1
        await drive(api, waiting, report)


async def drive_until_killed(api: httpx.AsyncClient, server: Server, report: CrashReport, rng: random.Random,
                             in_flight: int, window_s: tuple[float, float]) -> None:
    """`in_flight` workers drive sessions; once they are under way, the server is killed at a random moment."""
    workers = [asyncio.create_task(_worker(api, report)) for _ in range(in_flight)]
    writes = report.writes
    async with asyncio.timeout(UNDER_WAY_TIMEOUT_S):
        while report.writes - writes < in_flight and not all(w.done() for w in workers):  # noqa: ASYNC110
            await asyncio.sleep(0.01)  # a poll of a counter the workers share: simpler than an event per write
    await asyncio.sleep(rng.uniform(*window_s))
    for session in report.sessions.values():
        session.cut = session.cut or not session.completed
    os.kill(server.pid, signal.SIGKILL)
    report.kills += 1
    results = await asyncio.gather(*workers, return_exceptions=True)
    report.cut_in_flight += sum(isinstance(r, httpx.HTTPError) for r in results)
    report.problems += [f"worker failed: {r!r}" for r in results
                        if isinstance(r, BaseException) and not isinstance(r, httpx.HTTPError)]


async def check_after_kill(api: httpx.AsyncClient, report: CrashReport) -> None:
    """Nothing reads as running, and every session has something to do next. Sessions whose start was cut off
    before the client heard of them are adopted from the list."""
    listed = (await api.get("/v1/sessions", params={"limit": 200})).json()
    report.running_without_live_run += sum(bool(item["running"]) for item in listed)
    for item in listed:
        report.sessions.setdefault(item["id"], Tracked(id=item["id"], cut=True))
    for session in report.sessions.values():
        view = (await api.get(f"/v1/sessions/{session.id}")).json()
        report.running_without_live_run += bool(view["running"])
        if view["pending"] is None and view["status"] not in ("failed", "completed"):
            report.problems.append(f"{session.id}: reads {view['status']} with nothing pending and no run")
        session.view = view


async def finish(api: httpx.AsyncClient, report: CrashReport) -> None:
    unfinished = [s for s in report.sessions.values() if not s.completed]
    async with asyncio.timeout(FINISH_TIMEOUT_S):
        await asyncio.gather(*(drive(api, s, report) for s in unfinished))


def _query(data_dir: Path, database_url: str | None, sql: str) -> list[tuple[Any, ...]]:
    engine = create_sync_engine(load_settings(data_dir=data_dir, database_url=database_url))
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql)).all()]
    finally:
        engine.dispose()


def count_cut_runs(report: CrashReport, data_dir: Path, database_url: str | None) -> None:
    """Right after a kill, before anything settles them: the runs it left marked as under way."""
    report.cut_mid_run += int(_query(data_dir, database_url,
                                     "SELECT count(*) FROM coaching_sessions WHERE run_started_at IS NOT NULL")[0][0])


def audit(report: CrashReport, data_dir: Path, database_url: str | None) -> None:
    """Count answers lost and applied twice, from the decisions table and each session's final state."""
    decisions: dict[str, list[tuple[str, str]]] = {}
    for session_id, interrupt_id, kind in _query(data_dir, database_url,
                                                 "SELECT session_id, interrupt_id, kind FROM decisions"):
        decisions.setdefault(session_id, []).append((interrupt_id, kind))
    for session in report.sessions.values():
        _audit_one(report, session, decisions.get(session.id, []))


def _audit_one(report: CrashReport, session: Tracked, decided: list[tuple[str, str]]) -> None:
    answers = Counter(turn["answer"] for turn in (session.view or {}).get("transcript") or [])
    decided_ids = {interrupt_id for interrupt_id, _ in decided}
    for interrupt_id, answer in session.acknowledged:
        if interrupt_id not in decided_ids or (answer is not None and answers[answer] == 0):
            report.answers_lost += 1
            report.problems.append(f"{session.id}: acknowledged {interrupt_id} {answer!r} is not applied")
    twice = len(decided) - len(decided_ids) + sum(count - 1 for count in answers.values())
    questions = sum(kind == "question" for _, kind in decided)
    if questions != sum(answers.values()):
        twice += 1
        report.problems.append(f"{session.id}: {questions} question decisions, {sum(answers.values())} turns")
    report.applied_twice += twice


async def restarts(report: CrashReport, *, kills: int, data_dir: Path, rng: random.Random, in_flight: int,
                   window_s: tuple[float, float]) -> CrashReport:
    """SQLite (one server process): kill the server `kills` times, starting it again after each kill; then finish
    every session, and audit."""
    for round_ in range(kills + 1):
        with coach_serve(data_dir, env=UNLIMITED_RATES) as (server,):
            async with client(server) as api:
                if round_:
                    await check_after_kill(api, report)
                if round_ == kills:
                    await finish(api, report)
                    break
                await drive_until_killed(api, server, report, rng, in_flight, window_s)
        count_cut_runs(report, data_dir, None)
    audit(report, data_dir, None)
    return report


async def beside_a_survivor(report: CrashReport, *, kills: int, data_dir: Path, database_url: str,
                            rng: random.Random, in_flight: int, window_s: tuple[float, float]) -> CrashReport:
    """PostgreSQL, two server processes: one is killed `kills` times and started again; right after each kill the
    other one, alive all along, reads the sessions (and so settles the dead one's runs). It finishes them."""
    env = {**UNLIMITED_RATES, "COACH_DATABASE_URL": database_url}
    with coach_serve(data_dir, env=env, count=2) as (survivor, first):
        async with client(survivor) as other:
            for round_ in range(kills):
                with ExitStack() as stack:
                    server = first if round_ == 0 else stack.enter_context(coach_serve(data_dir, env=env))[0]
                    async with client(server) as api:
                        if round_:
                            await check_after_kill(api, report)  # the restarted server agrees
                        await drive_until_killed(api, server, report, rng, in_flight, window_s)
                count_cut_runs(report, data_dir, database_url)
                await check_after_kill(other, report)
            await finish(other, report)
    audit(report, data_dir, database_url)
    return report
