"""Message content as span attributes, for when content capture is on. Everything here is redacted.

Messages follow the GenAI input/output message JSON shape (role + parts); the OpenInference flattened
``llm.input_messages.{i}.message.*`` attributes are set too so Phoenix renders the conversation.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, Generation
from opentelemetry.util.types import AttributeValue

from observability import semconv
from observability.redaction import redact, truncate

_ROLES = {"human": "user", "ai": "assistant", "system": "system", "tool": "tool", "function": "tool"}


def clean(text: str, limit: int) -> str:
    """Redact first so a cut can never leave half an address behind, then cut."""
    return truncate(redact(text), limit)


def _role(message: BaseMessage) -> str:
    role = getattr(message, "role", None)  # ChatMessage carries its own role
    return role if isinstance(role, str) and role else _ROLES.get(message.type, message.type)


def _tool_call_parts(message: AIMessage, limit: int) -> list[dict[str, Any]]:
    return [
        {
            "type": "tool_call",
            "id": call.get("id"),
            "name": call["name"],
            "arguments": clean(json.dumps(call.get("args", {}), default=str), limit),
        }
        for call in message.tool_calls
    ]


def message_json(message: BaseMessage, limit: int) -> dict[str, Any]:
    """One message as {"role", "parts"}; each part's text redacted and cut to ``limit``."""
    parts: list[dict[str, Any]] = []
    if isinstance(message, ToolMessage):
        parts.append({"type": "tool_call_response", "id": message.tool_call_id, "response": clean(message.text, limit)})
    elif message.text:
        parts.append({"type": "text", "content": clean(message.text, limit)})
    if isinstance(message, AIMessage):
        parts.extend(_tool_call_parts(message, limit))
    return {"role": _role(message), "parts": parts}


def prompt_json(prompt: str, limit: int) -> dict[str, Any]:
    return {"role": "user", "parts": [{"type": "text", "content": clean(prompt, limit)}]}


def generation_json(generation: Generation, limit: int) -> dict[str, Any]:
    """One output choice as {"role", "parts", "finish_reason"}."""
    if isinstance(generation, ChatGeneration):
        output = message_json(generation.message, limit)
        output["role"] = "assistant"
    else:
        output = prompt_json(generation.text, limit) | {"role": "assistant"}
    reason = (generation.generation_info or {}).get("finish_reason")
    if reason is None and isinstance(generation, ChatGeneration):
        reason = generation.message.response_metadata.get("finish_reason")
    output["finish_reason"] = str(reason) if reason else "stop"
    return output


def _text_of(message: dict[str, Any]) -> str:
    texts = [part.get("content") or part.get("response") or part.get("arguments") or "" for part in message["parts"]]
    return "\n".join(text for text in texts if text)


def input_attributes(messages: Sequence[dict[str, Any]]) -> dict[str, AttributeValue]:
    """GenAI and OpenInference attributes for the messages sent to a model."""
    attributes: dict[str, AttributeValue] = {
        semconv.GEN_AI_INPUT_MESSAGES: json.dumps(messages, ensure_ascii=False),
        semconv.INPUT_VALUE: json.dumps({"messages": messages}, ensure_ascii=False),
        semconv.INPUT_MIME_TYPE: semconv.MIME_JSON,
    }
    for index, message in enumerate(messages):
        prefix = f"{semconv.LLM_INPUT_MESSAGES}.{index}."
        attributes[prefix + semconv.MESSAGE_ROLE] = message["role"]
        attributes[prefix + semconv.MESSAGE_CONTENT] = _text_of(message)
    return attributes


def output_attributes(messages: Sequence[dict[str, Any]]) -> dict[str, AttributeValue]:
    """GenAI and OpenInference attributes for what a model returned."""
    attributes: dict[str, AttributeValue] = {
        semconv.GEN_AI_OUTPUT_MESSAGES: json.dumps(messages, ensure_ascii=False),
        semconv.OUTPUT_VALUE: _text_of(messages[0]) if messages else "",
        semconv.OUTPUT_MIME_TYPE: semconv.MIME_TEXT,
    }
    for index, message in enumerate(messages):
        prefix = f"{semconv.LLM_OUTPUT_MESSAGES}.{index}."
        attributes[prefix + semconv.MESSAGE_ROLE] = message["role"]
        attributes[prefix + semconv.MESSAGE_CONTENT] = _text_of(message)
    return attributes
