"""From a run's context to the engines its nodes use.

In-process callers (the session service, the CLI, tests) pass the `AgentDeps` they built as the context.
A run that brings no context, or a JSON one (LangGraph's own server), gets the engines the environment's
settings choose, built once per process.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar, get_type_hints

from langgraph.runtime import Runtime

from agents.deps import AgentDeps
from agents.engines import build_deps
from domain.state import CoachState
from knowledge.base import KnowledgeBase
from settings import load_settings

R = TypeVar("R")


@cache
def environment_deps() -> AgentDeps:
    """Engines from the environment's settings, for runs that bring no engines of their own."""
    settings = load_settings()
    return build_deps(settings, KnowledgeBase.open(settings.user_index_dir))


def resolve_deps(context: object) -> AgentDeps:
    return context if isinstance(context, AgentDeps) else environment_deps()


def with_deps(node: Callable[[CoachState, AgentDeps], R]) -> Callable[..., R]:
    """`node(state, deps)` as a LangGraph node `(state, runtime)`, its return type kept for the graph's edges."""

    def run(state: CoachState, *, runtime: Runtime[Any]) -> R:
        return node(state, resolve_deps(runtime.context))

    run.__name__ = run.__qualname__ = node.__name__
    run.__doc__ = node.__doc__
    run.__annotations__ = {"state": CoachState, "runtime": Runtime[Any],
                           "return": get_type_hints(node).get("return", Any)}
    return run
