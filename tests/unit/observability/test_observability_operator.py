"""Traces an operator can read: each human decision an event on the run that receives it, root spans that say what
a run was given and where it stopped, HTTP server spans linked to the runs they start (on the app's own provider,
never the global one), and metrics exported only where a metrics endpoint is configured."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from agents.deps import AgentDeps
from agents.engines import build_deps
from evals.personas import PERSONAS
from graphs.coaching import AGENT_NODES, make_graph
from graphs.driver import pending_interrupt
from graphs.serde import make_serde
from knowledge.base import KnowledgeBase
from observability.deferred import SwitchableTracerProvider
from observability.tracing import build_tracer_provider, metrics_endpoint, run_span, tracer_for
from sessions import observer as observer_module
from settings import Settings
from tests.apitest.inprocess import running_api
from tests.support.fake_chat import ScriptedChatModel

SCRIPT = PERSONAS["manual_qa"][2]


class TracedThread:
    """The coaching graph, each run under its own root span, exported in memory."""

    def __init__(self, deps: AgentDeps) -> None:
        self.spans = InMemorySpanExporter()
        self.provider = build_tracer_provider(Settings(otlp_endpoint=None), extra_exporters=[self.spans], environ={})
        self.graph = make_graph(InMemorySaver(serde=make_serde()))
        self.deps = deps

    def run(self, value: Any) -> dict[str, Any] | None:
        with run_span(tracer_for(self.provider), session_id="s-1") as handle:
            handler = handle.callback_handler(agent_nodes=AGENT_NODES)
            result = self.graph.invoke(value, {"configurable": {"thread_id": "s-1"}, "callbacks": [handler]},
                                       context=self.deps)
        return pending_interrupt(result)

    def last_decision(self) -> dict[str, Any]:
        root = [s for s in self.spans.get_finished_spans() if s.name == "invoke_workflow coaching"][-1]
        events = [e for e in root.events if e.name == "coach.hitl.decision"]
        assert len(events) == 1, [e.name for e in root.events]
        return dict(events[0].attributes or {})


@pytest.fixture
def thread(kb: KnowledgeBase) -> Iterator[TracedThread]:
    traced = TracedThread(build_deps(Settings(), kb))
    yield traced
    traced.provider.shutdown()


def _to_plan_review(thread: TracedThread) -> dict[str, Any]:
    payload = thread.run({})
    while payload is not None and payload["kind"] in ("question", "profile_review"):
        payload = thread.run(Command(resume={"action": "approve"} if payload["kind"] == "profile_review" else
                                     SCRIPT.answer_for(payload["field"], payload["attempt"])))
    assert payload is not None and payload["kind"] == "assessment_review"
    payload = thread.run(Command(resume=[{"type": "accept", "args": None}]))
    assert payload is not None and payload["kind"] == "plan_review"
    return payload


def test_each_decision_is_an_event_on_the_run_that_receives_it(thread: TracedThread) -> None:
    first = thread.run({})
    assert first is not None
    thread.run(Command(resume=["not an answer"]))
    refused = thread.last_decision()
    assert refused["coach.decision.action"] == "invalid" and "not a list" in str(refused["coach.decision.error"])
    _to_plan_review(thread)
    accepted = thread.last_decision()
    assert (accepted["coach.interrupt.kind"], accepted["coach.decision.action"], accepted["coach.decision.shape"]) == (
        "assessment_review", "approve", "agent_inbox")

    thread.run(Command(resume={"decisions": [{"type": "reject", "message": "Less time, please"}]}))
    rejected = thread.last_decision()
    assert rejected["coach.decision.action"] == "reject" and rejected["coach.decision.shape"] == "hitl"
    assert rejected["coach.decision.feedback_chars"] == len("Less time, please")

    payload = thread.graph.get_state({"configurable": {"thread_id": "s-1"}}).tasks[0].interrupts[0].value
    stages = payload["draft"]["stages"]
    stages[0]["actions"][0]["why"] = "You are guaranteed a promotion within 90 days."
    shown = thread.run(Command(resume={"action": "edit", "edits": {"stages": stages}}))
    edited = thread.last_decision()
    assert edited["coach.decision.edit_verdict"] == "revise" and edited["coach.decision.edited_fields"] == ("stages",)
    assert shown is not None and shown["review"]["verdict"] == "revise"

    assert thread.run(Command(resume={"action": "approve", "acknowledge": True})) is None
    approved = thread.last_decision()
    assert approved["coach.decision.acknowledged"] is True
    assert any(issue.startswith("guarantees@") for issue in approved["coach.decision.acknowledged_issues"])


def _spans_of(provider_spans: InMemorySpanExporter, kind: SpanKind) -> list[ReadableSpan]:
    return [span for span in provider_spans.get_finished_spans() if span.kind == kind]


async def test_http_server_spans_link_to_the_runs_they_start(
    settings: Settings, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    memory = InMemorySpanExporter()
    real = observer_module.build_tracer_provider

    def with_memory(settings: Settings, engine: Any = None) -> TracerProvider:
        return real(settings, engine, [memory])

    monkeypatch.setattr(observer_module, "build_tracer_provider", with_memory)
    global_provider = trace.get_tracer_provider()
    async with running_api(settings, kb=kb) as api:
        _, client = await api.user()
        view = (await client.post("/v1/sessions")).json()
        await client.get(f"/v1/sessions/{view['id']}")
    servers = _spans_of(memory, SpanKind.SERVER)
    assert {s.name for s in servers} >= {"POST /v1/sessions", "GET /v1/sessions/{session_id}"}
    started = next(s for s in servers if s.name == "POST /v1/sessions")
    root = next(s for s in memory.get_finished_spans() if s.name == "invoke_workflow coaching")
    assert [link.context.span_id for link in started.links] == [root.context.span_id]
    assert started.context.span_id in [link.context.span_id for link in root.links]
    assert root.attributes is not None and root.attributes["input.value"] == "start the session"
    assert str(root.attributes["output.value"]).startswith("question i1-question")
    assert trace.get_tracer_provider() is global_provider, "the global provider is never set"


def test_a_switchable_provider_records_nothing_until_a_provider_is_plugged_in() -> None:
    switchable = SwitchableTracerProvider()
    tracer = switchable.get_tracer("t")
    assert not tracer.start_span("before").is_recording()
    memory = InMemorySpanExporter()
    provider = build_tracer_provider(Settings(otlp_endpoint=None), extra_exporters=[memory], environ={})
    switchable.use(provider)
    with tracer.start_as_current_span("during"):
        pass
    switchable.use(None)
    assert not tracer.start_span("after").is_recording()
    assert [s.name for s in memory.get_finished_spans()] == ["during"]


@pytest.mark.parametrize(("setting", "environ", "expected"), [
    (None, {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://phoenix:6006"}, None),
    (None, {"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT": "http://collector:4318/v1/metrics"},
     "http://collector:4318/v1/metrics"),
    ("http://mine:4318/v1/metrics", {"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT": "http://other"},
     "http://mine:4318/v1/metrics"),
])
def test_metrics_go_only_to_a_metrics_endpoint(setting: str | None, environ: dict[str, str],
                                               expected: str | None) -> None:
    settings = Settings(otlp_endpoint="http://phoenix:6006", otlp_metrics_endpoint=setting)
    assert metrics_endpoint(settings, environ) == expected


def test_the_interview_span_says_which_reading_rules_fired(thread: TracedThread) -> None:
    first = thread.run({})
    assert first is not None and first["field"] == "current_role"
    thread.run(Command(resume="im a nurse, wait no, a midwife. i work 37 hours a week"))
    events = [e for s in thread.spans.get_finished_spans() if s.name == "invoke_agent assessor"
              for e in s.events if e.name == "coach.reading"]
    assert len(events) == 1, [s.name for s in thread.spans.get_finished_spans()]
    reading = dict(events[0].attributes or {})
    assert reading["coach.reading.field"] == "current_role" and reading["coach.reading.answered"] is True
    assert "correction.wait" in reading["coach.reading.rules"]
    assert "current_role" in reading["coach.reading.replaces"]
    assert not any("midwife" in str(v) for v in reading.values()), "names of rules and fields, never the answer"


@pytest.mark.parametrize(("reply", "model", "by_model"), [
    ('{"answered": true, "updates": {"current_role": "mid', "unusable", ()),
    ({"answered": False}, "nothing_new", ()),
    ({"answered": True, "updates": {"skills": ["triage"]}}, "added", ("skills",)),
])
def test_the_reading_event_says_what_a_chat_model_added_or_that_its_reply_was_unusable(
        kb: KnowledgeBase, reply: Any, model: str, by_model: tuple[str, ...]) -> None:
    chat = ScriptedChatModel(responder=lambda schema, _: reply)
    traced = TracedThread(build_deps(Settings(engine="llm"), kb, model=chat))
    first = traced.run({})
    assert first is not None and first["field"] == "current_role"
    traced.run(Command(resume="i'm a midwife on a labour ward"))
    events = [e for s in traced.spans.get_finished_spans() if s.name == "invoke_agent assessor"
              for e in s.events if e.name == "coach.reading"]
    reading = dict(events[-1].attributes or {})
    assert reading["coach.reading.answered"] is True, "the rules' reading stands whatever the model replied"
    assert reading["coach.reading.model"] == model
    assert reading["coach.reading.by_model"] == by_model
