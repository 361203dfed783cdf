"""The embedded llama.cpp server with SmolLM2-135M-Instruct, driven through ChatOpenAI (needs the ``local`` extra)."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import pytest
from langchain_core.messages import AIMessage
from langchain_openai import ChatOpenAI
from pydantic import BaseModel, Field

import localmodel.server
from localmodel import (
    MODEL_NAME,
    LocalModelServer,
    LocalModelServerError,
    LocalModelUnavailable,
    free_port,
    locate_model,
    require_server,
)

pytestmark = [pytest.mark.integration, pytest.mark.local_llm]


class Role(BaseModel):
    """Every string and list is bounded: unbounded, a 135M model rambles until max_tokens (LengthFinishReasonError)."""

    title: str = Field(max_length=40)
    seniority: str = Field(pattern="^(junior|mid|senior)$")
    years_experience: int = Field(ge=0, le=40)
    skills: list[Annotated[str, Field(max_length=30)]] = Field(min_length=1, max_length=3)


@pytest.fixture(scope="module")
def model_path() -> Path:
    try:
        require_server()
        return locate_model()
    except LocalModelUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI installs the local model extra (make test), yet it is unavailable: {exc}")
        pytest.skip(f"local model extra not installed: {exc}")


@pytest.fixture(scope="module")
def server(model_path: Path) -> Iterator[LocalModelServer]:
    with LocalModelServer(model_path=model_path) as running:
        yield running


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _llm(server: LocalModelServer, max_tokens: int = 160) -> ChatOpenAI:
    return ChatOpenAI(
        base_url=server.base_url, api_key="local", model=server.model, max_tokens=max_tokens, temperature=0, timeout=60
    )


def test_structured_output_is_schema_valid(server: LocalModelServer) -> None:
    assert server.model == MODEL_NAME
    assert server.base_url.startswith("http://127.0.0.1:")
    structured = _llm(server).with_structured_output(Role, method="json_schema", include_raw=True)
    result = structured.invoke("Describe a junior accountant role as JSON.")
    assert result["parsing_error"] is None
    role = result["parsed"]
    assert isinstance(role, Role)
    assert Role.model_validate(role.model_dump()) == role
    raw = result["raw"]
    assert isinstance(raw, AIMessage)
    assert raw.usage_metadata is not None
    assert raw.usage_metadata["output_tokens"] > 0


def test_plain_chat(server: LocalModelServer) -> None:
    reply = _llm(server, max_tokens=24).invoke("Say hello.")
    assert isinstance(reply.content, str)
    assert reply.content.strip()
    assert reply.response_metadata["model_name"] == MODEL_NAME


def test_start_stop_lifecycle(model_path: Path) -> None:
    server = LocalModelServer(model_path=model_path, startup_timeout_s=60)
    with pytest.raises(RuntimeError):
        _ = server.base_url
    started = time.monotonic()
    server.start()
    try:
        pid = server.pid
        assert pid is not None
        assert server.running
        assert _pid_alive(pid)
        assert time.monotonic() - started < 60
        reply = _llm(server, max_tokens=8).invoke("Hi")
        assert isinstance(reply, AIMessage)
    finally:
        server.stop()
    assert not server.running
    assert not _pid_alive(pid)  # reaped by stop(), not a zombie
    server.stop()  # idempotent


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_a_port_in_use_fails_with_the_servers_own_words(model_path: Path, taken_port: int) -> None:
    server = LocalModelServer(model_path=model_path, port=taken_port)
    with pytest.raises(LocalModelServerError, match="couldn't bind"):
        server.start()
    assert server.pid is None and not server.running


def test_a_lost_port_race_is_retried_on_another_port(
    model_path: Path, taken_port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    ports = iter([taken_port, free_port()])
    monkeypatch.setattr(localmodel.server, "free_port", lambda: next(ports))
    with LocalModelServer(model_path=model_path) as server:
        assert server.port != taken_port
        assert _llm(server, max_tokens=4).invoke("Hi").content is not None


@pytest.mark.usefixtures("model_path")  # skips (or fails under CI) without the extra, like the others
def test_a_model_that_cannot_load_fails_with_the_servers_output(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"not a model")
    with pytest.raises(LocalModelServerError, match="exit code 1") as caught:
        LocalModelServer(model_path=broken).start()
    assert "failed to load model" in str(caught.value)
