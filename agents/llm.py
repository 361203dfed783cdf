"""Structured output through any chat model: JSON-schema mode, one repair attempt, token accounting."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from pydantic import BaseModel, ValidationError

from agents.engine import Drafted

M = TypeVar("M", bound=BaseModel)

REPAIR_PROMPT = (
    "Your previous reply was not a valid JSON document for the schema: {error}\n"
    "Reply again with only the corrected JSON document, nothing else."
)


class StructuredOutputError(RuntimeError):
    """The model did not produce a schema-valid document, even after one repair attempt."""


def _tokens(message: AIMessage) -> int:
    usage = message.usage_metadata
    return int(usage["input_tokens"] + usage["output_tokens"]) if usage else 0


def _response_format(schema: type[BaseModel]) -> dict[str, Any]:
    return {"type": "json_schema",
            "json_schema": {"name": schema.__name__, "schema": schema.model_json_schema(), "strict": False}}


def _parse(message: AIMessage, schema: type[M]) -> M:
    if refusal := message.additional_kwargs.get("refusal"):
        raise ValueError(f"the model refused: {refusal}")
    content = message.content if isinstance(message.content, str) else json.dumps(message.content)
    text = content.strip().removeprefix("```json").removeprefix("```").removesuffix("```").strip()
    return schema.model_validate_json(text)


def call_structured(model: BaseChatModel, schema: type[M], messages: list[BaseMessage], *, name: str) -> Drafted[M]:
    """Ask for `schema` as JSON; on a parse failure ask once more with the error, then give up clearly."""
    bound = model.bind(response_format=_response_format(schema)).with_config(run_name=name)
    first = bound.invoke(messages)
    assert isinstance(first, AIMessage)
    tokens = _tokens(first)
    try:
        return Drafted(_parse(first, schema), tokens)
    except (ValidationError, ValueError) as exc:
        error = str(exc)[:800]
    retry = [*messages, AIMessage(content=str(first.content)[:4000]), HumanMessage(REPAIR_PROMPT.format(error=error))]
    second = bound.invoke(retry)
    assert isinstance(second, AIMessage)
    tokens += _tokens(second)
    try:
        return Drafted(_parse(second, schema), tokens)
    except (ValidationError, ValueError) as exc:
        raise StructuredOutputError(
            f"{name}: the model's reply did not match the {schema.__name__} schema after one repair attempt: "
            f"{str(exc)[:400]}"
        ) from exc
