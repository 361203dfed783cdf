"""A graph thread on an in-memory checkpointer (and, for sessions that remember, a memory store), advanced by hand:
what graph tests drive."""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.store.base import BaseStore
from langgraph.types import Command

from agents.deps import AgentDeps
from graphs.coaching import make_graph
from graphs.driver import SessionScript, pending_interrupt
from graphs.serde import make_serde


class GraphThread:
    def __init__(self, deps: AgentDeps, script: SessionScript, thread_id: str = "t",
                 store: BaseStore | None = None) -> None:
        self.graph = make_graph(InMemorySaver(serde=make_serde()), store)
        self.deps = deps
        self.script = script
        self.config: dict[str, Any] = {"configurable": {"thread_id": thread_id}}

    def run(self, value: Any) -> dict[str, Any] | None:
        return pending_interrupt(self.graph.invoke(value, self.config, context=self.deps))

    def answer_until(self, kind: str, answers: dict[str, Any] | None = None) -> dict[str, Any]:
        """Start, answer every question from the script (or `answers`, by field) and confirm the profile, until an
        interrupt of `kind` is pending."""
        payload = self.run({})
        while payload is not None and payload["kind"] != kind and payload["kind"] in ("question", "profile_review"):
            if payload["kind"] == "profile_review":
                resume: Any = {"action": "approve"}
            else:
                resume = {"answer": (answers or {}).get(payload["field"])
                          or self.script.answer_for(payload["field"], payload["attempt"])}
            payload = self.run(Command(resume=resume))
        assert payload is not None and payload["kind"] == kind, payload
        return payload

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.graph.get_state(self.config).values)


def typed(text: str, message_id: str) -> dict[str, Any]:
    """What Agent Chat UI's composer sends as a run's input: a human message, its text in content blocks."""
    return {"messages": [{"id": message_id, "type": "human", "content": [{"type": "text", "text": text}]}]}
