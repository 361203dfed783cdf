"""A LangChain callback handler that turns a LangGraph run into OpenTelemetry spans.

Spans: ``invoke_agent {agent}`` for the graph nodes that are agents, ``chat {model}`` for model calls,
``retrieval`` for retrievers, ``guards`` for the guard chain and ``execute_tool {name}`` for tools.
Other runs get no span but are remembered, so their children still find the nearest traced ancestor
(or the run's root span). Spans are started with an explicit parent and never made current, which
keeps the handler correct when LangGraph runs nodes on several threads or tasks.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.documents import Document
from langchain_core.messages import BaseMessage
from langchain_core.outputs import LLMResult
from langgraph.errors import GraphBubbleUp, GraphInterrupt
from opentelemetry.trace import Span, SpanKind, Tracer, set_span_in_context
from opentelemetry.util.types import AttributeValue

from observability import content, semconv
from observability.llm_fields import (
    OPENINFERENCE_PROVIDERS,
    finish_reasons,
    model_name,
    provider_name,
    request_parameters,
    response_model,
    token_usage,
)
from observability.metrics import GenAIMetrics
from observability.pricing import cost_usd
from observability.redaction import redact, truncate
from observability.spans import error_type, mark_paused, raised_interrupt_refs, record_error, session_attributes

CONTENT_LIMIT = 4000
GUARD_FAILURE_LIMIT = 500


@dataclass
class _Run:
    parent: UUID | None
    span: Span | None = None
    started: float = field(default_factory=time.perf_counter)
    metric_attributes: dict[str, AttributeValue] = field(default_factory=dict)
    model: str | None = None
    guard: bool = False


MAX_RECORDED_HITS = 10


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
        guard_names: Collection[str] = ("guards",),
        content_limit: int = CONTENT_LIMIT,
    ) -> None:
        self._tracer = tracer
        self._root = root
        self._session_id = session_id
        self._agent_nodes = dict(agent_nodes)
        self._capture_content = capture_content
        self._prices = dict(prices or {})
        self._metrics = metrics
        self._guard_names = frozenset(guard_names)
        self._content_limit = content_limit
        self._runs: dict[UUID, _Run] = {}
        self._lock = threading.RLock()

    # --- bookkeeping ---------------------------------------------------------------------------

    def _parent_span(self, parent_run_id: UUID | None) -> Span:
        seen: set[UUID] = set()
        while parent_run_id is not None and parent_run_id not in seen:
            seen.add(parent_run_id)
            run = self._runs.get(parent_run_id)
            if run is None:
                break
            if run.span is not None:
                return run.span
            parent_run_id = run.parent
        return self._root

    def _start(
        self,
        run_id: UUID,
        parent_run_id: UUID | None,
        name: str,
        kind: SpanKind,
        attributes: Mapping[str, AttributeValue],
    ) -> _Run:
        with self._lock:
            parent = self._parent_span(parent_run_id)
            span = self._tracer.start_span(
                name,
                context=set_span_in_context(parent),
                kind=kind,
                attributes={**attributes, **session_attributes(self._session_id)},
            )
            run = _Run(parent=parent_run_id, span=span)
            self._runs[run_id] = run
            return run

    def _remember(self, run_id: UUID, parent_run_id: UUID | None) -> None:
        with self._lock:
            self._runs[run_id] = _Run(parent=parent_run_id)

    def _pop(self, run_id: UUID) -> _Run | None:
        with self._lock:
            return self._runs.pop(run_id, None)

    def _fail(self, run_id: UUID, error: BaseException) -> None:
        run = self._pop(run_id)
        if run is None or run.span is None:
            return
        span = run.span
        if isinstance(error, GraphInterrupt):
            for interrupt_id, kind in raised_interrupt_refs(error):
                mark_paused(span, interrupt_id, kind)
        elif not isinstance(error, GraphBubbleUp):
            # GraphBubbleUp (ParentCommand, GraphDrained) is LangGraph control flow, not a failure.
            record_error(span, error)
            if self._metrics is not None and run.metric_attributes:
                attributes = {**run.metric_attributes, semconv.ERROR_TYPE: error_type(error)}
                self._metrics.operation_duration.record(time.perf_counter() - run.started, attributes)
        span.end()

    def close(self) -> None:
        """End every span still open (a run abandoned mid-way); call once the graph call has returned."""
        with self._lock:
            runs, self._runs = list(self._runs.values()), {}
        for run in runs:
            if run.span is not None and run.span.is_recording():
                run.span.set_attribute(semconv.COACH_ABANDONED, True)
                run.span.end()

    @property
    def open_runs(self) -> int:
        with self._lock:
            return len(self._runs)

    # --- chains: agents and guards ---------------------------------------------------------------

    def on_chain_start(
        self,
        serialized: dict[str, Any],
        inputs: dict[str, Any],
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        name = kwargs.get("name") or (serialized or {}).get("name")
        node = (metadata or {}).get("langgraph_node")
        if isinstance(name, str) and name == node and name in self._agent_nodes:
            agent = self._agent_nodes[name]
            attributes: dict[str, AttributeValue] = {
                semconv.GEN_AI_OPERATION_NAME: semconv.OP_INVOKE_AGENT,
                semconv.GEN_AI_AGENT_NAME: agent,
                semconv.OPENINFERENCE_SPAN_KIND: semconv.KIND_AGENT,
                semconv.COACH_NODE: name,
            }
            self._start(run_id, parent_run_id, f"{semconv.OP_INVOKE_AGENT} {agent}", SpanKind.INTERNAL, attributes)
        elif isinstance(name, str) and name in self._guard_names:
            attributes = {semconv.OPENINFERENCE_SPAN_KIND: semconv.KIND_GUARDRAIL}
            self._start(run_id, parent_run_id, name, SpanKind.INTERNAL, attributes).guard = True
        else:
            self._remember(run_id, parent_run_id)

    def on_chain_end(
        self,
        outputs: dict[str, Any],
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        run = self._pop(run_id)
        if run is None or run.span is None:
            return
        if run.guard:
            run.span.set_attributes(_guard_attributes(outputs))
        run.span.end()

    def on_chain_error(
        self,
        error: BaseException,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        self._fail(run_id, error)

    # --- models --------------------------------------------------------------------------------

    def on_chat_model_start(
        self,
        serialized: dict[str, Any],
        messages: list[list[BaseMessage]],
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        run = self._start_model(serialized, metadata, kwargs, run_id, parent_run_id, semconv.OP_CHAT)
        if self._capture_content and run.span is not None:
            batch = messages[0] if messages else []
            sent = [content.message_json(message, self._content_limit) for message in batch]
            run.span.set_attributes(content.input_attributes(sent))

    def on_llm_start(
        self,
        serialized: dict[str, Any],
        prompts: list[str],
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        run = self._start_model(serialized, metadata, kwargs, run_id, parent_run_id, semconv.OP_TEXT_COMPLETION)
        if self._capture_content and run.span is not None:
            sent = [content.prompt_json(prompt, self._content_limit) for prompt in prompts[:1]]
            run.span.set_attributes(content.input_attributes(sent))

    def _start_model(
        self,
        serialized: dict[str, Any] | None,
        metadata: dict[str, Any] | None,
        kwargs: Mapping[str, Any],
        run_id: UUID,
        parent_run_id: UUID | None,
        operation: str,
    ) -> _Run:
        params = kwargs.get("invocation_params") or {}
        model = model_name(serialized or {}, metadata or {}, params)
        provider = provider_name(serialized or {}, metadata or {})
        attributes: dict[str, AttributeValue] = {
            semconv.GEN_AI_OPERATION_NAME: operation,
            semconv.GEN_AI_PROVIDER_NAME: provider,
            semconv.GEN_AI_REQUEST_MODEL: model,
            semconv.OPENINFERENCE_SPAN_KIND: semconv.KIND_LLM,
            semconv.LLM_MODEL_NAME: model,
            **request_parameters(params),
        }
        if provider in OPENINFERENCE_PROVIDERS:
            attributes[semconv.LLM_PROVIDER] = OPENINFERENCE_PROVIDERS[provider]
        run = self._start(run_id, parent_run_id, f"{operation} {model}", SpanKind.CLIENT, attributes)
        run.model = model
        run.metric_attributes = {
            semconv.GEN_AI_OPERATION_NAME: operation,
            semconv.GEN_AI_PROVIDER_NAME: provider,
            semconv.GEN_AI_REQUEST_MODEL: model,
        }
        return run

    def on_llm_end(
        self,
        response: LLMResult,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        run = self._pop(run_id)
        if run is None or run.span is None:
            return
        span = run.span
        duration = time.perf_counter() - run.started
        answered_by = response_model(response)
        metric_attributes = dict(run.metric_attributes)
        if answered_by:
            span.set_attribute(semconv.GEN_AI_RESPONSE_MODEL, answered_by)
            metric_attributes[semconv.GEN_AI_RESPONSE_MODEL] = answered_by
        reasons = finish_reasons(response)
        if reasons:
            span.set_attribute(semconv.GEN_AI_RESPONSE_FINISH_REASONS, reasons)
        usage = token_usage(response)
        if usage is not None:
            input_tokens, output_tokens = usage
            cost = cost_usd(answered_by or run.model or "", input_tokens, output_tokens, self._prices)
            span.set_attributes(
                {
                    semconv.GEN_AI_USAGE_INPUT_TOKENS: input_tokens,
                    semconv.GEN_AI_USAGE_OUTPUT_TOKENS: output_tokens,
                    semconv.LLM_TOKEN_COUNT_PROMPT: input_tokens,
                    semconv.LLM_TOKEN_COUNT_COMPLETION: output_tokens,
                    semconv.LLM_TOKEN_COUNT_TOTAL: input_tokens + output_tokens,
                    semconv.COACH_COST_USD: cost,
                }
            )
        if self._capture_content:
            choices = response.generations[0] if response.generations else []
            span.set_attributes(
                content.output_attributes([content.generation_json(choice, self._content_limit) for choice in choices])
            )
        if self._metrics is not None:
            self._metrics.operation_duration.record(duration, metric_attributes)
            if usage is not None:
                for token_type, count in zip(("input", "output"), usage, strict=True):
                    attributes = {**metric_attributes, semconv.GEN_AI_TOKEN_TYPE: token_type}
                    self._metrics.token_usage.record(count, attributes)
        span.end()

    def on_llm_error(
        self,
        error: BaseException,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        self._fail(run_id, error)

    # --- retrieval -----------------------------------------------------------------------------

    def on_retriever_start(
        self,
        serialized: dict[str, Any],
        query: str,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        meta = metadata or {}
        attributes: dict[str, AttributeValue] = {
            semconv.GEN_AI_OPERATION_NAME: semconv.OP_RETRIEVAL,
            semconv.OPENINFERENCE_SPAN_KIND: semconv.KIND_RETRIEVER,
        }
        source = meta.get("ls_retriever_name") or kwargs.get("name") or (serialized or {}).get("name")
        if isinstance(source, str) and source:
            attributes[semconv.GEN_AI_DATA_SOURCE_ID] = source
        k = next((meta[key] for key in ("k", "top_k", semconv.COACH_RETRIEVAL_K) if key in meta), None)
        if isinstance(k, int) and not isinstance(k, bool):
            attributes[semconv.COACH_RETRIEVAL_K] = k
            attributes[semconv.GEN_AI_REQUEST_TOP_K] = float(k)
        if self._capture_content:
            text = content.clean(query, self._content_limit)
            attributes[semconv.COACH_RETRIEVAL_QUERY] = text
            attributes[semconv.GEN_AI_RETRIEVAL_QUERY_TEXT] = text
            attributes[semconv.INPUT_VALUE] = text
            attributes[semconv.INPUT_MIME_TYPE] = semconv.MIME_TEXT
        self._start(run_id, parent_run_id, semconv.OP_RETRIEVAL, SpanKind.INTERNAL, attributes)

    def on_retriever_end(
        self,
        documents: Sequence[Document],
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        run = self._pop(run_id)
        if run is None or run.span is None:
            return
        # Only the best hits are recorded: a span holds a bounded number of attributes, and a retriever that
        # ranks a whole catalog would otherwise push the session id out of its own span.
        hits = [_document_ref(document) for document in documents[:MAX_RECORDED_HITS]]
        attributes: dict[str, AttributeValue] = {
            semconv.COACH_RETRIEVAL_HIT_COUNT: len(documents),
            semconv.COACH_RETRIEVAL_HIT_IDS: [hit_id for hit_id, _ in hits if hit_id],
            semconv.GEN_AI_RETRIEVAL_DOCUMENTS: json.dumps(
                [{"id": hit_id, "score": score} if score is not None else {"id": hit_id} for hit_id, score in hits]
            ),
        }
        for index, (hit_id, score) in enumerate(hits):
            prefix = f"{semconv.RETRIEVAL_DOCUMENTS}.{index}."
            if hit_id:
                attributes[prefix + semconv.DOCUMENT_ID] = hit_id
            if score is not None:
                attributes[prefix + semconv.DOCUMENT_SCORE] = score
        run.span.set_attributes(attributes)
        run.span.end()

    def on_retriever_error(
        self,
        error: BaseException,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        self._fail(run_id, error)

    # --- tools ---------------------------------------------------------------------------------

    def on_tool_start(
        self,
        serialized: dict[str, Any],
        input_str: str,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        tags: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
        inputs: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        name = str(kwargs.get("name") or (serialized or {}).get("name") or "tool")
        attributes: dict[str, AttributeValue] = {
            semconv.GEN_AI_OPERATION_NAME: semconv.OP_EXECUTE_TOOL,
            semconv.GEN_AI_TOOL_NAME: name,
            semconv.OPENINFERENCE_SPAN_KIND: semconv.KIND_TOOL,
        }
        self._start(run_id, parent_run_id, f"{semconv.OP_EXECUTE_TOOL} {name}", SpanKind.INTERNAL, attributes)

    def on_tool_end(
        self,
        output: Any,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        run = self._pop(run_id)
        if run is not None and run.span is not None:
            run.span.end()

    def on_tool_error(
        self,
        error: BaseException,
        *,
        run_id: UUID,
        parent_run_id: UUID | None = None,
        **kwargs: Any,
    ) -> None:
        self._fail(run_id, error)


# --- extraction helpers ----------------------------------------------------------------------------


def _document_ref(document: Document) -> tuple[str | None, float | None]:
    raw_id = document.metadata.get("id") or document.id
    score = document.metadata.get("score")
    valid_score = float(score) if isinstance(score, int | float) and not isinstance(score, bool) else None
    return (str(raw_id) if raw_id else None), valid_score


def _guard_attributes(outputs: Any) -> dict[str, AttributeValue]:
    """coach.guard.* from a guard report: a mapping or an object with ``checks`` and ``failures``."""
    if hasattr(outputs, "model_dump"):
        outputs = outputs.model_dump()
    if not isinstance(outputs, Mapping) or "checks" not in outputs:
        return {}
    checks = [str(check) for check in outputs.get("checks") or []]
    failures = [truncate(redact(str(failure)), GUARD_FAILURE_LIMIT) for failure in outputs.get("failures") or []]
    return {
        semconv.COACH_GUARD_CHECKS: checks,
        semconv.COACH_GUARD_FAILURES: failures,
        semconv.COACH_GUARD_PASSED: not failures,
    }
