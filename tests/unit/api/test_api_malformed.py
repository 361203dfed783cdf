"""Malformed input is a 4xx, always: bodies no handler can use (or FastAPI's own handler could not even echo back)
are refused with a 422 that encodes, and a property-based fuzz of the create and resume bodies finds no 5xx."""

from __future__ import annotations

import json
import math
import os
from typing import Any

import httpx
import pytest

from api.bodies import body_problems, is_json, nesting_depth
from api.errors import _validation_response, validation_issues
from evals.malformed import fuzz, in_process
from knowledge.base import KnowledgeBase
from sessions.tables import DecisionRecord
from settings import Settings
from tests.apitest.inprocess import InProcessApi

FUZZ_EXAMPLES = int(os.environ.get("COACH_FUZZ_EXAMPLES", "60"))

# (raw body, what the 422 says, where)
MALFORMED: list[tuple[bytes, str, list[Any]]] = [
    # The two 500s of the hardening report: FastAPI's default handler cannot encode these when it echoes them.
    (b'{"interrupt_id":"i1-question","answer":"x","\\udc00":1}', "a key of the request body is not valid Unicode",
     ["body", "<key>"]),
    (b'{"interrupt_id":1e400,"answer":"x"}', "interrupt_id is a number too large to represent",
     ["body", "interrupt_id"]),
    (b'{"interrupt_id":NaN,"answer":"x"}', "interrupt_id is NaN, which is not a JSON number", ["body", "interrupt_id"]),
    (b'{"interrupt_id":"i1-question","answer":-Infinity}', "answer is -Infinity", ["body", "answer"]),
    (b'{"interrupt_id":"i1-question","action":"edit","edits":{"hours":[1, 2, 1e999]}}',
     "edits.hours.2 is a number too large", ["body", "edits", "hours", 2]),
    (b'{"interrupt_id":"i1-question","answer":"x","edits":{"\\ud800":1}}', "a key of edits is not valid Unicode",
     ["body", "edits", "<key>"]),
    (b'{"interrupt_id":"i1-question","answer":"a\\udfffb"}', "answer is not valid Unicode", ["body", "answer"]),
    # A string holding the separator the surrogate search joins strings with (NUL) must not shift the count.
    (b'{"\\u0000":null,"\\uda00":null}', "a key of the request body is not valid Unicode", ["body", "<key>"]),
    (b'{"edits":["a\\u0000b","\\u0000","ok","\\udc01"]}', "edits.3 is not valid Unicode", ["body", "edits", 3]),
    (b'{"interrupt_id":' + b"9" * 5000 + b',"answer":"x"}', "interrupt_id is an integer outside the 64-bit range",
     ["body", "interrupt_id"]),
    (b'{"interrupt_id":"i1-question","edits":{"n":9223372036854775808}}', "edits.n is an integer outside",
     ["body", "edits", "n"]),
    (b"[" * 10_000 + b"]" * 10_000, "the request body nests 10000 levels deep; the limit is 32", ["body"]),
    (b'{"edits":' + b'{"a":' * 40 + b"1" + b"}" * 40 + b"}", "nests 41 levels deep", ["body"]),
    (b"[" + b"[]," * 20_000 + b"[]]", "arrays and objects; the limit is 10000", ["body"]),
]


async def _session(api: InProcessApi) -> tuple[httpx.AsyncClient, dict[str, Any]]:
    _, owner = await api.user()
    return owner, (await owner.post("/v1/sessions")).json()


@pytest.mark.parametrize(("raw", "message", "loc"), MALFORMED)
async def test_malformed_bodies_are_a_clear_422(api: InProcessApi, raw: bytes, message: str, loc: list[Any]) -> None:
    client, view = await _session(api)
    for path in (f"/v1/sessions/{view['id']}/resume", "/v1/sessions"):
        response = await client.post(path, content=raw, headers={"content-type": "application/json"})
        assert response.status_code == 422, response.text
        body = json.loads(response.content.decode("utf-8"))  # strict UTF-8: nothing unencodable came back
        assert body["code"] == "invalid_input"
        assert message in body["detail"][0]["msg"] and body["detail"][0]["loc"] == loc
    after = (await client.get(f"/v1/sessions/{view['id']}")).json()
    assert (after["version"], after["pending"]) == (view["version"], view["pending"])
    async with api.runtime.database.sessions() as db:
        assert (await db.get(DecisionRecord, 1)) is None
    assert len((await client.get("/v1/sessions")).json()) == 1  # no session was started by a refused body


async def test_json_that_is_fine_passes_the_checks(api: InProcessApi) -> None:
    client, view = await _session(api)
    body = {"interrupt_id": view["pending"]["id"], "answer": "QA tester 😀 [six years] {fintech} \"quoted\""}
    response = await client.post(f"/v1/sessions/{view['id']}/resume", json=body)
    assert response.status_code == 200, response.text
    assert (await client.post("/v1/sessions")).status_code == 201  # create's body is optional
    assert (await client.post("/v1/sessions", json={})).status_code == 201
    refused = await client.post("/v1/sessions", content=b"not json", headers={"content-type": "text/plain"})
    assert refused.status_code == 422, refused.text  # its body, when there is one, is JSON


def test_nesting_is_measured_without_parsing() -> None:
    assert nesting_depth(b'{"a": [1, {"b": "[[[[{{{{"}], "c": "\\"]]]"}') == 3
    assert nesting_depth(b"[" * 100_000) == 100_000
    assert nesting_depth(b'"[[[') == 0 or nesting_depth(b'"[[[') == 3  # unterminated: any answer, no error
    assert body_problems(b'{"a": [[[["deep enough"]]]]}', max_depth=5) == []
    assert body_problems(b"{not json", max_depth=5) == []  # FastAPI reports malformed JSON, with its position


@pytest.mark.parametrize(("content_type", "expected"), [
    (None, True), ("application/json", True), ("Application/JSON; charset=utf-8", True),
    ("application/merge-patch+json", True), ("text/plain", False), ("application/jsonx", False), ("", True)])
def test_which_bodies_are_json(content_type: str | None, expected: bool) -> None:
    assert is_json(content_type) is expected


def test_validation_issues_always_encode() -> None:
    errors = [{"type": "x\udc00", "loc": ("body", "\ud800", 3, True), "msg": "bad \udfff " + "m" * 900,
               "input": math.inf, "ctx": {"error": ValueError("\udc00")}}, "not a dict"]
    issues = validation_issues(errors)
    json.dumps(issues, allow_nan=False).encode("utf-8")
    assert issues[0]["loc"] == ["body", "\ufffd", 3, "True"] and len(issues[0]["msg"]) == 500
    assert "input" not in issues[0]
    response = _validation_response(errors)
    assert response.status_code == 422 and json.loads(response.body)["code"] == "invalid_input"


def test_fuzzed_create_and_resume_bodies_get_no_5xx(settings: Settings, kb: KnowledgeBase) -> None:
    """Hypothesis sends odd bodies, content types, keys and ids to create and resume (COACH_FUZZ_EXAMPLES of
    them; `bench/fuzz.py` sends many more). Not one answer is a server error."""
    with in_process(settings, kb=kb) as target:
        run = fuzz(target, examples=FUZZ_EXAMPLES, seed=0)
    assert run.failure is None, run.failure
    assert run.server_errors == 0 and run.requests >= FUZZ_EXAMPLES // 2
    assert run.statuses[422] > 0


@pytest.mark.parametrize("items", [
    ["1", "2", "1e400", "3", "NaN"],
    ["1", "99999999999999999999999", "3", "-Infinity", "1e-400", "12345678901234567890"],
    ["-1e400", "0.5", "1E+999"],
])
def test_a_flat_array_of_numbers_is_refused_where_a_nested_one_would_be(items: list[str]) -> None:
    """The bytes-only reading of a flat array of numbers names the same places as the parse of the same numbers one
    level down."""
    flat = body_problems(f"[{', '.join(items)}]".encode(), max_depth=8)
    nested = body_problems(f'{{"a": [{", ".join(items)}]}}'.encode(), max_depth=8)
    assert flat and [(p["loc"][1:], p["msg"]) for p in flat] == [(p["loc"][2:], p["msg"].removeprefix("a."))
                                                                for p in nested]
