"""Bad input is refused with a clear 413/422 before the graph runs, and the session is left as it was."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from sessions.tables import DecisionRecord
from tests.apitest.inprocess import InProcessApi


async def _session(api: InProcessApi) -> tuple[httpx.AsyncClient, dict[str, Any]]:
    _, owner = await api.user()
    return owner, (await owner.post("/v1/sessions")).json()


async def _unchanged(api: InProcessApi, client: httpx.AsyncClient, before: dict[str, Any]) -> None:
    after = (await client.get(f"/v1/sessions/{before['id']}")).json()
    assert (after["version"], after["pending"], after["profile"]) == (
        before["version"], before["pending"], before["profile"])
    async with api.runtime.database.sessions() as db:
        assert (await db.get(DecisionRecord, 1)) is None


def _messages(response: httpx.Response) -> str:
    detail = response.json()["detail"]
    return detail if isinstance(detail, str) else " | ".join(error["msg"] for error in detail)


async def test_an_answer_over_the_limit(api: InProcessApi) -> None:
    client, view = await _session(api)
    body = {"interrupt_id": view["pending"]["id"], "answer": "a" * 4001}
    response = await client.post(f"/v1/sessions/{view['id']}/resume", json=body)
    assert response.status_code == 422
    assert "answer is 4001 characters long; the limit is 4000" in _messages(response)
    await _unchanged(api, client, view)
    body["answer"] = "QA engineer " + "a" * 3988
    assert (await client.post(f"/v1/sessions/{view['id']}/resume", json=body)).status_code == 200


async def test_a_body_over_the_limit(api: InProcessApi) -> None:
    client, view = await _session(api)
    body = json.dumps({"interrupt_id": view["pending"]["id"], "answer": "b" * (65 * 1024)})
    response = await client.post(f"/v1/sessions/{view['id']}/resume", content=body,
                                 headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "over the limit of 65536 bytes" in _messages(response)
    await _unchanged(api, client, view)


async def test_a_streamed_body_without_length_is_counted(api: InProcessApi) -> None:
    client, view = await _session(api)

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"interrupt_id": "i1-question", "answer": "'
        for _ in range(70):
            yield b"c" * 1024
        yield b'"}'

    response = await client.post(f"/v1/sessions/{view['id']}/resume", content=chunks(),
                                 headers={"content-type": "application/json"})
    assert response.status_code == 413
    await _unchanged(api, client, view)


@pytest.mark.parametrize(("raw", "message"), [
    (b'{"interrupt_id": "i1-question", "answer": "QA\x00engineer"}', "NUL byte"),
    (b'{"interrupt_id": "i1-question", "answer": "QA \xff\xfe engineer"}', "not valid UTF-8"),
    (b'{"interrupt_id": "i1-question", "answer": "QA\\u0000engineer"}', "NUL character"),
    (b'{"interrupt_id": "i1-question", "answer": "QA \\ud800 engineer"}', "lone surrogate"),
    (b'{"interrupt_id": "i1-question", "answer": "ok", "edits": {"k\\u0000": 1}}', "NUL character"),
    (b'{"interrupt_id": "i1-question", "answer": ', "JSON decode error"),
])
async def test_nul_bytes_and_invalid_unicode(api: InProcessApi, raw: bytes, message: str) -> None:
    client, view = await _session(api)
    response = await client.post(f"/v1/sessions/{view['id']}/resume", content=raw,
                                 headers={"content-type": "application/json"})
    assert response.status_code == 422, response.text
    assert message in _messages(response)
    await _unchanged(api, client, view)


async def test_limits_come_from_settings(api: InProcessApi) -> None:
    client, view = await _session(api)
    api.runtime.settings.limits.answer_chars = 10
    body = {"interrupt_id": view["pending"]["id"], "answer": "an answer of some length"}
    response = await client.post(f"/v1/sessions/{view['id']}/resume", json=body)
    assert response.status_code == 422 and "the limit is 10" in _messages(response)
