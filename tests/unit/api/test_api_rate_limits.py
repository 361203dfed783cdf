"""Rate limits: per key on starting sessions and on resumes and retries (429 with Retry-After, before the graph
runs, not shared between keys), and per address on bad keys (a good key from that address still works)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from evals.http import resume_body
from knowledge.base import KnowledgeBase
from settings import Limits, Settings
from tests.apitest.inprocess import InProcessApi, running_api


@pytest.fixture
async def limited(settings: Settings, kb: KnowledgeBase) -> AsyncIterator[InProcessApi]:
    rates = Limits(session_creates="3/minute", resumes="4/minute", bad_keys="20/minute")
    async with running_api(settings.model_copy(update={"limits": rates}), kb=kb) as started:
        yield started


async def test_session_starts_are_limited_per_key(limited: InProcessApi) -> None:
    _, ana = await limited.user(name="Ana")
    _, ben = await limited.user(name="Ben")
    assert [(await ana.post("/v1/sessions")).status_code for _ in range(3)] == [201] * 3
    refused = await ana.post("/v1/sessions")
    assert (refused.status_code, refused.json()["code"]) == (429, "rate_limited")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "3 per minute" in refused.json()["detail"]
    assert len((await ana.get("/v1/sessions")).json()) == 3  # the refused one started nothing
    assert (await ben.post("/v1/sessions")).status_code == 201  # another key has its own count


async def test_resumes_and_retries_are_limited_per_key(limited: InProcessApi) -> None:
    _, ana = await limited.user(name="Ana")
    view = (await ana.post("/v1/sessions")).json()
    for _ in range(4):
        response = await ana.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))
        assert response.status_code == 200
        view = response.json()
    refused = await ana.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert (await ana.get(f"/v1/sessions/{view['id']}")).json()["version"] == view["version"]  # not applied
    assert (await ana.post(f"/v1/sessions/{view['id']}/retry")).status_code == 429  # the same count
    assert (await ana.get(f"/v1/sessions/{view['id']}")).status_code == 200  # reads are not limited


async def test_bad_keys_are_throttled_per_address(limited: InProcessApi) -> None:
    issued, _ = await limited.user()
    bad = limited.client("ck_000000000000_not-a-real-secret")
    statuses = [(await bad.get("/v1/info")).status_code for _ in range(25)]
    assert statuses == [401] * 20 + [429] * 5
    last = await bad.get("/v1/info", headers={"Authorization": "", "X-Api-Key": "garbage"})
    assert last.status_code == 429 and "Retry-After" in last.headers
    assert (await limited.client(issued.token).get("/v1/info")).status_code == 200
    assert (await limited.client().get("/v1/info")).status_code == 401  # no key at all is not a guess
