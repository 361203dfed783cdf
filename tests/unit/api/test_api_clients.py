"""The API as its clients meet it: either key header, CORS only where configured, a documented OpenAPI (every
property described, every request body with examples, the interrupt's draft typed) and documentation pages that
load nothing from another host."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.app import create_app
from knowledge.base import KnowledgeBase
from sessions.public import ResumeRequest
from settings import Settings
from tests.apitest.inprocess import InProcessApi, running_api


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    return create_app(Settings()).openapi()


async def test_x_api_key_is_accepted_beside_bearer(api: InProcessApi) -> None:
    issued, _ = await api.user()
    raw = api.client()
    assert (await raw.get("/v1/sessions", headers={"X-Api-Key": issued.token})).status_code == 200
    assert (await raw.get("/v1/sessions", headers={"Authorization": f"Bearer {issued.token}"})).status_code == 200
    refused = await raw.get("/v1/sessions", headers={"X-Api-Key": "ck_not-a-key"})
    assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"
    missing = await raw.get("/v1/sessions")
    assert missing.status_code == 401 and "X-Api-Key" in missing.json()["detail"]


def test_both_key_headers_are_documented(openapi: dict[str, Any]) -> None:
    schemes = openapi["components"]["securitySchemes"]
    assert schemes["HTTPBearer"]["scheme"] == "bearer"
    assert schemes["APIKeyHeader"] == {**schemes["APIKeyHeader"], "type": "apiKey", "in": "header",
                                       "name": "X-Api-Key"}
    operation = openapi["paths"]["/v1/sessions"]["post"]
    assert {"HTTPBearer": []} in operation["security"] and {"APIKeyHeader": []} in operation["security"]


PREFLIGHT = {"Origin": "https://coach.example", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "x-api-key,content-type"}


async def test_cors_is_off_by_default(api: InProcessApi) -> None:
    response = await api.client().options("/v1/sessions", headers=PREFLIGHT)
    assert "access-control-allow-origin" not in response.headers


async def test_cors_allows_the_configured_origins_only(settings: Settings, kb: KnowledgeBase) -> None:
    configured = settings.model_copy(update={"cors_origins": ["https://coach.example"]})
    async with running_api(configured, kb=kb) as api:
        client = api.client()
        allowed = await client.options("/v1/sessions", headers=PREFLIGHT)
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://coach.example"
        assert "x-api-key" in allowed.headers["access-control-allow-headers"].lower()
        other = await client.options("/v1/sessions", headers={**PREFLIGHT, "Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def test_cors_origins_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_CORS_ORIGINS", "https://a.example, https://b.example/")
    assert Settings().cors_origins == ["https://a.example", "https://b.example"]


def _schemas(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object in `node` that has properties, with where it is."""
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            yield where, node
        for key, value in node.items():
            yield from _schemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _schemas(value, f"{where}/{index}")


def test_every_property_is_described(openapi: dict[str, Any]) -> None:
    undescribed = [f"{where}.{name}" for where, schema in _schemas(openapi, "#")
                   for name, prop in schema["properties"].items() if not prop.get("description")]
    assert undescribed == []


def test_every_request_body_has_examples(openapi: dict[str, Any]) -> None:
    bodies = [(f"{method.upper()} {path}", operation["requestBody"])
              for path, operations in openapi["paths"].items() for method, operation in operations.items()
              if "requestBody" in operation]
    assert bodies
    for name, body in bodies:
        for media_type, content in body["content"].items():
            assert content.get("example") or content.get("examples"), f"{name} {media_type} has no example"


def test_the_resume_examples_are_valid_requests(openapi: dict[str, Any]) -> None:
    body = openapi["paths"]["/v1/sessions/{session_id}/resume"]["post"]["requestBody"]
    examples = body["content"]["application/json"]["examples"]
    assert {"answer", "approve", "reject", "edit"} <= set(examples)
    for example in examples.values():
        ResumeRequest.model_validate(example["value"])


def test_the_pending_interrupts_draft_is_typed(openapi: dict[str, Any]) -> None:
    schemas = openapi["components"]["schemas"]
    assert schemas["AssessmentReviewInterrupt"]["properties"]["draft"]["$ref"] == "#/components/schemas/Assessment"
    assert schemas["PlanReviewInterrupt"]["properties"]["draft"]["$ref"] == "#/components/schemas/Plan"
    for name in ("QuestionInterrupt", "AssessmentReviewInterrupt", "PlanReviewInterrupt"):
        assert "kind" in schemas[name]["required"], "kind discriminates the payloads"
    review = schemas["PlanReviewInterrupt"]["properties"]
    assert {"action_requests", "review_configs", "error"} <= set(review)


async def _page(client: httpx.AsyncClient, path: str) -> str:
    response = await client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    return response.text


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
async def test_the_documentation_loads_nothing_from_another_host(api: InProcessApi, path: str) -> None:
    client = api.client()
    html = await _page(client, path)
    assert not re.search(r"(?:https?:)?//", html), f"{path} references another host"
    assets = re.findall(r"""(?:src|href)=["']?(/[^"' >]+)""", html)
    assert any(asset.endswith(".js") for asset in assets)
    for asset in assets:
        assert (await client.get(asset)).status_code == 200, asset
