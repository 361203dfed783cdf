"""Security headers: every `/v1` answer (errors and event streams included) is `no-store` and `nosniff`; the web UI
comes with a content security policy of its own origin only, and may not be framed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import HTTPException

from api.docs import script_hashes
from api.headers import UI_POLICY, headers_for
from knowledge.base import KnowledgeBase
from settings import Settings
from tests.apitest.inprocess import InProcessApi, running_api


def assert_api_headers(response: httpx.Response) -> None:
    assert response.headers["cache-control"] == "no-store", (response.request.url, response.status_code)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" not in response.headers


def assert_ui_headers(response: httpx.Response) -> None:
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


@pytest.fixture
async def api(settings: Settings, kb: KnowledgeBase) -> AsyncIterator[InProcessApi]:
    settings.cors_origins = ["http://allowed.example"]

    async def too_many() -> None:
        raise HTTPException(429, "slow down", headers={"Retry-After": "3"})

    async def broken() -> None:
        raise RuntimeError("a bug")

    async with running_api(settings, kb=kb) as started:
        started.app.add_api_route("/v1/test-too-many", too_many)
        started.app.add_api_route("/v1/test-broken", broken)
        yield started


async def test_normal_answers(api: InProcessApi) -> None:
    _, client = await api.user()
    created = await client.post("/v1/sessions")
    assert created.status_code == 201
    sid = created.json()["id"]
    for response in [created, await client.get("/v1/sessions"), await client.get(f"/v1/sessions/{sid}"),
                     await client.get(f"/v1/sessions/{sid}/history"), await client.get("/v1/info"),
                     await client.get("/v1/healthz"), await client.delete(f"/v1/sessions/{sid}")]:
        assert response.status_code < 300
        assert_api_headers(response)


async def test_error_answers(api: InProcessApi) -> None:
    _, client = await api.user()
    sid = (await client.post("/v1/sessions")).json()["id"]
    anonymous = api.client()
    crashing = httpx.AsyncClient(transport=httpx.ASGITransport(app=api.app, raise_app_exceptions=False),
                                 base_url="http://test", headers=client.headers)
    api.clients.append(crashing)
    answers = {
        401: await anonymous.get("/v1/sessions"),
        404: await client.get("/v1/sessions/nope"),
        405: await client.put(f"/v1/sessions/{sid}"),
        409: await client.post(f"/v1/sessions/{sid}/resume", json={"interrupt_id": "i9-old", "answer": "x"}),
        413: await client.post(f"/v1/sessions/{sid}/resume", content=b"x" * 70_000),
        422: await client.post(f"/v1/sessions/{sid}/resume", content=b'{"interrupt_id": NaN}'),
        429: await client.get("/v1/test-too-many"),
        500: await crashing.get("/v1/test-broken"),
    }
    for status, response in answers.items():
        assert response.status_code == status, (status, response.text)
        assert_api_headers(response)
    bad_query = await client.get("/v1/sessions?limit=0")
    assert bad_query.status_code == 422
    assert_api_headers(bad_query)
    assert answers[429].headers["retry-after"] == "3"


async def test_a_cors_preflight(api: InProcessApi) -> None:
    response = await api.client().options("/v1/sessions", headers={
        "Origin": "http://allowed.example", "Access-Control-Request-Method": "POST"})
    assert response.status_code == 200
    assert_api_headers(response)


async def test_an_event_stream(api: InProcessApi) -> None:
    _, client = await api.user()
    sid = (await client.post("/v1/sessions")).json()["id"]
    async with client.stream("GET", f"/v1/sessions/{sid}/events") as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        assert_api_headers(response)
        assert "event: state" in (await response.aread()).decode()


async def test_ui_pages_and_assets(api: InProcessApi) -> None:
    client = api.client()
    for path in ["/", "/ui/js/main.js", "/ui/app.css", "/ui/icon.svg", "/ui/no-such-file.js"]:
        response = await client.get(path)
        assert response.status_code == (404 if "no-such" in path else 200), path
        assert_ui_headers(response)
    assert (await client.get("/ui/app.css")).headers["cache-control"] == "no-cache"  # revalidated, not no-store


async def test_the_documentation_pages_are_protected_as_the_ui_is(api: InProcessApi) -> None:
    client = api.client()
    for path in ["/docs", "/redoc"]:
        response = await client.get(path)
        assert response.status_code == 200, path
        policy = response.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
        assert "'unsafe-eval'" not in policy and "http" not in policy
        assert response.headers["x-frame-options"] == "DENY" and response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-content-type-options"] == "nosniff"
    swagger = await client.get("/docs")
    hashes = script_hashes(swagger.text)
    assert len(hashes) == 1 and hashes[0] in swagger.headers["content-security-policy"]  # Swagger UI's start-up


def test_other_pages_are_nosniff() -> None:
    assert headers_for("/docs") == {"X-Content-Type-Options": "nosniff"}
    assert headers_for("/openapi.json") == {"X-Content-Type-Options": "nosniff"}
    assert headers_for("/v1x")["X-Content-Type-Options"] == "nosniff" and "Cache-Control" not in headers_for("/v1x")
    assert headers_for("/ui")["X-Content-Type-Options"] == "nosniff"
    assert "'unsafe-inline'" not in UI_POLICY and "*" not in UI_POLICY
