"""The run's context: JSON (as LangGraph's server sends it) chooses engines, built once per distinct choice; an
`AgentDeps` passed in-process is used as it is; a context that cannot be used fails the run with a clear message."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.engines import build_deps
from domain.failures import InvalidContext
from graphs import context
from graphs.coaching import make_graph
from graphs.driver import pending_interrupt
from knowledge.base import KnowledgeBase
from settings import Settings


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "coach"))
    monkeypatch.setenv("COACH_LLM_MODEL", "from-the-environment")
    for cached in (context._settings, context._knowledge, context._deps_for):
        cached.cache_clear()
    yield
    for cached in (context._settings, context._knowledge, context._deps_for):
        cached.cache_clear()


def test_no_context_runs_on_the_environments_engines() -> None:
    assert context.resolve_deps(None).engine == "knowledge"
    assert context.resolve_deps({}) is context.resolve_deps(None), "built once per distinct context"


def test_a_json_context_chooses_the_engine_and_model() -> None:
    deps = context.resolve_deps({"engine": "llm", "model": "tiny", "base_url": "http://127.0.0.1:9/v1"})
    assert deps.engine == "llm"
    chat = deps.assessor.model  # type: ignore[attr-defined]
    assert chat.model_name == "tiny" and str(chat.openai_api_base) == "http://127.0.0.1:9/v1"
    assert context.resolve_deps({"engine": "llm"}).assessor.model.model_name == "from-the-environment"  # type: ignore[attr-defined]


@pytest.mark.parametrize("bad", [{"engine": "gpt"}, {"model": 3}, "llm"])
def test_a_context_that_cannot_be_used_says_why(bad: object) -> None:
    with pytest.raises(InvalidContext, match="context"):
        context.resolve_deps(bad)


def test_a_graph_run_with_a_json_context(kb: KnowledgeBase) -> None:
    graph = make_graph(InMemorySaver())
    payload = pending_interrupt(graph.invoke({}, {"configurable": {"thread_id": "c"}}, context={"engine": "knowledge"}))
    assert payload is not None and payload["kind"] == "question"
    in_process = build_deps(Settings(), kb)
    assert context.resolve_deps(in_process) is in_process
