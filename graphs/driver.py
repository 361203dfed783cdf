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
    decisions: list[dict[str, Any]] = Field(
        default_factory=list, description="Assessment and plan review resumes, in order.")
    confirm: list[dict[str, Any]] = Field(
        default_factory=list, description="The person's resumes at the profile review, in order (then: approve).")

    def answer_for(self, field: str, attempt: int) -> str:
        value = self.answers.get(field, self.default_answer)
        if isinstance(value, list):
            return value[min(attempt - 1, len(value) - 1)] if value else self.default_answer
        return value


class ScriptedReviews:
    """A script's review decisions, consumed in order: the person's at the profile review, the coach's at the others;
    approval once a list runs out."""

    def __init__(self, script: SessionScript) -> None:
        self.confirm = list(script.confirm)
        self.decisions = list(script.decisions)

    def next(self, kind: str) -> dict[str, Any]:
        pool = self.confirm if kind == "profile_review" else self.decisions
        return pool.pop(0) if pool else {"action": "approve"}


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
    reviews = ScriptedReviews(script)
    for _ in range(MAX_STEPS):
        payload = pending_interrupt(result)
        if payload is None:
            return result
        if on_pause:
            on_pause(payload)
        if payload["kind"] == "question":
            resume: dict[str, Any] = {"answer": script.answer_for(payload["field"], payload["attempt"])}
        else:
            resume = reviews.next(payload["kind"])
        result = graph.invoke(Command(resume=resume), config, context=deps)
    raise RuntimeError(f"the session did not finish within {MAX_STEPS} steps")
