"""Structured output through any chat model: JSON-schema mode, one repair attempt, token accounting."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from langchain_openai.chat_models.base import OpenAIRefusalError
from openai import LengthFinishReasonError
from pydantic import BaseModel, ValidationError

from agents.engine import Drafted
from domain.failures import ModelOutputError
from knowledge.base import KnowledgeBase

M = TypeVar("M", bound=BaseModel)

ENTRY_CHARS = 420

REPAIR_PROMPT = (
    "Your previous reply was not a valid JSON document for the schema: {error}\n"
    "Reply again with only the corrected JSON document, nothing else."
)


class StructuredOutputError(ModelOutputError):
    """The model did not produce a schema-valid document, even after one repair attempt."""


def _tokens(message: AIMessage) -> int:
    usage = message.usage_metadata
    return int(usage["input_tokens"] + usage["output_tokens"]) if usage else 0


# What the model may write, tighter than the schema allows: servers that enforce JSON schemas with a grammar
# (llama.cpp, vLLM) then cannot produce a document longer than `max_tokens`, so no reply is cut mid-document.
MAX_STRING_CHARS = 240
MAX_ITEMS = 3


def bounded_schema(
    node: Any,
    max_string: int = MAX_STRING_CHARS,
    max_items: int = MAX_ITEMS,
    choices: Mapping[str, Sequence[str]] | None = None,
) -> Any:
    """A copy of a JSON schema where every free string has a `maxLength` and every array a `maxItems`.

    `choices` restricts named properties (or their items) to listed values, e.g. citations to the ids offered.
    """
    if isinstance(node, list):
        return [bounded_schema(n, max_string, max_items, choices) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: bounded_schema(v, max_string, max_items, choices) for k, v in node.items()}
    for prop, values in (choices or {}).items():
        target = out.get("properties", {}).get(prop)
        if isinstance(target, dict) and values:
            holder = target.get("items", target) if target.get("type") == "array" else target
            holder.pop("maxLength", None)
            holder["enum"] = list(values)
    if out.get("type") == "string" and "enum" not in out and "const" not in out:
        out["maxLength"] = min(int(out.get("maxLength", max_string)), max_string)
    if out.get("type") == "array":
        out["maxItems"] = max(min(int(out.get("maxItems", max_items)), max_items), int(out.get("minItems", 0)))
    return out


def _response_format(
    schema: type[BaseModel], max_string: int, max_items: int, choices: Mapping[str, Sequence[str]] | None
) -> dict[str, Any]:
    bounded = bounded_schema(schema.model_json_schema(), max_string, max_items, choices)
    return {"type": "json_schema", "json_schema": {"name": schema.__name__, "schema": bounded, "strict": False}}


def _invoke(runnable: Any, messages: list[BaseMessage]) -> tuple[AIMessage | None, str | None]:
    """One model call: the reply, or why it is unusable (cut at the token limit, refused)."""
    try:
        reply = runnable.invoke(messages)
    except LengthFinishReasonError:
        return None, "the reply was cut off at the token limit; write a shorter document"
    except OpenAIRefusalError as exc:
        return None, f"the model refused: {exc}"
    except json.JSONDecodeError as exc:
        return None, f"the server's response was not a chat completion ({exc})"
    assert isinstance(reply, AIMessage)
    return reply, None


def _parse(message: AIMessage, schema: type[M]) -> M:
    if refusal := message.additional_kwargs.get("refusal"):
        raise ValueError(f"the model refused: {refusal}")
    content = message.content if isinstance(message.content, str) else json.dumps(message.content)
    text = content.strip().removeprefix("```json").removeprefix("```").removesuffix("```").strip()
    try:
        return schema.model_validate_json(text)
    except ValidationError as exc:
        data = json.loads(text)
        if not _clip(data, exc):
            raise
        return schema.model_validate(data)


def clipped(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:max(limit - 1, 1)]
    cut = cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut
    return cut.rstrip(" ,;:-") + "…"


def _clip(data: Any, exc: ValidationError) -> bool:
    """Strings and lists over their schema's length limit (a long answer copied into one item, say) clipped in
    place, so an over-long reply is shortened instead of failing the run. True when anything was clipped."""
    changed = False
    for error in exc.errors():
        limit = (error.get("ctx") or {}).get("max_length")
        if error["type"] not in ("string_too_long", "too_long") or not isinstance(limit, int):
            continue
        *parents, last = error["loc"]
        holder = data
        for key in parents:
            holder = holder[key]
        value = holder[last]
        holder[last] = clipped(value, limit) if isinstance(value, str) else value[:limit]
        changed = True
    return changed


def call_structured(
    model: BaseChatModel,
    schema: type[M],
    messages: list[BaseMessage],
    *,
    name: str,
    max_string: int = MAX_STRING_CHARS,
    max_items: int = MAX_ITEMS,
    choices: Mapping[str, Sequence[str]] | None = None,
) -> Drafted[M]:
    """Ask for `schema` as JSON; on a parse failure ask once more with the error, then give up clearly."""
    fmt = _response_format(schema, max_string, max_items, choices)
    bound = model.bind(response_format=fmt).with_config(run_name=name)
    conversation = list(messages)
    tokens, error = 0, ""
    for attempt in range(2):
        reply, error_or_none = _invoke(bound, conversation)
        if reply is not None:
            tokens += _tokens(reply)
            try:
                return Drafted(_parse(reply, schema), tokens)
            except (ValidationError, ValueError) as exc:
                error_or_none = str(exc)[:800]
        error = error_or_none or "unusable reply"
        if attempt == 0:
            previous = str(reply.content)[:4000] if reply is not None else "(no usable reply)"
            conversation += [AIMessage(content=previous), HumanMessage(REPAIR_PROMPT.format(error=error))]
    raise StructuredOutputError(
        f"{name}: the model's reply did not match the {schema.__name__} schema after one repair attempt: "
        f"{error[:400]}"
    )


def entries_block(kb: KnowledgeBase, ids: list[str]) -> str:
    """Knowledge entries as 'id: title. text' lines, for grounding a prompt."""
    lines = [f"{i}: {item.title}. {item.text}" for i in dict.fromkeys(ids) if (item := kb.get(i))]
    return "\n".join(line[:ENTRY_CHARS] for line in lines)
