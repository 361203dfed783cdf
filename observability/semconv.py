"""Attribute, event and span names the coach emits, in one place.

GenAI names follow the OpenTelemetry GenAI semantic conventions (development status, now kept in
open-telemetry/semantic-conventions-genai). They are spelled out here rather than imported from
``opentelemetry.semconv._incubating``, whose GenAI symbols are private and flagged as moved.
OpenInference names come from ``openinference-semantic-conventions`` so Phoenix renders the spans
natively. ``coach.*`` names are the product's own.
"""

from __future__ import annotations

from typing import Final

from openinference.semconv.trace import (
    DocumentAttributes,
    MessageAttributes,
    OpenInferenceMimeTypeValues,
    OpenInferenceSpanKindValues,
    SpanAttributes,
)

SERVICE_NAME: Final = "career-coach"
WORKFLOW_NAME: Final = "coaching"
INSTRUMENTATION_SCOPE: Final = "career_coach.observability"

# --- OpenTelemetry GenAI ---------------------------------------------------------------------------
GEN_AI_OPERATION_NAME: Final = "gen_ai.operation.name"
GEN_AI_PROVIDER_NAME: Final = "gen_ai.provider.name"
GEN_AI_CONVERSATION_ID: Final = "gen_ai.conversation.id"
GEN_AI_WORKFLOW_NAME: Final = "gen_ai.workflow.name"
GEN_AI_AGENT_NAME: Final = "gen_ai.agent.name"
GEN_AI_REQUEST_MODEL: Final = "gen_ai.request.model"
GEN_AI_REQUEST_TEMPERATURE: Final = "gen_ai.request.temperature"
GEN_AI_REQUEST_MAX_TOKENS: Final = "gen_ai.request.max_tokens"
GEN_AI_REQUEST_TOP_P: Final = "gen_ai.request.top_p"
GEN_AI_REQUEST_TOP_K: Final = "gen_ai.request.top_k"
GEN_AI_RESPONSE_MODEL: Final = "gen_ai.response.model"
GEN_AI_RESPONSE_FINISH_REASONS: Final = "gen_ai.response.finish_reasons"
GEN_AI_USAGE_INPUT_TOKENS: Final = "gen_ai.usage.input_tokens"
GEN_AI_USAGE_OUTPUT_TOKENS: Final = "gen_ai.usage.output_tokens"
GEN_AI_INPUT_MESSAGES: Final = "gen_ai.input.messages"
GEN_AI_OUTPUT_MESSAGES: Final = "gen_ai.output.messages"
GEN_AI_DATA_SOURCE_ID: Final = "gen_ai.data_source.id"
GEN_AI_RETRIEVAL_QUERY_TEXT: Final = "gen_ai.retrieval.query.text"
GEN_AI_RETRIEVAL_DOCUMENTS: Final = "gen_ai.retrieval.documents"
GEN_AI_TOKEN_TYPE: Final = "gen_ai.token.type"
GEN_AI_TOOL_NAME: Final = "gen_ai.tool.name"
ERROR_TYPE: Final = "error.type"

OP_INVOKE_WORKFLOW: Final = "invoke_workflow"
OP_INVOKE_AGENT: Final = "invoke_agent"
OP_CHAT: Final = "chat"
OP_TEXT_COMPLETION: Final = "text_completion"
OP_RETRIEVAL: Final = "retrieval"
OP_EXECUTE_TOOL: Final = "execute_tool"

METRIC_OPERATION_DURATION: Final = "gen_ai.client.operation.duration"
METRIC_TOKEN_USAGE: Final = "gen_ai.client.token.usage"
# Bucket boundaries the GenAI metric conventions recommend.
DURATION_BUCKETS: Final = (0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92)
TOKEN_BUCKETS: Final = (1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864)

# --- OpenInference -----------------------------------------------------------------------------
OPENINFERENCE_SPAN_KIND: Final = SpanAttributes.OPENINFERENCE_SPAN_KIND
SESSION_ID: Final = SpanAttributes.SESSION_ID
INPUT_VALUE: Final = SpanAttributes.INPUT_VALUE
INPUT_MIME_TYPE: Final = SpanAttributes.INPUT_MIME_TYPE
OUTPUT_VALUE: Final = SpanAttributes.OUTPUT_VALUE
OUTPUT_MIME_TYPE: Final = SpanAttributes.OUTPUT_MIME_TYPE
LLM_MODEL_NAME: Final = SpanAttributes.LLM_MODEL_NAME
LLM_PROVIDER: Final = SpanAttributes.LLM_PROVIDER
LLM_TOKEN_COUNT_PROMPT: Final = SpanAttributes.LLM_TOKEN_COUNT_PROMPT
LLM_TOKEN_COUNT_COMPLETION: Final = SpanAttributes.LLM_TOKEN_COUNT_COMPLETION
LLM_TOKEN_COUNT_TOTAL: Final = SpanAttributes.LLM_TOKEN_COUNT_TOTAL
LLM_INPUT_MESSAGES: Final = SpanAttributes.LLM_INPUT_MESSAGES
LLM_OUTPUT_MESSAGES: Final = SpanAttributes.LLM_OUTPUT_MESSAGES
RETRIEVAL_DOCUMENTS: Final = SpanAttributes.RETRIEVAL_DOCUMENTS
MESSAGE_ROLE: Final = MessageAttributes.MESSAGE_ROLE
MESSAGE_CONTENT: Final = MessageAttributes.MESSAGE_CONTENT
DOCUMENT_ID: Final = DocumentAttributes.DOCUMENT_ID
DOCUMENT_SCORE: Final = DocumentAttributes.DOCUMENT_SCORE
MIME_JSON: Final = OpenInferenceMimeTypeValues.JSON.value
MIME_TEXT: Final = OpenInferenceMimeTypeValues.TEXT.value

KIND_CHAIN: Final = OpenInferenceSpanKindValues.CHAIN.value
KIND_AGENT: Final = OpenInferenceSpanKindValues.AGENT.value
KIND_LLM: Final = OpenInferenceSpanKindValues.LLM.value
KIND_RETRIEVER: Final = OpenInferenceSpanKindValues.RETRIEVER.value
KIND_GUARDRAIL: Final = OpenInferenceSpanKindValues.GUARDRAIL.value
KIND_TOOL: Final = OpenInferenceSpanKindValues.TOOL.value
KIND_UNKNOWN: Final = OpenInferenceSpanKindValues.UNKNOWN.value

# --- The coach's own -----------------------------------------------------------------------------
COACH_NODE: Final = "coach.node"
COACH_COST_USD: Final = "coach.cost_usd"
COACH_GUARD_SUBJECT: Final = "coach.guard.subject"
COACH_GUARD_CHECKS: Final = "coach.guard.checks"
COACH_GUARD_FAILURES: Final = "coach.guard.failures"
COACH_GUARD_PASSED: Final = "coach.guard.passed"
COACH_RETRIEVAL_QUERY: Final = "coach.retrieval.query"
COACH_RETRIEVAL_K: Final = "coach.retrieval.k"
COACH_RETRIEVAL_HIT_IDS: Final = "coach.retrieval.hit_ids"
COACH_RETRIEVAL_HIT_COUNT: Final = "coach.retrieval.hit_count"
COACH_INTERRUPT_ID: Final = "coach.interrupt.id"
COACH_INTERRUPT_KIND: Final = "coach.interrupt.kind"
COACH_LINK_RELATION: Final = "coach.link.relation"
COACH_ABANDONED: Final = "coach.abandoned"
COACH_DECISION_ACTION: Final = "coach.decision.action"
COACH_DECISION_SHAPE: Final = "coach.decision.shape"
COACH_DECISION_ANSWER_CHARS: Final = "coach.decision.answer_chars"
COACH_DECISION_FEEDBACK_CHARS: Final = "coach.decision.feedback_chars"
COACH_DECISION_EDITED_FIELDS: Final = "coach.decision.edited_fields"
COACH_DECISION_EDIT_VERDICT: Final = "coach.decision.edit_verdict"
COACH_DECISION_ACKNOWLEDGED: Final = "coach.decision.acknowledged"
COACH_DECISION_ACKNOWLEDGED_ISSUES: Final = "coach.decision.acknowledged_issues"
COACH_DECISION_ERROR: Final = "coach.decision.error"

EVENT_PAUSED: Final = "coach.hitl.paused"
EVENT_DECISION: Final = "coach.hitl.decision"
EVENT_READING: Final = "coach.reading"
COACH_READING_FIELD: Final = "coach.reading.field"
COACH_READING_ANSWERED: Final = "coach.reading.answered"
COACH_READING_RULES: Final = "coach.reading.rules"
COACH_READING_REPLACES: Final = "coach.reading.replaces"
COACH_READING_UNCERTAIN: Final = "coach.reading.uncertain"
COACH_READING_MODEL: Final = "coach.reading.model"
COACH_READING_BY_MODEL: Final = "coach.reading.by_model"
EVENT_PROGRESS: Final = "coach.checkin.progress"
"""What a check-in recorded, on the run that adapted the plan: counts and hours only, never the person's words."""
COACH_PROGRESS_STAGE: Final = "coach.checkin.stage"
COACH_PROGRESS_FOLLOWS: Final = "coach.checkin.follows"
COACH_PROGRESS_STATUSES: Final = "coach.checkin.statuses"
COACH_PROGRESS_HOURS_PLANNED: Final = "coach.checkin.hours_planned"
COACH_PROGRESS_HOURS_REPORTED: Final = "coach.checkin.hours_reported"
COACH_PROGRESS_RATING: Final = "coach.checkin.rating"
COACH_PROGRESS_CHANGES: Final = "coach.checkin.changes"
COACH_PROGRESS_DONE_STAGES: Final = "coach.checkin.done_stages"
LINK_RESUMED_FROM: Final = "resumed_from"
LINK_STARTED_BY: Final = "started_by"
"""From a run's root to the HTTP request that started it."""
LINK_STARTED: Final = "started"
"""From an HTTP request to the run it started."""
GUARDS_SPAN: Final = "guards"
