"""A check-in traced like the rest: each answer a decision event on the run that receives it, the progress it
recorded an event on the run that adapted the plan (counts and hours, never the person's words), and the coach's
decision on the adapted plan an event on the run that applies it."""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.store.memory import InMemoryStore
from langgraph.types import Command
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from agents.engines import build_deps
from evals.personas import PERSONAS
from graphs.coaching import AGENT_NODES, make_graph
from graphs.driver import pending_interrupt
from graphs.serde import make_serde
from knowledge.base import KnowledgeBase
from observability.tracing import build_tracer_provider, run_span, tracer_for
from settings import Settings

SCRIPT = PERSONAS["manual_qa"][2]


def test_a_check_in_is_traced(kb: KnowledgeBase, settings: Settings) -> None:
    spans = InMemorySpanExporter()
    provider = build_tracer_provider(Settings(otlp_endpoint=None), extra_exporters=[spans], environ={})
    graph = make_graph(InMemorySaver(serde=make_serde()), InMemoryStore())
    deps = build_deps(settings, kb)

    def run(thread: str, value: Any) -> dict[str, Any] | None:
        with run_span(tracer_for(provider), session_id=thread) as handle:
            handler = handle.callback_handler(agent_nodes=AGENT_NODES)
            return pending_interrupt(graph.invoke(value, {"configurable": {"thread_id": thread},
                                                          "callbacks": [handler]}, context=deps))

    def last_root() -> Any:
        return [s for s in spans.get_finished_spans() if s.name == "invoke_workflow coaching"][-1]

    payload = run("s", {"person": "p"})
    while payload is not None:
        payload = run("s", Command(resume={"answer": SCRIPT.answer_for(payload["field"], payload["attempt"])}
                                   if payload["kind"] == "question" else {"action": "approve", "acknowledge": True}))
    payload = run("c", {"person": "p", "follows": "s"})
    answers = iter(["done, 2 hours a week", "blocked by my employer's rule on AI tools"])
    while payload is not None and payload["kind"] == "checkin":
        answer = next(answers, "not started") if payload["step"] == "action" else {"hours_per_week": 4, "rating": 1}
        payload = run("c", Command(resume={"answer": answer}))
        decision = next(e for e in last_root().events if e.name == "coach.hitl.decision")
        assert decision.attributes["coach.interrupt.kind"] == "checkin"
        assert decision.attributes["coach.decision.action"] == "answer"
    assert payload is not None and payload["kind"] == "plan_review"
    root = last_root()
    [progress] = [e for e in root.events if e.name == "coach.checkin.progress"]
    attributes = dict(progress.attributes or {})
    assert attributes["coach.checkin.follows"] == "s" and attributes["coach.checkin.stage"] == "survive"
    assert list(attributes["coach.checkin.statuses"]) == ["done", "blocked"]  # type: ignore[arg-type]
    assert attributes["coach.checkin.hours_reported"] == 2 and attributes["coach.checkin.rating"] == 1
    assert "employer" not in str(attributes)  # the person's words stay out of the trace
    assert any(s.name == "invoke_agent planner" for s in spans.get_finished_spans())
    assert run("c", Command(resume={"action": "approve", "acknowledge": True})) is None
    decided = next(e for e in last_root().events if e.name == "coach.hitl.decision")
    assert decided.attributes["coach.interrupt.kind"] == "plan_review"
    provider.shutdown()
