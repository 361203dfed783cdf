"""The fault-injecting OpenAI stub, driven by the real ChatOpenAI client.

These tests also pin down how the openai client counts retries: with ``max_retries=N`` a request that keeps
failing with a retryable error (429, 5xx, timeout) makes exactly N + 1 HTTP calls, and then raises. Nothing above
the client (langchain's ChatOpenAI) adds a layer of its own.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from langchain_core.messages import AIMessage
from langchain_openai import ChatOpenAI
from langchain_openai.chat_models.base import OpenAIRefusalError
from pydantic import BaseModel, ValidationError

from tests.support.openai_stub import REFUSAL_TEXT, Fault, OpenAIStub, Reply, schema_responder

CLIENT_TIMEOUT_S = 0.3


class Verdict(BaseModel):
    verdict: str
    score: int


seen: list[tuple[str, list[dict[str, Any]]]] = []


def _factory(name: str, messages: list[dict[str, Any]]) -> Verdict:
    seen.append((name, messages))
    return Verdict(verdict="ok", score=3)


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    seen.clear()
    with OpenAIStub(schema_responder(_factory), timeout_s=1.0) as server:
        yield server


def _llm(stub: OpenAIStub, max_retries: int = 2, timeout: float = CLIENT_TIMEOUT_S) -> ChatOpenAI:
    return ChatOpenAI(base_url=stub.base_url, api_key="x", model="stub-model", max_retries=max_retries, timeout=timeout)


def test_plain_completion_has_content_and_usage(stub: OpenAIStub) -> None:
    reply = _llm(stub).invoke("hello there")
    assert isinstance(reply, AIMessage)
    assert reply.content == "echo: hello there"
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["input_tokens"] > 0
    assert reply.usage_metadata["output_tokens"] > 0
    assert reply.usage_metadata["total_tokens"] == (
        reply.usage_metadata["input_tokens"] + reply.usage_metadata["output_tokens"]
    )
    assert stub.requests == 1
    assert stub.answered == 1


def test_structured_output_uses_schema_responder(stub: OpenAIStub) -> None:
    result = _llm(stub).with_structured_output(Verdict, method="json_schema").invoke("judge this")
    assert result == Verdict(verdict="ok", score=3)
    assert len(seen) == 1
    name, messages = seen[0]
    assert name == "Verdict"
    assert messages[-1] == {"role": "user", "content": "judge this"}
    body = stub.log[0].body
    assert body is not None
    assert body["response_format"]["type"] == "json_schema"


def test_rate_limit_then_success_takes_two_calls(stub: OpenAIStub) -> None:
    stub.inject(Fault.RATE_LIMIT)
    reply = _llm(stub, max_retries=2).invoke("hi")
    assert reply.content == "echo: hi"
    assert stub.requests == 2
    assert stub.fault_count(Fault.RATE_LIMIT) == 1
    assert stub.answered == 1


@pytest.mark.parametrize("max_retries", [0, 1, 3])
def test_server_error_makes_exactly_max_retries_plus_one_calls(stub: OpenAIStub, max_retries: int) -> None:
    stub.inject(*[Fault.SERVER_ERROR] * (max_retries + 1))
    with pytest.raises(openai.InternalServerError):
        _llm(stub, max_retries=max_retries).invoke("hi")
    assert stub.requests == max_retries + 1
    assert stub.fault_count(Fault.SERVER_ERROR) == max_retries + 1
    assert stub.pending_faults == 0
    # the queue is empty again: the next request is answered
    assert _llm(stub, max_retries=0).invoke("again").content == "echo: again"


def test_unavailable_is_retried_until_success(stub: OpenAIStub) -> None:
    stub.inject(Fault.UNAVAILABLE, Fault.UNAVAILABLE)
    assert _llm(stub, max_retries=2).invoke("hi").content == "echo: hi"
    assert stub.requests == 3
    assert stub.fault_count(Fault.UNAVAILABLE) == 2


def test_timeout_is_retried(stub: OpenAIStub) -> None:
    stub.inject(Fault.TIMEOUT)
    started = time.monotonic()
    assert _llm(stub, max_retries=1).invoke("hi").content == "echo: hi"
    assert stub.requests == 2
    assert stub.fault_count(Fault.TIMEOUT) == 1
    assert time.monotonic() - started >= CLIENT_TIMEOUT_S


def test_timeouts_exhaust_retries(stub: OpenAIStub) -> None:
    stub.inject(Fault.TIMEOUT, Fault.TIMEOUT)
    with pytest.raises(openai.APITimeoutError):
        _llm(stub, max_retries=1).invoke("hi")
    assert stub.requests == 2


def test_malformed_json_fails_structured_output_without_retry(stub: OpenAIStub) -> None:
    stub.inject(Fault.MALFORMED_JSON)
    with pytest.raises(ValidationError) as caught:
        _llm(stub, max_retries=2).with_structured_output(Verdict, method="json_schema").invoke("hi")
    assert caught.value.errors()[0]["type"] == "json_invalid"
    assert stub.requests == 1  # a 200 with bad content is not retried by the client


def test_refusal_raises_for_structured_output(stub: OpenAIStub) -> None:
    stub.inject(Fault.REFUSAL)
    with pytest.raises(OpenAIRefusalError, match="can't help"):
        _llm(stub).with_structured_output(Verdict, method="json_schema").invoke("hi")
    stub.inject(Fault.REFUSAL)
    plain = _llm(stub).invoke("hi")
    assert plain.additional_kwargs.get("refusal") == REFUSAL_TEXT
    assert stub.requests == 2


def test_invalid_http_body_raises(stub: OpenAIStub) -> None:
    stub.inject(Fault.INVALID_BODY)
    with pytest.raises(json.JSONDecodeError):
        _llm(stub).invoke("hi")
    assert stub.requests == 1


def test_retry_after_zero_alone_falls_back_to_client_backoff() -> None:
    """``Retry-After: 0`` is ignored by the openai client: it waits its own backoff (0.5 s less up to 25 %)."""
    with OpenAIStub(retry_after_ms=None) as stub:
        stub.inject(Fault.RATE_LIMIT)
        started = time.monotonic()
        assert _llm(stub, max_retries=1).invoke("hi").content == "echo: hi"
        elapsed = time.monotonic() - started
        assert stub.requests == 2
        assert elapsed >= 0.35
        assert stub.log[0].outcome == "rate_limit"


def test_responder_reply_object_and_counters() -> None:
    def responder(request: dict[str, Any]) -> Reply:
        return Reply(content="fixed", prompt_tokens=11, completion_tokens=7)

    with OpenAIStub(responder) as stub:
        reply = _llm(stub).invoke("anything")
        assert reply.content == "fixed"
        assert reply.usage_metadata is not None
        assert (reply.usage_metadata["input_tokens"], reply.usage_metadata["output_tokens"]) == (11, 7)
        stub.reset_counters()
        assert stub.requests == 0
        assert stub.log == []


def test_lifecycle() -> None:
    stub = OpenAIStub()
    with pytest.raises(RuntimeError):
        _ = stub.base_url
    stub.start()
    assert stub.base_url.startswith("http://127.0.0.1:")
    assert stub.base_url.endswith("/v1")
    stub.stop()
    stub.stop()  # idempotent
