"""Running the graph for a session: stream it to its next pause or end, publish progress, trace it, and say
where it stopped. The service (`sessions.service`) calls this with the session's lock held."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Durability

from agents.deps import AgentDeps
from domain.failures import Failure
from domain.interrupts import parse_pending
from knowledge.private import PrivateDocuments, private_scope
from sessions.documents import PrivateScopes
from sessions.events import EventHub, publish_task
from sessions.failures import classify
from sessions.observer import RunObservation, RunObserver
from sessions.views import GraphState, graph_state, pending_interrupts

logger = logging.getLogger(__name__)

RUN_NAME = "coaching"
# One checkpoint per run, written when the run pauses, ends or fails: a failed run keeps the steps that
# succeeded, and `retry` goes on from there. A run cut off by a crash is settled by the service.
DURABILITY: Durability = "exit"


def thread_config(session_id: str) -> RunnableConfig:
    """The config that names a session's graph thread (reads: state, history)."""
    return {"configurable": {"thread_id": session_id}}


def run_config(session_id: str, observation: RunObservation) -> RunnableConfig:
    """The config of one graph run. Callbacks come from the run's observation (tracing)."""
    return {
        "configurable": {"thread_id": session_id},
        "callbacks": list(observation.callbacks),
        "run_name": RUN_NAME,
        "metadata": {"session_id": session_id},
    }


@dataclass(frozen=True)
class RunOutcome:
    """Where a run stopped: the graph's state, the failure if it raised, the trace to link the next run to."""

    state: GraphState
    failure: Failure | None
    traceparent: str | None


REOPEN_REACH = 12
"""How many checkpoints back a failed run's answered interrupt is looked for (a run is a few steps)."""


class GraphRunner:
    """Runs a session's graph with its engines, events and tracing."""

    def __init__(self, *, graph: CompiledStateGraph[Any, Any, Any, Any], deps: AgentDeps, hub: EventHub,
                 observer: RunObserver, documents: PrivateScopes | None = None) -> None:
        self.graph = graph
        self.deps = deps
        self.hub = hub
        self.observer = observer
        self.documents = documents
        """Whose documents a run sees besides the shared ones: its session owner's (none without)."""

    async def _private(self, session_id: str, owner_id: str | None) -> PrivateDocuments | None:
        if self.documents is None:
            return None
        if owner_id is None:
            return await self.documents.for_session(session_id)
        return await self.documents.for_user(owner_id)

    async def state(self, session_id: str) -> GraphState:
        return graph_state(await self.graph.aget_state(thread_config(session_id)))

    async def asked_before(self, session_id: str, interrupt_id: str) -> RunnableConfig | None:
        """The latest checkpoint that waited on `interrupt_id`, among the last few: where a run that failed on
        that interrupt's input started from."""
        async for snapshot in self.graph.aget_state_history(thread_config(session_id), limit=REOPEN_REACH):
            if any(p.id == interrupt_id for p in pending_interrupts(snapshot)):
                return snapshot.config
        return None

    async def reopen(self, session_id: str, interrupt_id: str) -> bool:
        """Set aside the input a failed run was given: the thread goes on from a fresh copy of the checkpoint that
        waited on `interrupt_id`, without the failed run's writes, so the interrupt takes a new input (LangGraph
        would otherwise replay the same input, and fail the same way, on every retry). False when no recent
        checkpoint waited on it."""
        config = await self.asked_before(session_id, interrupt_id)
        if config is None:
            return False
        await self.graph.aupdate_state(config, None, as_node="__copy__")  # a copy: same next step, no writes
        return True

    async def run(self, session_id: str, graph_input: Any, *, version: int, resumed_from: str | None,
                  owner_id: str | None = None) -> RunOutcome:
        """Run until the graph pauses, ends or fails; a failure is classified, logged and traced, not raised.
        `owner_id`, when the caller knows it, saves reading the session's owner again."""
        failure: Failure | None = None
        state: GraphState | None = None
        private = await self._private(session_id, owner_id)
        with private_scope(private), self.hub.running(session_id), self.observer.observe(
                session_id=session_id, resumed_from=resumed_from, graph_input=graph_input) as observation:
            self.hub.publish(session_id, "run_started", {"version": version})
            try:
                state = await self._stream(session_id, graph_input, run_config(session_id, observation))
            except Exception as exc:
                logger.exception("run of session %s failed", session_id)
                observation.failed(exc)
                failure = classify(exc)
            if state is None:
                state = await self.state(session_id)
            if state.pending is not None and failure is None:
                observation.paused(state.pending.id, state.pending.kind)
            observation.stopped(state.pending if failure is None else None, state.values, failure)
            traceparent = observation.traceparent or resumed_from
        return RunOutcome(state=state, failure=failure, traceparent=traceparent)

    async def _stream(self, session_id: str, graph_input: Any, config: RunnableConfig) -> GraphState | None:
        """Run the graph, publishing node events; where it stopped, from the stream (no extra state read)."""
        values: dict[str, Any] | None = None
        interrupts: list[Any] = []
        stream = self.graph.astream(graph_input, config, context=self.deps, stream_mode=["tasks", "values"],
                                    durability=DURABILITY)
        async for mode, chunk in stream:
            if mode == "values" and isinstance(chunk, dict):
                values = {key: value for key, value in chunk.items() if key != "__interrupt__"}
            elif mode == "tasks" and isinstance(chunk, dict):
                publish_task(self.hub, session_id, chunk)
                interrupts = chunk.get("interrupts") or interrupts
        if values is None:
            return None
        pending = parse_pending(interrupts[0]["value"]) if interrupts else None
        return GraphState(values=values, pending=pending)
