"""What each kind of span records: agents, model calls, retrieval and guards, as attribute mappings."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from langchain_core.documents import Document
from langchain_core.outputs import LLMResult
from opentelemetry.util.types import AttributeValue

from observability import semconv
from observability.llm_fields import (
    OPENINFERENCE_PROVIDERS,
    finish_reasons,
    model_name,
    provider_name,
    request_parameters,
    response_model,
    token_usage,
)
from observability.pricing import cost_usd
from observability.redaction import redact, truncate

MAX_RECORDED_HITS = 10
GUARD_FAILURE_LIMIT = 500


def agent_attributes(agent: str, node: str) -> dict[str, AttributeValue]:
    return {
        semconv.GEN_AI_OPERATION_NAME: semconv.OP_INVOKE_AGENT,
        semconv.GEN_AI_AGENT_NAME: agent,
        semconv.OPENINFERENCE_SPAN_KIND: semconv.KIND_AGENT,
        semconv.COACH_NODE: node,
    }


def model_request(
    serialized: Mapping[str, Any], metadata: Mapping[str, Any], params: Mapping[str, Any], operation: str
) -> tuple[str, dict[str, AttributeValue], dict[str, AttributeValue]]:
    """(model name, span attributes, metric attributes) of a model call as it starts."""
    model = model_name(serialized, metadata, params)
    provider = provider_name(serialized, metadata)
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
    metric_attributes: dict[str, AttributeValue] = {
        semconv.GEN_AI_OPERATION_NAME: operation,
        semconv.GEN_AI_PROVIDER_NAME: provider,
        semconv.GEN_AI_REQUEST_MODEL: model,
    }
    return model, attributes, metric_attributes


def model_response(
    response: LLMResult, model: str | None, prices: Mapping[str, tuple[float, float]]
) -> tuple[dict[str, AttributeValue], str | None, tuple[int, int] | None]:
    """(span attributes, the model that answered, (input, output) tokens) of a finished model call."""
    attributes: dict[str, AttributeValue] = {}
    answered_by = response_model(response)
    if answered_by:
        attributes[semconv.GEN_AI_RESPONSE_MODEL] = answered_by
    reasons = finish_reasons(response)
    if reasons:
        attributes[semconv.GEN_AI_RESPONSE_FINISH_REASONS] = reasons
    usage = token_usage(response)
    if usage is not None:
        input_tokens, output_tokens = usage
        attributes |= {
            semconv.GEN_AI_USAGE_INPUT_TOKENS: input_tokens,
            semconv.GEN_AI_USAGE_OUTPUT_TOKENS: output_tokens,
            semconv.LLM_TOKEN_COUNT_PROMPT: input_tokens,
            semconv.LLM_TOKEN_COUNT_COMPLETION: output_tokens,
            semconv.LLM_TOKEN_COUNT_TOTAL: input_tokens + output_tokens,
            semconv.COACH_COST_USD: cost_usd(answered_by or model or "", input_tokens, output_tokens, prices),
        }
    return attributes, answered_by, usage


def retrieval_request(
    serialized: Mapping[str, Any], metadata: Mapping[str, Any], name: object
) -> dict[str, AttributeValue]:
    attributes: dict[str, AttributeValue] = {
        semconv.GEN_AI_OPERATION_NAME: semconv.OP_RETRIEVAL,
        semconv.OPENINFERENCE_SPAN_KIND: semconv.KIND_RETRIEVER,
    }
    source = metadata.get("ls_retriever_name") or name or serialized.get("name")
    if isinstance(source, str) and source:
        attributes[semconv.GEN_AI_DATA_SOURCE_ID] = source
    k = next((metadata[key] for key in ("k", "top_k", semconv.COACH_RETRIEVAL_K) if key in metadata), None)
    if isinstance(k, int) and not isinstance(k, bool):
        attributes[semconv.COACH_RETRIEVAL_K] = k
        attributes[semconv.GEN_AI_REQUEST_TOP_K] = float(k)
    return attributes


def retrieval_query(text: str) -> dict[str, AttributeValue]:
    """The query, when content capture is on (already redacted and cut)."""
    return {semconv.COACH_RETRIEVAL_QUERY: text, semconv.GEN_AI_RETRIEVAL_QUERY_TEXT: text,
            semconv.INPUT_VALUE: text, semconv.INPUT_MIME_TYPE: semconv.MIME_TEXT}


def retrieval_results(documents: Sequence[Document]) -> dict[str, AttributeValue]:
    """The best hits only: a span holds a bounded number of attributes, and a retriever that ranks a whole
    catalog would otherwise push the session id out of its own span."""
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
    return attributes


def _document_ref(document: Document) -> tuple[str | None, float | None]:
    raw_id = document.metadata.get("id") or document.id
    score = document.metadata.get("score")
    valid_score = float(score) if isinstance(score, int | float) and not isinstance(score, bool) else None
    return (str(raw_id) if raw_id else None), valid_score


def guard_attributes(subject: str, checks: Sequence[str], failures: Sequence[str]) -> dict[str, AttributeValue]:
    """coach.guard.* of one run of the guards."""
    redacted = [truncate(redact(str(failure)), GUARD_FAILURE_LIMIT) for failure in failures]
    return {
        semconv.OPENINFERENCE_SPAN_KIND: semconv.KIND_GUARDRAIL,
        semconv.COACH_GUARD_SUBJECT: subject,
        semconv.COACH_GUARD_CHECKS: [str(check) for check in checks],
        semconv.COACH_GUARD_FAILURES: redacted,
        semconv.COACH_GUARD_PASSED: not redacted,
    }


_DECISION_FIELDS: dict[str, str] = {
    "interrupt_id": semconv.COACH_INTERRUPT_ID, "kind": semconv.COACH_INTERRUPT_KIND,
    "action": semconv.COACH_DECISION_ACTION, "shape": semconv.COACH_DECISION_SHAPE,
    "answer_chars": semconv.COACH_DECISION_ANSWER_CHARS, "feedback_chars": semconv.COACH_DECISION_FEEDBACK_CHARS,
    "edited_fields": semconv.COACH_DECISION_EDITED_FIELDS, "edit_verdict": semconv.COACH_DECISION_EDIT_VERDICT,
    "acknowledged": semconv.COACH_DECISION_ACKNOWLEDGED,
    "acknowledged_issues": semconv.COACH_DECISION_ACKNOWLEDGED_ISSUES, "error": semconv.COACH_DECISION_ERROR,
}


def decision_attributes(report: Mapping[str, Any]) -> dict[str, AttributeValue]:
    """coach.decision.* of a human's reply (`observability.events.DecisionReport`); text is redacted and cut."""
    attributes: dict[str, AttributeValue] = {}
    for key, name in _DECISION_FIELDS.items():
        value = report.get(key)
        if isinstance(value, bool | int):
            attributes[name] = value
        elif isinstance(value, str) and value:
            attributes[name] = truncate(redact(value), GUARD_FAILURE_LIMIT)
        elif isinstance(value, list | tuple):
            attributes[name] = [truncate(redact(str(item)), GUARD_FAILURE_LIMIT) for item in value]
    return attributes


def reading_attributes(report: Mapping[str, Any]) -> dict[str, AttributeValue]:
    """coach.reading.* of one answer's reading (`observability.events.ReadingReport`): rule and field names only."""
    return {
        semconv.COACH_READING_FIELD: str(report.get("field", "")),
        semconv.COACH_READING_ANSWERED: bool(report.get("answered")),
        semconv.COACH_READING_RULES: [str(r) for r in report.get("rules") or []][:40],
        semconv.COACH_READING_REPLACES: [str(r) for r in report.get("replaces") or []],
        semconv.COACH_READING_UNCERTAIN: [str(r) for r in report.get("uncertain") or []],
        **({semconv.COACH_READING_MODEL: str(report["model"])} if report.get("model") else {}),
        semconv.COACH_READING_BY_MODEL: [str(r) for r in report.get("by_model") or []],
    }


def progress_attributes(report: Mapping[str, Any]) -> dict[str, AttributeValue]:
    """coach.checkin.* of what a check-in recorded (`observability.events.ProgressReport`): counts and hours only."""
    rating = report.get("rating")
    return {
        semconv.COACH_PROGRESS_FOLLOWS: str(report.get("follows", "")),
        semconv.COACH_PROGRESS_STAGE: str(report.get("stage", "")),
        semconv.COACH_PROGRESS_STATUSES: [str(s) for s in report.get("statuses") or []][:10],
        semconv.COACH_PROGRESS_HOURS_PLANNED: float(report.get("hours_planned") or 0),
        semconv.COACH_PROGRESS_HOURS_REPORTED: float(report.get("hours_reported") or 0),
        **({semconv.COACH_PROGRESS_RATING: int(rating)} if isinstance(rating, int) else {}),
        semconv.COACH_PROGRESS_CHANGES: int(report.get("changes") or 0),
        semconv.COACH_PROGRESS_DONE_STAGES: [str(s) for s in report.get("done_stages") or []],
    }
