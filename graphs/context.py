"""From a run's context to the engines its nodes use.

The graph's context schema is `CoachContext`: JSON, as LangGraph's own server, Studio and the SDK send it (engine
and model choices only; keys and limits come from the environment's settings). Engines are built from it and the
settings at run time, once per distinct context. In-process callers (the session service, the CLI, tests) may pass
the `AgentDeps` they built instead: it is used as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Annotated, Any, Literal, TypeVar, get_type_hints

from langgraph.runtime import Runtime
from pydantic import Field, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from agents.deps import AgentDeps
from agents.engines import build_deps
from domain.failures import InvalidContext
from domain.state import CoachState
from knowledge.base import KnowledgeBase
from settings import Settings, load_settings

R = TypeVar("R")


class CoachContext(TypedDict, total=False):
    """What a run may choose about its engines. Anything left out comes from the environment (COACH_*)."""

    engine: Annotated[Literal["knowledge", "llm"], Field(
        description="knowledge (offline, deterministic) or llm (a chat model on an OpenAI-compatible endpoint); "
                    "default COACH_ENGINE.")]
    model: Annotated[str, Field(description="The chat model's name (llm engine); default COACH_LLM_MODEL.")]
    base_url: Annotated[str, Field(
        description="The OpenAI-compatible endpoint (llm engine); default COACH_LLM_BASE_URL, else OpenAI's.")]


CONTEXT_ADAPTER: TypeAdapter[CoachContext] = TypeAdapter(CoachContext)


@cache
def _settings() -> Settings:
    return load_settings()


@cache
def _knowledge() -> KnowledgeBase:
    return KnowledgeBase.open(_settings().user_index_dir)


@cache
def _deps_for(engine: str | None, model: str | None, base_url: str | None) -> AgentDeps:
    settings = _settings()
    chosen = {"engine": engine, "llm_model": model, "llm_base_url": base_url}
    return build_deps(settings.model_copy(update={k: v for k, v in chosen.items() if v}), _knowledge())


def context_deps(context: Mapping[str, Any] | None) -> AgentDeps:
    """The engines a JSON context (or none) chooses, built once per distinct choice for the process's lifetime."""
    try:
        chosen = CONTEXT_ADAPTER.validate_python(dict(context or {}))
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:3])
        raise InvalidContext(f"the run's context cannot be used: {problems}") from exc
    return _deps_for(chosen.get("engine"), chosen.get("model"), chosen.get("base_url"))


def resolve_deps(context: object) -> AgentDeps:
    if isinstance(context, AgentDeps):
        return context
    if context is None or isinstance(context, Mapping):
        return context_deps(context)
    raise InvalidContext(f"the run's context is a {type(context).__name__}; expected a JSON object or AgentDeps")


def with_deps(node: Callable[[CoachState, AgentDeps], R]) -> Callable[..., R]:
    """`node(state, deps)` as a LangGraph node `(state, runtime)`, its return type kept for the graph's edges."""

    def run(state: CoachState, *, runtime: Runtime[Any]) -> R:
        return node(state, resolve_deps(runtime.context))

    run.__name__ = run.__qualname__ = node.__name__
    run.__doc__ = node.__doc__
    run.__annotations__ = {"state": CoachState, "runtime": Runtime[Any],
                           "return": get_type_hints(node).get("return", Any)}
    return run
