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
from langchain_core.outputs import ChatGeneration, LLMResult
from langgraph.errors import GraphBubbleUp, GraphInterrupt
from opentelemetry.trace import Span, SpanKind, Tracer, set_span_in_context
from opentelemetry.util.types import AttributeValue

from observability import content, semconv
from observability.metrics import GenAIMetrics
from observability.pricing import cost_usd
from observability.redaction import redact, truncate
from observability.spans import interrupt_refs, mark_paused, record_error, session_attributes

CONTENT_LIMIT = 4000
GUARD_FAILURE_LIMIT = 500

# LangChain's ``ls_provider`` -> GenAI ``gen_ai.provider.name`` well-known values.
_PROVIDERS = {
    "openai": "openai",
    "azure": "azure.ai.openai",
    "azure_openai": "azure.ai.openai",
    "anthropic": "anthropic",
    "google_genai": "gcp.gen_ai",
    "google_vertexai": "gcp.vertex_ai",
    "google": "gcp.gen_ai",
    "bedrock": "aws.bedrock",
    "amazon_bedrock": "aws.bedrock",
    "bedrock_converse": "aws.bedrock",
    "mistral": "mistral_ai",
    "mistralai": "mistral_ai",
    "groq": "groq",
    "deepseek": "deepseek",
    "xai": "x_ai",
    "cohere": "cohere",
    "perplexity": "perplexity",
    "ibm": "ibm.watsonx.ai",
    "watsonx": "ibm.watsonx.ai",
}
# GenAI provider -> OpenInference ``llm.provider`` values.
_OPENINFERENCE_PROVIDERS = {
    "openai": "openai",
    "azure.ai.openai": "azure",
    "anthropic": "anthropic",
    "gcp.gen_ai": "google",
    "gcp.vertex_ai": "google",
    "aws.bedrock": "aws",
    "mistral_ai": "mistralai",
    "x_ai": "xai",
    "deepseek": "deepseek",
    "groq": "groq",
    "cohere": "cohere",
    "perplexity": "perplexity",
}
_CLASS_PROVIDERS = {"ChatOpenAI": "openai", "AzureChatOpenAI": "azure.ai.openai", "ChatAnthropic": "anthropic"}


@dataclass
class _Run:
    parent: UUID | None
    span: Span | None = None
    started: float = field(default_factory=time.perf_counter)
    metric_attributes: dict[str, AttributeValue] = field(default_factory=dict)
    model: str | None = None
    guard: bool = False


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
            for interrupt_id, kind in interrupt_refs(error):
                mark_paused(span, interrupt_id, kind)
        elif not isinstance(error, GraphBubbleUp):
            # GraphBubbleUp (ParentCommand, GraphDrained) is LangGraph control flow, not a failure.
            record_error(span, error)
            if self._metrics is not None and run.metric_attributes:
                attributes = {**run.metric_attributes, semconv.ERROR_TYPE: type(error).__qualname__}
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
        model = _model_name(serialized or {}, metadata or {}, params)
        provider = _provider(serialized or {}, metadata or {})
        attributes: dict[str, AttributeValue] = {
            semconv.GEN_AI_OPERATION_NAME: operation,
            semconv.GEN_AI_PROVIDER_NAME: provider,
            semconv.GEN_AI_REQUEST_MODEL: model,
            semconv.OPENINFERENCE_SPAN_KIND: semconv.KIND_LLM,
            semconv.LLM_MODEL_NAME: model,
            **_request_parameters(params),
        }
        if provider in _OPENINFERENCE_PROVIDERS:
            attributes[semconv.LLM_PROVIDER] = _OPENINFERENCE_PROVIDERS[provider]
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
        response_model = _response_model(response)
        metric_attributes = dict(run.metric_attributes)
        if response_model:
            span.set_attribute(semconv.GEN_AI_RESPONSE_MODEL, response_model)
            metric_attributes[semconv.GEN_AI_RESPONSE_MODEL] = response_model
        reasons = _finish_reasons(response)
        if reasons:
            span.set_attribute(semconv.GEN_AI_RESPONSE_FINISH_REASONS, reasons)
        usage = _usage(response)
        if usage is not None:
            input_tokens, output_tokens = usage
            cost = cost_usd(response_model or run.model or "", input_tokens, output_tokens, self._prices)
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
                    self._metrics.token_usage.record(
                        count, {**metric_attributes, semconv.GEN_AI_TOKEN_TYPE: token_type}
                    )
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
        hits = [_document_ref(document) for document in documents]
        attributes: dict[str, AttributeValue] = {
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


def _model_name(serialized: Mapping[str, Any], metadata: Mapping[str, Any], params: Mapping[str, Any]) -> str:
    for source in (params, serialized.get("kwargs") or {}):
        for key in ("model", "model_name", "model_id", "deployment_name"):
            value = source.get(key)
            if isinstance(value, str) and value:
                return value
    value = metadata.get("ls_model_name")
    return value if isinstance(value, str) and value else "unknown"


def _provider(serialized: Mapping[str, Any], metadata: Mapping[str, Any]) -> str:
    ls_provider = metadata.get("ls_provider")
    if isinstance(ls_provider, str) and ls_provider:
        return _PROVIDERS.get(ls_provider.lower(), ls_provider.lower())
    path = serialized.get("id") or []
    class_name = path[-1] if isinstance(path, list) and path else serialized.get("name")
    return _CLASS_PROVIDERS.get(str(class_name), "unknown")


def _request_parameters(params: Mapping[str, Any]) -> dict[str, AttributeValue]:
    attributes: dict[str, AttributeValue] = {}
    for key, attribute in (
        ("temperature", semconv.GEN_AI_REQUEST_TEMPERATURE),
        ("top_p", semconv.GEN_AI_REQUEST_TOP_P),
    ):
        value = params.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            attributes[attribute] = float(value)
    max_tokens = params.get("max_tokens", params.get("max_completion_tokens"))
    if isinstance(max_tokens, int) and not isinstance(max_tokens, bool):
        attributes[semconv.GEN_AI_REQUEST_MAX_TOKENS] = max_tokens
    return attributes


def _chat_generations(response: LLMResult) -> list[ChatGeneration]:
    return [choice for choices in response.generations for choice in choices if isinstance(choice, ChatGeneration)]


def _usage(response: LLMResult) -> tuple[int, int] | None:
    for choice in _chat_generations(response):
        usage = getattr(choice.message, "usage_metadata", None)
        if usage:
            return int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))
    output = response.llm_output or {}
    usage = output.get("token_usage") or output.get("usage")
    if isinstance(usage, Mapping) and usage:
        input_tokens = usage.get("prompt_tokens", usage.get("input_tokens", 0))
        output_tokens = usage.get("completion_tokens", usage.get("output_tokens", 0))
        return int(input_tokens or 0), int(output_tokens or 0)
    return None


def _response_model(response: LLMResult) -> str | None:
    for choice in _chat_generations(response):
        metadata = choice.message.response_metadata
        value = metadata.get("model_name") or metadata.get("model")
        if isinstance(value, str) and value:
            return value
    output = response.llm_output or {}
    value = output.get("model_name") or output.get("model")
    return value if isinstance(value, str) and value else None


def _finish_reasons(response: LLMResult) -> list[str]:
    reasons = []
    for choices in response.generations:
        for choice in choices:
            reason = (choice.generation_info or {}).get("finish_reason")
            if reason is None and isinstance(choice, ChatGeneration):
                reason = choice.message.response_metadata.get("finish_reason")
            if reason:
                reasons.append(str(reason))
    return reasons


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
