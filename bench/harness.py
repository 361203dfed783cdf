"""What the API benchmarks share: a persona that takes 10 answers and 3 approvals, fresh people to be it, and a
timed session."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from api.app import create_app
from evals.personas import QA_ENGINEER, QA_ENGINEER_QUESTIONS
from evals.servers import UNLIMITED_RATES
from sessions.bootstrap import IssuedKey
from settings import Limits, Settings

# The API tests' QA engineer: a vague first answer about goals is asked again, so 10 answers, then 3 approvals
# (profile, assessment, plan). Each timed session is someone's first: a returning person's session starts from what
# was remembered and asks one question, so every session runs as a person of its own (`people`).
PERSONA = QA_ENGINEER
# Benchmarks drive many sessions with one key: the per-key rate limits would stop them, so they are set out of reach.
UNLIMITED = Limits(session_creates=UNLIMITED_RATES["COACH_LIMIT_SESSION_CREATES"],
                   resumes=UNLIMITED_RATES["COACH_LIMIT_RESUMES"],
                   open_sessions_per_user=int(UNLIMITED_RATES["COACH_LIMIT_OPEN_SESSIONS_PER_USER"]))
UNLIMITED_ENV = UNLIMITED_RATES


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def step_name(pending: dict[str, Any], questions: int) -> str:
    return f"answer {questions}" if pending["kind"] == "question" else pending["kind"]


async def people(client: httpx.AsyncClient, count: int) -> list[str]:
    """`count` new people (coachees) made through the admin API with `client`'s admin key: their keys."""
    keys = []
    for index in range(count):
        response = await client.post("/v1/admin/users", json={"name": f"bench person {index}"})
        response.raise_for_status()
        keys.append(response.json()["key"])
    return keys


async def session(client: httpx.AsyncClient, timings: dict[str, list[float]] | None = None, *,
                  key: str | None = None) -> float:
    """One whole session (as the person whose key is `key`, else as `client`'s own); returns its time in seconds.
    Raises on any non-2xx response, and when the session was not a whole first interview."""
    headers = {"Authorization": f"Bearer {key}"} if key else None
    started = time.perf_counter()
    response = await client.post("/v1/sessions", headers=headers)
    response.raise_for_status()
    if timings is not None:
        timings["create"].append(time.perf_counter() - started)
    view, questions = response.json(), 0
    while (pending := view["pending"]) is not None:
        if pending["kind"] == "question":
            questions += 1
            body = {"interrupt_id": pending["id"], "answer": PERSONA.answer_for(pending["field"], pending["attempt"])}
        else:
            body = {"interrupt_id": pending["id"], "action": "approve"}
        step_started = time.perf_counter()
        response = await client.post(f"/v1/sessions/{view['id']}/resume", json=body, headers=headers)
        response.raise_for_status()
        if timings is not None:
            timings[step_name(pending, questions)].append(time.perf_counter() - step_started)
        view = response.json()
    if view["status"] != "completed" or questions != QA_ENGINEER_QUESTIONS:
        raise RuntimeError(f"session ended {view['status']} after {questions} answers")
    return time.perf_counter() - started


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f}"


@asynccontextmanager
async def in_process(settings: Settings, *, warm_up: int = 0) -> AsyncIterator[tuple[httpx.AsyncClient, FastAPI]]:
    """The app in this process, and a client on it over ASGI with the first admin's key (after `warm_up` whole
    sessions)."""
    keys: list[IssuedKey] = []
    app = create_app(settings, on_admin_key=keys.append)
    async with app.router.lifespan_context(app):
        headers = {"Authorization": f"Bearer {keys[0].token}"}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench",
                                     headers=headers, timeout=120) as client:
            for key in await people(client, warm_up):
                await session(client, key=key)
            yield client, app


async def concurrent_run(client: httpx.AsyncClient, concurrent: int, keys: Sequence[str | None] | None = None
                         ) -> tuple[float, int, float]:
    """`concurrent` sessions at once (each as the person of its key in `keys`, if given): sessions/s, errors,
    session p50 under load."""
    as_whom = keys if keys is not None else [None] * concurrent
    started = time.perf_counter()
    results = await asyncio.gather(*(session(client, key=key) for key in as_whom[:concurrent]),
                                   return_exceptions=True)
    wall = time.perf_counter() - started
    done = [r for r in results if isinstance(r, float)]
    for error in [r for r in results if isinstance(r, BaseException)][:3]:
        print(f"  error: {type(error).__name__}: {error}")
    return len(done) / wall, concurrent - len(done), statistics.median(done) if done else float("nan")
