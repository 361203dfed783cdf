"""Driving a session from a script (answers by profile field, then review decisions): the CLI and tests use it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command
from pydantic import BaseModel, Field

from agents.deps import AgentDeps

MAX_STEPS = 60


class SessionScript(BaseModel):
    """Answers keyed by the profile field a question fills (a list is used in order on re-asks)."""

    answers: dict[str, str | list[str]] = Field(default_factory=dict)
    default_answer: str = Field(default="done", description="For a field the script does not cover.")
    decisions: list[dict[str, Any]] = Field(default_factory=list, description="Review resumes, in order.")

    def answer_for(self, field: str, attempt: int) -> str:
        value = self.answers.get(field, self.default_answer)
        if isinstance(value, list):
            return value[min(attempt - 1, len(value) - 1)] if value else self.default_answer
        return value


def pending_interrupt(result: Mapping[str, Any]) -> dict[str, Any] | None:
    """The interrupt payload an `invoke` stopped at, if any."""
    interrupts = result.get("__interrupt__") or ()
    return dict(interrupts[0].value) if interrupts else None


def run_script(
    graph: CompiledStateGraph[Any, Any, Any, Any],
    config: RunnableConfig,
    deps: AgentDeps,
    script: SessionScript,
    on_pause: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Run a session to its end: answer questions from the script, then apply its decisions in order.

    Runs out of decisions -> approves. Returns the final state values.
    """
    result: dict[str, Any] = graph.invoke({}, config, context=deps)
    decisions = list(script.decisions)
    for _ in range(MAX_STEPS):
        payload = pending_interrupt(result)
        if payload is None:
            return result
        if on_pause:
            on_pause(payload)
        if payload["kind"] == "question":
            resume: dict[str, Any] = {"answer": script.answer_for(payload["field"], payload["attempt"])}
        else:
            resume = decisions.pop(0) if decisions else {"action": "approve"}
        result = graph.invoke(Command(resume=resume), config, context=deps)
    raise RuntimeError(f"the session did not finish within {MAX_STEPS} steps")
