"""The callback handler on a real (tiny) LangGraph run: span tree, attributes, pause/resume, metrics, redaction."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypedDict
from uuid import uuid4

import pytest
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.language_models import LangSmithParams
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, interrupt
from opentelemetry.sdk.metrics.export import HistogramDataPoint, InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanContext, SpanKind, StatusCode
from sqlalchemy import create_engine
from sqlmodel import Session, select

from observability.callbacks import TracingCallbackHandler
from observability.events import now_ns, report_guards
from observability.metrics import GenAIMetrics
from observability.store import SpanRecord, create_span_tables
from observability.tracing import build_meter_provider, build_tracer_provider, run_span, tracer_for
from settings import DEFAULT_PRICES, Settings

AGENT_NODES = {"interview": "assessor", "plan": "planner", "review": "reviewer"}
SESSION = "session-7"
EMAIL = "canary.person@example.org"
PHONE = "+1 415 555 0199"
CONTENT_KEYS = (
    "gen_ai.input.messages",
    "gen_ai.output.messages",
    "input.value",
    "output.value",
    "coach.retrieval.query",
    "gen_ai.retrieval.query.text",
)


class OpenAILikeChatModel(FakeMessagesListChatModel):
    """A fake chat model that reports itself the way ChatOpenAI does."""

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        params = super()._get_ls_params(stop=stop, **kwargs)
        params["ls_provider"] = "openai"
        params["ls_model_name"] = "gpt-4o-mini"
        return params


class ListRetriever(BaseRetriever):
    documents: list[Document]

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return self.documents[:2]


class State(TypedDict, total=False):
    answer: str
    plan: str
    failures: list[str]


def reply(text: str = "Survive, adapt, lead.") -> AIMessage:
    return AIMessage(
        text,
        usage_metadata={"input_tokens": 1200, "output_tokens": 300, "total_tokens": 1500},
        response_metadata={"model_name": "gpt-4o-mini-2024-07-18", "finish_reason": "stop"},
    )


def build_graph(model: FakeMessagesListChatModel) -> CompiledStateGraph[Any, Any, Any, Any]:
    retriever = ListRetriever(
        documents=[
            Document("survive: automate the routine", metadata={"id": "p1", "score": 0.9}),
            Document("adapt: add a technical skill", metadata={"id": "p2"}),
            Document("lead: own the new risks", metadata={"id": "p3"}),
        ],
        metadata={"k": 2},
    )

    def intake(state: State) -> State:
        return {}

    def interview(state: State) -> State:
        answer = interrupt({"id": "q-1", "kind": "question", "prompt": "What do you do?", "field": "role"})
        return {"answer": answer["answer"]}

    def plan(state: State, config: RunnableConfig) -> State:
        retriever.invoke(state["answer"], config)
        message = model.invoke([SystemMessage("You are a coach."), HumanMessage(state["answer"])], config)
        return {"plan": message.text}

    def review(state: State, config: RunnableConfig) -> State:
        failures = ["stage lead missing"]
        report_guards(subject="plan", checks=["citations", "stages"], failures=failures, started_ns=now_ns())
        return {"failures": failures}

    builder = StateGraph(State)
    builder.add_node("intake", intake)
    builder.add_node("interview", interview)
    builder.add_node("plan", plan)
    builder.add_node("review", review)
    builder.add_edge(START, "intake")
    builder.add_edge("intake", "interview")
    builder.add_edge("interview", "plan")
    builder.add_edge("plan", "review")
    builder.add_edge("review", END)
    return builder.compile(checkpointer=InMemorySaver())


class Harness:
    """Providers, exporters and the graph for one test."""

    def __init__(self, *, capture_content: bool, engine_path: Path | None = None) -> None:
        self.settings = Settings(capture_content=capture_content, otlp_endpoint=None)
        self.spans = InMemorySpanExporter()
        self.engine = create_engine(f"sqlite:///{engine_path}") if engine_path else None
        if self.engine is not None:
            create_span_tables(self.engine)
        self.provider: TracerProvider = build_tracer_provider(
            self.settings, engine=self.engine, extra_exporters=[self.spans], environ={}
        )
        self.reader = InMemoryMetricReader()
        self.metrics = GenAIMetrics.from_meter_provider(
            build_meter_provider(self.settings, readers=[self.reader], environ={})
        )
        self.tracer = tracer_for(self.provider)
        self.graph = build_graph(OpenAILikeChatModel(responses=[reply()]))

    def run(self, graph_input: Any, *, resumed_from: SpanContext | None = None) -> tuple[dict[str, Any], SpanContext]:
        config: RunnableConfig = {"configurable": {"thread_id": SESSION}}
        with run_span(self.tracer, session_id=SESSION, resumed_from=resumed_from) as run:
            handler = run.callback_handler(
                agent_nodes=AGENT_NODES,
                capture_content=self.settings.capture_content,
                prices=self.settings.prices,
                metrics=self.metrics,
            )
            result = self.graph.invoke(graph_input, {**config, "callbacks": [handler]})
            run.paused_on(result.get("__interrupt__", ()))
        return result, run.span_context

    def both_runs(self, answer: str) -> tuple[SpanContext, SpanContext]:
        first, paused_at = self.run({"answer": ""})
        assert first["__interrupt__"][0].value["kind"] == "question"
        second, resumed_at = self.run(Command(resume={"answer": answer}), resumed_from=paused_at)
        assert second["plan"] == "Survive, adapt, lead."
        return paused_at, resumed_at


@pytest.fixture
def harness() -> Iterator[Harness]:
    h = Harness(capture_content=False)
    yield h
    h.provider.shutdown()


def by_name(spans: tuple[ReadableSpan, ...] | list[ReadableSpan], name: str) -> list[ReadableSpan]:
    return [span for span in spans if span.name == name]


def one(spans: tuple[ReadableSpan, ...] | list[ReadableSpan], name: str) -> ReadableSpan:
    found = by_name(spans, name)
    assert len(found) == 1, [span.name for span in spans]
    return found[0]


def parent_of(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


def span_id(span: ReadableSpan) -> int:
    assert span.context is not None
    return int(span.context.span_id)


def trace_id(span: ReadableSpan) -> int:
    assert span.context is not None
    return int(span.context.trace_id)


def attrs(span: ReadableSpan) -> dict[str, Any]:
    return dict(span.attributes or {})


def test_paused_run_is_an_event_not_an_error(harness: Harness) -> None:
    result, _ = harness.run({"answer": ""})

    assert "__interrupt__" in result
    spans = harness.spans.get_finished_spans()
    assert sorted(span.name for span in spans) == ["invoke_agent assessor", "invoke_workflow coaching"]
    root, agent = one(spans, "invoke_workflow coaching"), one(spans, "invoke_agent assessor")
    assert root.parent is None
    assert parent_of(agent) == span_id(root)
    for span in (root, agent):
        assert span.status.status_code is StatusCode.UNSET
        paused = [event for event in span.events if event.name == "coach.hitl.paused"]
        assert len(paused) == 1
        assert dict(paused[0].attributes or {}) == {"coach.interrupt.id": "q-1", "coach.interrupt.kind": "question"}
    assert attrs(agent)["gen_ai.operation.name"] == "invoke_agent"
    assert attrs(agent)["gen_ai.agent.name"] == "assessor"
    assert attrs(agent)["openinference.span.kind"] == "AGENT"
    assert attrs(agent)["coach.node"] == "interview"
    assert attrs(root)["gen_ai.operation.name"] == "invoke_workflow"
    assert attrs(root)["openinference.span.kind"] == "CHAIN"


def test_resumed_run_builds_the_agent_tree_and_links_to_the_paused_run(harness: Harness) -> None:
    paused_at, resumed_at = harness.both_runs("I am a paralegal in Leeds.")

    spans = harness.spans.get_finished_spans()
    second = [span for span in spans if trace_id(span) == resumed_at.trace_id]
    assert paused_at.trace_id != resumed_at.trace_id
    names = sorted(span.name for span in second)
    assert names == [
        "chat gpt-4o-mini",
        "guards",
        "invoke_agent assessor",
        "invoke_agent planner",
        "invoke_agent reviewer",
        "invoke_workflow coaching",
        "retrieval",
    ]
    root = one(second, "invoke_workflow coaching")
    planner, reviewer = one(second, "invoke_agent planner"), one(second, "invoke_agent reviewer")
    assert parent_of(one(second, "invoke_agent assessor")) == span_id(root)
    assert parent_of(planner) == span_id(root)
    assert parent_of(reviewer) == span_id(root)
    assert parent_of(one(second, "retrieval")) == span_id(planner)
    assert parent_of(one(second, "chat gpt-4o-mini")) == span_id(planner)
    assert parent_of(one(second, "guards")) == span_id(reviewer)

    assert [link.context.span_id for link in root.links] == [paused_at.span_id]
    assert root.links[0].context.trace_id == paused_at.trace_id
    assert dict(root.links[0].attributes or {}) == {"coach.link.relation": "resumed_from"}
    assert all(span.status.status_code is StatusCode.UNSET for span in second)
    assert not any(event.name == "coach.hitl.paused" for span in second for event in span.events)

    for span in spans:
        assert attrs(span)["session.id"] == SESSION
        assert attrs(span)["gen_ai.conversation.id"] == SESSION


def test_chat_span_has_genai_and_openinference_attributes(harness: Harness) -> None:
    harness.both_runs("I am a paralegal.")

    chat = one(harness.spans.get_finished_spans(), "chat gpt-4o-mini")
    a = attrs(chat)
    assert chat.kind is SpanKind.CLIENT
    assert a["gen_ai.operation.name"] == "chat"
    assert a["gen_ai.provider.name"] == "openai"
    assert a["gen_ai.request.model"] == "gpt-4o-mini"
    assert a["gen_ai.response.model"] == "gpt-4o-mini-2024-07-18"
    assert a["gen_ai.response.finish_reasons"] == ("stop",)
    assert a["gen_ai.usage.input_tokens"] == 1200
    assert a["gen_ai.usage.output_tokens"] == 300
    assert a["openinference.span.kind"] == "LLM"
    assert a["llm.model_name"] == "gpt-4o-mini"
    assert a["llm.provider"] == "openai"
    assert a["llm.token_count.prompt"] == 1200
    assert a["llm.token_count.completion"] == 300
    assert a["llm.token_count.total"] == 1500
    gpt_4o_mini_in, gpt_4o_mini_out = DEFAULT_PRICES["gpt-4o-mini"]
    assert a["coach.cost_usd"] == pytest.approx((1200 * gpt_4o_mini_in + 300 * gpt_4o_mini_out) / 1e6)


def test_retrieval_and_guard_spans(harness: Harness) -> None:
    harness.both_runs("I am a paralegal.")
    spans = harness.spans.get_finished_spans()

    retrieval = attrs(one(spans, "retrieval"))
    assert retrieval["gen_ai.operation.name"] == "retrieval"
    assert retrieval["openinference.span.kind"] == "RETRIEVER"
    assert retrieval["coach.retrieval.k"] == 2
    assert retrieval["coach.retrieval.hit_ids"] == ("p1", "p2")
    assert retrieval["retrieval.documents.0.document.id"] == "p1"
    assert retrieval["retrieval.documents.0.document.score"] == 0.9
    assert json.loads(retrieval["gen_ai.retrieval.documents"]) == [{"id": "p1", "score": 0.9}, {"id": "p2"}]

    guards = attrs(one(spans, "guards"))
    assert guards["openinference.span.kind"] == "GUARDRAIL"
    assert guards["coach.guard.checks"] == ("citations", "stages")
    assert guards["coach.guard.failures"] == ("stage lead missing",)
    assert guards["coach.guard.passed"] is False


def test_no_content_is_recorded_by_default(harness: Harness) -> None:
    harness.both_runs(f"Reach me at {EMAIL}.")

    for span in harness.spans.get_finished_spans():
        assert not set(CONTENT_KEYS) & set(attrs(span)), span.name
        assert not any(key.startswith(("llm.input_messages", "llm.output_messages")) for key in attrs(span))


def test_metrics_are_recorded(harness: Harness) -> None:
    harness.both_runs("I am a paralegal.")

    data = harness.reader.get_metrics_data()
    assert data is not None
    points: dict[str, list[HistogramDataPoint]] = {}
    for resource_metrics in data.resource_metrics:
        for scope_metrics in resource_metrics.scope_metrics:
            for metric in scope_metrics.metrics:
                assert metric.name in ("gen_ai.client.operation.duration", "gen_ai.client.token.usage")
                points[metric.name] = [p for p in metric.data.data_points if isinstance(p, HistogramDataPoint)]
                assert metric.unit == ("s" if metric.name.endswith("duration") else "{token}")

    (duration,) = points["gen_ai.client.operation.duration"]
    assert duration.count == 1
    assert dict(duration.attributes or {}) == {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
    }
    tokens = {dict(p.attributes or {})["gen_ai.token.type"]: p.sum for p in points["gen_ai.client.token.usage"]}
    assert tokens == {"input": 1200, "output": 300}


def test_canary_never_leaves_in_any_span_or_row(tmp_path: Path) -> None:
    h = Harness(capture_content=True, engine_path=tmp_path / "spans.db")
    try:
        h.both_runs(f"I am a paralegal. Mail {EMAIL} or call {PHONE}.")
        assert h.provider.force_flush()
    finally:
        h.provider.shutdown()

    spans = h.spans.get_finished_spans()
    chat, retrieval = attrs(one(spans, "chat gpt-4o-mini")), attrs(one(spans, "retrieval"))
    # Content capture is on, so the (redacted) conversation is there...
    sent = json.loads(chat["gen_ai.input.messages"])
    assert sent[0] == {"role": "system", "parts": [{"type": "text", "content": "You are a coach."}]}
    assert sent[1]["parts"][0]["content"] == "I am a paralegal. Mail [email] or call [phone]."
    assert chat["llm.input_messages.1.message.role"] == "user"
    assert chat["output.value"] == "Survive, adapt, lead."
    assert json.loads(chat["gen_ai.output.messages"])[0]["finish_reason"] == "stop"
    assert retrieval["coach.retrieval.query"] == "I am a paralegal. Mail [email] or call [phone]."
    # ...but the canary is in no attribute or event, in memory or in the database.
    exported = json.dumps(
        [
            {
                "name": span.name,
                "attributes": attrs(span),
                "events": [[event.name, dict(event.attributes or {})] for event in span.events],
                "status": span.status.description,
            }
            for span in spans
        ]
    )
    assert h.engine is not None
    with Session(h.engine) as session:
        rows = session.exec(select(SpanRecord)).all()
    assert len(rows) == len(spans)
    stored = json.dumps([row.model_dump() for row in rows])
    for text in (exported, stored):
        assert "[email]" in text
        assert EMAIL not in text
        assert "canary.person" not in text
        assert PHONE not in text
        assert "415 555 0199" not in text


def test_failure_in_a_node_is_an_error_with_a_redacted_message(harness: Harness) -> None:
    def broken(state: State) -> State:
        raise ValueError(f"cannot reach {EMAIL}")

    builder = StateGraph(State)
    builder.add_node("plan", broken)
    builder.add_edge(START, "plan")
    graph = builder.compile()

    with pytest.raises(ValueError), run_span(harness.tracer, session_id=SESSION, resumed_from=None) as run:
        handler = run.callback_handler(agent_nodes=AGENT_NODES)
        graph.invoke({"answer": "x"}, {"callbacks": [handler]})

    spans = harness.spans.get_finished_spans()
    for name in ("invoke_workflow coaching", "invoke_agent planner"):
        span = one(spans, name)
        assert span.status.status_code is StatusCode.ERROR
        assert span.status.description == "ValueError: cannot reach [email]"
        assert attrs(span)["error.type"] == "ValueError"
        (exception,) = [event for event in span.events if event.name == "exception"]
        assert EMAIL not in json.dumps(dict(exception.attributes or {}))


async def test_async_run_parents_spans_the_same_way(harness: Harness) -> None:
    config: RunnableConfig = {"configurable": {"thread_id": f"async-{uuid4()}"}}
    with run_span(harness.tracer, session_id=SESSION, resumed_from=None) as run:
        handler = run.callback_handler(agent_nodes=AGENT_NODES, prices=DEFAULT_PRICES)
        await harness.graph.ainvoke({"answer": ""}, {**config, "callbacks": [handler]})
    with run_span(harness.tracer, session_id=SESSION, resumed_from=run.span_context) as resumed:
        handler = resumed.callback_handler(agent_nodes=AGENT_NODES, prices=DEFAULT_PRICES)
        await harness.graph.ainvoke(Command(resume={"answer": "hi"}), {**config, "callbacks": [handler]})

    second = [s for s in harness.spans.get_finished_spans() if trace_id(s) == resumed.span_context.trace_id]
    planner = one(second, "invoke_agent planner")
    assert parent_of(one(second, "chat gpt-4o-mini")) == span_id(planner)
    assert parent_of(one(second, "retrieval")) == span_id(planner)
    assert handler.open_runs == 0


def test_close_ends_spans_of_an_abandoned_run(harness: Harness) -> None:
    with run_span(harness.tracer, session_id=SESSION, resumed_from=None) as run:
        handler = run.callback_handler(agent_nodes=AGENT_NODES)
        handler.on_chain_start(
            {}, {}, run_id=uuid4(), parent_run_id=None, metadata={"langgraph_node": "plan"}, name="plan"
        )
        assert handler.open_runs == 1

    agent = one(harness.spans.get_finished_spans(), "invoke_agent planner")
    assert attrs(agent)["coach.abandoned"] is True
    assert handler.open_runs == 0


def test_handler_without_run_span_uses_the_given_root(harness: Harness) -> None:
    root = harness.tracer.start_span("custom root")
    handler = TracingCallbackHandler(tracer=harness.tracer, root=root, session_id="s-9", agent_nodes=AGENT_NODES)
    graph = build_graph(OpenAILikeChatModel(responses=[reply()]))
    graph.invoke({"answer": ""}, {"configurable": {"thread_id": "s-9"}, "callbacks": [handler]})
    handler.close()
    root.end()

    agent = one(harness.spans.get_finished_spans(), "invoke_agent assessor")
    assert parent_of(agent) == root.get_span_context().span_id
    assert attrs(agent)["session.id"] == "s-9"
