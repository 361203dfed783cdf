"""Interrupt/resume round trips on real checkpointers (SQLite, PostgreSQL), and a graph rebuilt mid-session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from langgraph.types import Command

from agents.deps import AgentDeps
from agents.engines import build_deps
from evals.personas import PERSONAS
from graphs.coaching import make_graph
from graphs.driver import pending_interrupt
from graphs.serde import make_serde
from knowledge.base import KnowledgeBase
from settings import Settings
from tests.support.postgres import temporary_database

Saver = Callable[[], AbstractAsyncContextManager[BaseCheckpointSaver[Any]]]


@asynccontextmanager
async def sqlite_saver(path: Path) -> AsyncIterator[BaseCheckpointSaver[Any]]:
    async with AsyncSqliteSaver.from_conn_string(str(path)) as saver:
        saver.serde = make_serde()
        await saver.setup()
        yield saver


@asynccontextmanager
async def postgres_saver(url: str) -> AsyncIterator[BaseCheckpointSaver[Any]]:
    async with AsyncPostgresSaver.from_conn_string(url, serde=make_serde()) as saver:
        await saver.setup()
        yield saver


async def _answer_until_review(graph: Any, config: dict[str, Any], deps: AgentDeps) -> dict[str, Any]:
    script = PERSONAS["manual_qa"][2]
    result = await graph.ainvoke({}, config, context=deps)
    while (payload := pending_interrupt(result)) and payload["kind"] in ("question", "profile_review"):
        resume = {"action": "approve"} if payload["kind"] == "profile_review" else {
            "answer": script.answer_for(payload["field"], payload["attempt"])}
        result = await graph.ainvoke(Command(resume=resume), config, context=deps)
    assert payload is not None
    return payload


async def _round_trip(saver_factory: Saver, kb: KnowledgeBase) -> None:
    deps = build_deps(Settings(), kb)
    config: dict[str, Any] = {"configurable": {"thread_id": "round-trip"}}
    async with saver_factory() as saver:
        graph = make_graph(saver)
        payload = await _answer_until_review(graph, config, deps)
        assert payload["kind"] == "assessment_review" and set(payload["allowed"]) == {"approve", "edit", "reject"}
        snapshot = await graph.aget_state(config)
        assert snapshot.next == ("assessment_review",)
        assert snapshot.values["profile"].matched_role == "role.qa-ai-quality"
    # A new process: a new saver on the same store, a new graph object. It continues where it paused.
    async with saver_factory() as saver:
        graph = make_graph(saver)
        snapshot = await graph.aget_state(config)
        assert snapshot.tasks[0].interrupts[0].value["id"] == payload["id"]
        result = await graph.ainvoke(Command(resume={"action": "approve"}), config, context=deps)
        plan_payload = pending_interrupt(result)
        assert plan_payload is not None and plan_payload["kind"] == "plan_review"
        assert plan_payload["review"]["verdict"] == "pass"
        final = await graph.ainvoke(Command(resume={"action": "approve"}), config, context=deps)
        assert final["phase"] == "completed" and pending_interrupt(final) is None
        history = [s async for s in graph.aget_state_history(config)]
        assert len(history) > 10


async def test_round_trip_on_sqlite(tmp_path: Path, kb: KnowledgeBase) -> None:
    await _round_trip(lambda: sqlite_saver(tmp_path / "checkpoints.db"), kb)


@pytest.mark.postgres
async def test_round_trip_on_postgres(kb: KnowledgeBase) -> None:
    with temporary_database() as url:
        await _round_trip(lambda: postgres_saver(url), kb)


async def test_resume_reruns_only_the_interrupted_node(tmp_path: Path, kb: KnowledgeBase) -> None:
    """Answering a question re-runs `ask` from its top (it only reads state), and nothing is applied twice."""
    deps = build_deps(Settings(), kb)
    config: dict[str, Any] = {"configurable": {"thread_id": "once"}}
    async with sqlite_saver(tmp_path / "c.db") as saver:
        graph = make_graph(saver)
        first = pending_interrupt(await graph.ainvoke({}, config, context=deps))
        assert first is not None
        second = pending_interrupt(await graph.ainvoke(Command(resume={"answer": "QA lead, 10 years"}), config,
                                                       context=deps))
        assert second is not None and second["id"] != first["id"]
        state = (await graph.aget_state(config)).values
        assert len(state["transcript"]) == 1 and state["interrupts"] == 1
