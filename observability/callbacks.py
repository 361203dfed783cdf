"""A LangChain callback handler that turns a LangGraph run into OpenTelemetry spans.

Spans: ``invoke_agent {agent}`` for the graph nodes that are agents, ``chat {model}`` for model calls,
``retrieval`` for retrievers, ``guards`` for each run of the guards (reported with
``observability.events.report_guards``) and ``execute_tool {name}`` for tools. Each human decision (reported with
``observability.events.report_decision``) is an event ``coach.hitl.decision`` on the run's root span. Other
runs get no span but are remembered, so their children still find the nearest traced ancestor (or the run's root
span). What each
span records is in ``observability.attributes``; the bookkeeping in ``observability.runbook``.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.documents import Document
from langchain_core.messages import BaseMessage
from langchain_core.outputs import LLMResult
from opentelemetry.trace import Span, SpanKind, Tracer
from opentelemetry.util.types import AttributeValue

from observability import attributes as attrs
from observability import content, semconv
from observability.events import DECISION_EVENT, GUARDS_EVENT, PROGRESS_EVENT, READING_EVENT
from observability.metrics import GenAIMetrics
from observability.runbook import Run, RunBook

CONTENT_LIMIT = 4000


class TracingCallbackHandler(BaseCallbackHandler):
    """Writes the spans of one graph run under ``root``. Create one per run; call ``close()`` when it ends."""

    # Called inline (not on an executor) so start and end of a run are seen in order; the handler does no I/O.
    run_inline = True

    def __init__(
        self,
        *,
        tracer: Tracer,
        root: Span,
        session_id: str,
        agent_nodes: Mapping[str, str],
        capture_content: bool = False,
        prices: Mapping[str, tuple[float, float]] | None = None,
        metrics: GenAIMetrics | None = None,
        content_limit: int = CONTENT_LIMIT,
    ) -> None:
        self._book = RunBook(tracer=tracer, root=root, session_id=session_id, metrics=metrics)
        self._agent_nodes = dict(agent_nodes)
        self._capture_content = capture_content
        self._prices = dict(prices or {})
        self._metrics = metrics
        self._content_limit = content_limit

    def close(self) -> None:
        """End every span still open (a run abandoned mid-way); call once the graph call has returned."""
        self._book.close()

    @property
    def open_runs(self) -> int:
        return self._book.open_runs

    def _end(self, run_id: UUID, attributes: Mapping[str, AttributeValue] | None = None) -> None:
        run = self._book.pop(run_id)
        if run is not None and run.span is not None:
            if attributes:
                run.span.set_attributes(attributes)
            run.span.end()

    def _fail(self, error: BaseException, *, run_id: UUID, **kwargs: Any) -> None:
        self._book.fail(run_id, error)

    on_chain_error = on_llm_error = on_retriever_error = on_tool_error = _fail

    # --- chains: agents, and the guards' reports ---------------------------------------------------

    def on_chain_start(self, serialized: dict[str, Any], inputs: dict[str, Any], *, run_id: UUID,
                       parent_run_id: UUID | None = None, metadata: dict[str, Any] | None = None,
                       **kwargs: Any) -> None:
        name = kwargs.get("name") or (serialized or {}).get("name")
        node = (metadata or {}).get("langgraph_node")
        if isinstance(name, str) and name == node and name in self._agent_nodes:
            agent = self._agent_nodes[name]
            self._book.start(run_id, parent_run_id, f"{semconv.OP_INVOKE_AGENT} {agent}", SpanKind.INTERNAL,
                             attrs.agent_attributes(agent, name))
        else:
            self._book.remember(run_id, parent_run_id)

    def on_chain_end(self, outputs: dict[str, Any], *, run_id: UUID, **kwargs: Any) -> None:
        self._end(run_id)

    def on_custom_event(self, name: str, data: Any, *, run_id: UUID, **kwargs: Any) -> None:
        if name == DECISION_EVENT and isinstance(data, Mapping):
            self._book.root_event(semconv.EVENT_DECISION, attrs.decision_attributes(data))
        if name == READING_EVENT and isinstance(data, Mapping):
            self._book.span_event(run_id, semconv.EVENT_READING, attrs.reading_attributes(data))
        if name == PROGRESS_EVENT and isinstance(data, Mapping):
            self._book.root_event(semconv.EVENT_PROGRESS, attrs.progress_attributes(data))
        if name != GUARDS_EVENT or not isinstance(data, Mapping):
            return
        span = self._book.child_span(run_id, semconv.GUARDS_SPAN, attrs.guard_attributes(
            str(data.get("subject", "")), data.get("checks") or [], data.get("failures") or []),
            start_time=int(data.get("started_ns") or time.time_ns()))
        span.end()

    # --- models -----------------------------------------------------------------------------------

    def on_chat_model_start(self, serialized: dict[str, Any], messages: list[list[BaseMessage]], *, run_id: UUID,
                            parent_run_id: UUID | None = None, metadata: dict[str, Any] | None = None,
                            **kwargs: Any) -> None:
        run = self._start_model(serialized, metadata, kwargs, run_id, parent_run_id, semconv.OP_CHAT)
        if self._capture_content and run.span is not None:
            batch = messages[0] if messages else []
            sent = [content.message_json(message, self._content_limit) for message in batch]
            run.span.set_attributes(content.input_attributes(sent))

    def on_llm_start(self, serialized: dict[str, Any], prompts: list[str], *, run_id: UUID,
                     parent_run_id: UUID | None = None, metadata: dict[str, Any] | None = None,
                     **kwargs: Any) -> None:
        run = self._start_model(serialized, metadata, kwargs, run_id, parent_run_id, semconv.OP_TEXT_COMPLETION)
        if self._capture_content and run.span is not None:
            sent = [content.prompt_json(prompt, self._content_limit) for prompt in prompts[:1]]
            run.span.set_attributes(content.input_attributes(sent))

    def _start_model(self, serialized: dict[str, Any] | None, metadata: dict[str, Any] | None,
                     kwargs: Mapping[str, Any], run_id: UUID, parent_run_id: UUID | None, operation: str) -> Run:
        params = kwargs.get("invocation_params") or {}
        model, attributes, metric_attributes = attrs.model_request(serialized or {}, metadata or {}, params, operation)
        run = self._book.start(run_id, parent_run_id, f"{operation} {model}", SpanKind.CLIENT, attributes)
        run.model = model
        run.metric_attributes = metric_attributes
        return run

    def on_llm_end(self, response: LLMResult, *, run_id: UUID, **kwargs: Any) -> None:
        run = self._book.pop(run_id)
        if run is None or run.span is None:
            return
        duration = time.perf_counter() - run.started
        attributes, answered_by, usage = attrs.model_response(response, run.model, self._prices)
        run.span.set_attributes(attributes)
        if self._capture_content:
            choices = response.generations[0] if response.generations else []
            run.span.set_attributes(content.output_attributes(
                [content.generation_json(choice, self._content_limit) for choice in choices]))
        if self._metrics is not None:
            metric_attributes = dict(run.metric_attributes)
            if answered_by:
                metric_attributes[semconv.GEN_AI_RESPONSE_MODEL] = answered_by
            self._metrics.operation_duration.record(duration, metric_attributes)
            for token_type, count in zip(("input", "output"), usage or (), strict=False):
                self._metrics.token_usage.record(count, {**metric_attributes, semconv.GEN_AI_TOKEN_TYPE: token_type})
        run.span.end()

    # --- retrieval and tools ------------------------------------------------------------------------

    def on_retriever_start(self, serialized: dict[str, Any], query: str, *, run_id: UUID,
                           parent_run_id: UUID | None = None, metadata: dict[str, Any] | None = None,
                           **kwargs: Any) -> None:
        attributes = attrs.retrieval_request(serialized or {}, metadata or {}, kwargs.get("name"))
        if self._capture_content:
            attributes |= attrs.retrieval_query(content.clean(query, self._content_limit))
        self._book.start(run_id, parent_run_id, semconv.OP_RETRIEVAL, SpanKind.INTERNAL, attributes)

    def on_retriever_end(self, documents: Sequence[Document], *, run_id: UUID, **kwargs: Any) -> None:
        self._end(run_id, attrs.retrieval_results(documents))

    def on_tool_start(self, serialized: dict[str, Any], input_str: str, *, run_id: UUID,
                      parent_run_id: UUID | None = None, **kwargs: Any) -> None:
        name = str(kwargs.get("name") or (serialized or {}).get("name") or "tool")
        attributes: dict[str, AttributeValue] = {
            semconv.GEN_AI_OPERATION_NAME: semconv.OP_EXECUTE_TOOL,
            semconv.GEN_AI_TOOL_NAME: name,
            semconv.OPENINFERENCE_SPAN_KIND: semconv.KIND_TOOL,
        }
        self._book.start(run_id, parent_run_id, f"{semconv.OP_EXECUTE_TOOL} {name}", SpanKind.INTERNAL, attributes)

    def on_tool_end(self, output: Any, *, run_id: UUID, **kwargs: Any) -> None:
        self._end(run_id)
