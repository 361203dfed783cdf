"""A scripted chat model for unit tests: answers by the requested JSON schema, never touches a network."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

Responder = Callable[[str, list[BaseMessage]], str | dict[str, Any]]


class ScriptedChatModel(BaseChatModel):
    """Calls `responder(schema_name, messages)`; a dict reply is sent as JSON text. Records every call."""

    responder: Responder
    calls: list[tuple[str, list[BaseMessage]]] = Field(default_factory=list)
    tokens_per_call: tuple[int, int] = (50, 20)

    @property
    def _llm_type(self) -> str:
        return "scripted-fake"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        fmt = kwargs.get("response_format") or {}
        schema = fmt.get("json_schema", {}).get("name", "") if isinstance(fmt, dict) else ""
        self.calls.append((schema, list(messages)))
        reply = self.responder(schema, messages)
        text = json.dumps(reply) if isinstance(reply, dict) else reply
        tin, tout = self.tokens_per_call
        message = AIMessage(content=text, usage_metadata={"input_tokens": tin, "output_tokens": tout,
                                                          "total_tokens": tin + tout})
        return ChatResult(generations=[ChatGeneration(message=message)])
