"""What a LangChain model run says about itself: model, provider, request parameters, usage, finish reasons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langchain_core.outputs import ChatGeneration, LLMResult
from opentelemetry.util.types import AttributeValue

from observability import semconv

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
OPENINFERENCE_PROVIDERS = {
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


def model_name(serialized: Mapping[str, Any], metadata: Mapping[str, Any], params: Mapping[str, Any]) -> str:
    for source in (params, serialized.get("kwargs") or {}):
        for key in ("model", "model_name", "model_id", "deployment_name"):
            value = source.get(key)
            if isinstance(value, str) and value:
                return value
    value = metadata.get("ls_model_name")
    return value if isinstance(value, str) and value else "unknown"


def provider_name(serialized: Mapping[str, Any], metadata: Mapping[str, Any]) -> str:
    ls_provider = metadata.get("ls_provider")
    if isinstance(ls_provider, str) and ls_provider:
        return _PROVIDERS.get(ls_provider.lower(), ls_provider.lower())
    path = serialized.get("id") or []
    class_name = path[-1] if isinstance(path, list) and path else serialized.get("name")
    return _CLASS_PROVIDERS.get(str(class_name), "unknown")


def request_parameters(params: Mapping[str, Any]) -> dict[str, AttributeValue]:
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


def chat_generations(response: LLMResult) -> list[ChatGeneration]:
    return [choice for choices in response.generations for choice in choices if isinstance(choice, ChatGeneration)]


def token_usage(response: LLMResult) -> tuple[int, int] | None:
    for choice in chat_generations(response):
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


def response_model(response: LLMResult) -> str | None:
    for choice in chat_generations(response):
        metadata = choice.message.response_metadata
        value = metadata.get("model_name") or metadata.get("model")
        if isinstance(value, str) and value:
            return value
    output = response.llm_output or {}
    value = output.get("model_name") or output.get("model")
    return value if isinstance(value, str) and value else None


def finish_reasons(response: LLMResult) -> list[str]:
    reasons = []
    for choices in response.generations:
        for choice in choices:
            reason = (choice.generation_info or {}).get("finish_reason")
            if reason is None and isinstance(choice, ChatGeneration):
                reason = choice.message.response_metadata.get("finish_reason")
            if reason:
                reasons.append(str(reason))
    return reasons
