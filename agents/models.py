"""The chat model factory: the one place a model client is built, from settings, never inside a node."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from settings import Settings


def load_chat_model(settings: Settings, *, base_url: str | None = None, model: str | None = None) -> BaseChatModel:
    """A `ChatOpenAI` for any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp's server).

    Retries live here and only here (the client's own, with backoff, for 429, 5xx and timeouts); the graph
    adds no retry policy on top, so a failing request costs at most `llm_max_retries + 1` HTTP calls.
    """
    key = settings.llm_api_key or SecretStr("not-needed-for-local-servers")
    return ChatOpenAI(
        model=model or settings.llm_model,
        base_url=base_url or settings.llm_base_url,
        api_key=key,
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        max_completion_tokens=settings.llm_max_tokens,
        temperature=0,
    )
