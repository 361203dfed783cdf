"""`kill -9` at random points of runs, restart, and check what the sessions say (the crash test, `bench/crash.py`).

Real components: `coach serve` processes on SQLite or PostgreSQL, the LLM engine against the scripted
OpenAI-compatible stub (`tests.support.openai_stub`), whose replies take a random 20-150 ms so that a kill lands in
the middle of a run more often than not. Sessions are driven concurrently, each answer tagged so that it can be
found in the graph's state; then the server is killed at a random moment and started again (or, with two
servers, the other one carries on), and the sessions are checked:

- none reads as running right after the kill: no run of theirs has a live process any more;
- every resume acknowledged with a 2xx is in the decisions table and in the graph's state (none lost);
- no interrupt has two decisions, no answer is in the transcript twice, and there are as many question decisions
  as transcript turns (none applied twice);
- every session goes on to completion (an answer to what is pending, or `retry` when nothing is).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from langchain_core.messages import HumanMessage
from sqlalchemy import text

from evals.http import bearer
from evals.personas import QA_ENGINEER
from sessions.db import create_sync_engine
from settings import load_settings
from tests.apitest.server import Server, coach_serve
from tests.support.llm_script import Script
from tests.support.openai_stub import OpenAIStub, schema_responder

MODEL_DELAY_S = (0.02, 0.15)
RESUMES_PER_SESSION = 40  # far more than a session needs; a guard against a loop that never ends
FINISH_TIMEOUT_S = 120.0
UNDER_WAY_TIMEOUT_S = 60.0


@contextmanager
def slow_model(seed: int) -> Iterator[OpenAIStub]:
    """The scripted model behind HTTP, each reply after a random delay (the stub serves requests in threads)."""
    script = Script(malformed_first_assessment=False)
    script.plans = 1  # every plan drafted is the good one: no revision loop to wait for
    rng = random.Random(seed)

    def factory(name: str, messages: list[dict[str, Any]]) -> Any:
        time.sleep(rng.uniform(*MODEL_DELAY_S))
        return script(name, [HumanMessage(content=str(m.get("content", ""))) for m in messages])

    with OpenAIStub(schema_responder(factory), timeout_s=3.0) as stub:
        yield stub


def llm_env(stub: OpenAIStub, database_url: str | None) -> dict[str, str]:
    env = {"COACH_ENGINE": "llm", "COACH_LLM_BASE_URL": stub.base_url, "COACH_LLM_MODEL": "stub",
           "COACH_LLM_API_KEY": "test-key", "COACH_LLM_MAX_RETRIES": "0"}
    if database_url:
        env["COACH_DATABASE_URL"] = database_url
    return env


@dataclass
class Tracked:
    """One session as the client saw it."""

    id: str
    view: dict[str, Any] | None = None
    sent: int = 0
    answers: list[str] = field(default_factory=list)
    """Every answer sent (acknowledged or not)."""
    acknowledged: list[tuple[str, str | None]] = field(default_factory=list)
    """(interrupt id, answer) of each resume that got a 2xx; the answer is None for a review decision."""
    cut: bool = False
    """A kill found it unfinished."""

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
    cut_in_flight: int = 0
    writes: int = 0
    """Writes acknowledged so far."""
    problems: list[str] = field(default_factory=list)
    sessions: dict[str, Tracked] = field(default_factory=dict)

    @property
    def cut_sessions(self) -> list[Tracked]:
        return [s for s in self.sessions.values() if s.cut]

    @property
    def ok(self) -> bool:
        cut = self.cut_sessions
        return (not self.problems and self.running_without_live_run == 0 and self.answers_lost == 0
                and self.applied_twice == 0 and all(s.completed for s in self.sessions.values()) and bool(cut))

    def line(self) -> str:
        cut = self.cut_sessions
        return (f"kill -9 recovery ({self.database}): {self.kills} kills, {self.running_without_live_run} running "
                f"with no live run, {self.answers_lost} answers lost, {self.applied_twice} applied twice, "
                f"{sum(s.completed for s in cut)}/{len(cut)} sessions completed after restart")


def client(server: Server) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=server.url, headers=bearer(server.admin_key), timeout=60)


def kill(server: Server) -> None:
    assert server.pid is not None
    os.kill(server.pid, signal.SIGKILL)


def _body(session: Tracked, pending: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    if pending["kind"] != "question":
        return {"interrupt_id": pending["id"], "action": "approve", "acknowledge": True}, None
    session.sent += 1
    answer = f"{QA_ENGINEER.answer_for(pending['field'], pending['attempt'])} [{session.id[:8]}.{session.sent}]"
    session.answers.append(answer)
    return {"interrupt_id": pending["id"], "answer": answer}, answer


async def step(api: httpx.AsyncClient, session: Tracked, report: CrashReport) -> None:
    """One write: answer what is pending, or retry when nothing is. Raises httpx errors when the server dies."""
    view = session.view
    assert view is not None
    pending = view["pending"]
    if pending is None:
        response = await api.post(f"/v1/sessions/{session.id}/retry")
        acknowledged: tuple[str, str | None] | None = None
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
    for _ in range(RESUMES_PER_SESSION):
        if session.completed:
            return
        await step(api, session, report)
    report.problems.append(f"{session.id}: not completed after {RESUMES_PER_SESSION} writes")


async def start_sessions(api: httpx.AsyncClient, report: CrashReport, count: int) -> None:
    for _ in range(count):
        response = await api.post("/v1/sessions")
        response.raise_for_status()
        view = response.json()
        report.sessions[view["id"]] = Tracked(id=view["id"], view=view)


async def drive_until_killed(api: httpx.AsyncClient, server: Server, report: CrashReport, rng: random.Random,
                             in_flight: int, window_s: tuple[float, float]) -> None:
    """Drive up to `in_flight` unfinished sessions (starting new ones as needed) and, once they are under way (as
    many writes acknowledged), kill the server at a random moment within `window_s`."""
    unfinished = [s for s in report.sessions.values() if not s.completed]
    drivers = [asyncio.create_task(drive(api, s, report)) for s in unfinished[:in_flight]]
    drivers += [asyncio.create_task(_start_and_drive(api, report)) for _ in range(in_flight - len(drivers))]
    writes = report.writes
    async with asyncio.timeout(UNDER_WAY_TIMEOUT_S):
        while report.writes - writes < in_flight and not all(d.done() for d in drivers):  # noqa: ASYNC110
            await asyncio.sleep(0.01)  # a poll of a counter the drivers share: simpler than an event per write
    await asyncio.sleep(rng.uniform(*window_s))
    for session in report.sessions.values():
        session.cut = session.cut or not session.completed
    kill(server)
    report.kills += 1
    results = await asyncio.gather(*drivers, return_exceptions=True)
    report.cut_in_flight += sum(isinstance(r, httpx.HTTPError) for r in results)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, httpx.HTTPError):
            report.problems.append(f"driver failed: {result!r}")


async def _start_and_drive(api: httpx.AsyncClient, report: CrashReport) -> None:
    response = await api.post("/v1/sessions")
    response.raise_for_status()
    view = response.json()
    session = report.sessions[view["id"]] = Tracked(id=view["id"], view=view)
    report.writes += 1
    await drive(api, session, report)


async def check_after_kill(api: httpx.AsyncClient, report: CrashReport) -> None:
    """Right after a kill (on a restarted server, or the other one): nothing reads as running, and what the
    sessions wait for is known. Sessions the client never heard of (a start cut off) are adopted."""
    listed = (await api.get("/v1/sessions", params={"limit": 200})).json()
    report.running_without_live_run += sum(item["running"] for item in listed)
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


def audit(report: CrashReport, database_url: str | None, data_dir: Path) -> None:
    """Count answers lost and applied twice, from the decisions table and each session's final state."""
    engine = create_sync_engine(load_settings(data_dir=data_dir, database_url=database_url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT session_id, interrupt_id, kind FROM decisions")).all()
    finally:
        engine.dispose()
    decisions: dict[str, list[tuple[str, str]]] = {}
    for session_id, interrupt_id, kind in rows:
        decisions.setdefault(session_id, []).append((interrupt_id, kind))
    for session in report.sessions.values():
        _audit_one(report, session, decisions.get(session.id, []))


def _audit_one(report: CrashReport, session: Tracked, decided: list[tuple[str, str]]) -> None:
    view = session.view or {}
    answers = Counter(turn["answer"] for turn in view.get("transcript") or [])
    decided_ids = {interrupt_id for interrupt_id, _ in decided}
    for interrupt_id, answer in session.acknowledged:
        if interrupt_id not in decided_ids or (answer is not None and answers[answer] == 0):
            report.answers_lost += 1
            report.problems.append(f"{session.id}: acknowledged {interrupt_id} {answer!r} is not applied once")
    twice = len(decided) - len(decided_ids) + sum(count - 1 for count in answers.values())
    questions = sum(kind == "question" for _, kind in decided)
    if questions != sum(answers.values()):
        twice += 1
        report.problems.append(f"{session.id}: {questions} question decisions, {sum(answers.values())} turns")
    report.applied_twice += twice


async def restarts(report: CrashReport, *, data_dir: Path, env: Mapping[str, str], database_url: str | None,
                   rng: random.Random, in_flight: int, window_s: tuple[float, float]) -> CrashReport:
    """Kill the one server `report.kills` times, starting it again after each kill, then finish and audit."""
    kills, report.kills = report.kills, 0
    for round_ in range(kills + 1):
        with coach_serve(data_dir, env=env) as (server,):
            async with client(server) as api:
                if round_:
                    await check_after_kill(api, report)
                if round_ < kills:
                    await drive_until_killed(api, server, report, rng, in_flight, window_s)
                else:
                    await finish(api, report)
    audit(report, database_url, data_dir)
    return report


async def beside_a_survivor(report: CrashReport, *, data_dir: Path, env: Mapping[str, str], database_url: str,
                            rng: random.Random, in_flight: int, window_s: tuple[float, float]) -> CrashReport:
    """Two servers on one PostgreSQL database: kill one `report.kills` times; right after each kill the other one,
    alive, reads the sessions (settling the dead server's runs); then the killed one is started again. The
    survivor finishes the sessions."""
    kills, report.kills = report.kills, 0
    with coach_serve(data_dir, env=env, count=2) as (survivor, first):
        async with client(survivor) as other:
            for round_ in range(kills):
                with contextlib.nullcontext([first]) if round_ == 0 else coach_serve(data_dir, env=env) as (server,):
                    async with client(server) as api:
                        if round_:
                            await check_after_kill(api, report)  # the restarted server agrees
                        await drive_until_killed(api, server, report, rng, in_flight, window_s)
                    await check_after_kill(other, report)
            await finish(other, report)
    audit(report, database_url, data_dir)
    return report
