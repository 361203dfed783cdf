"""What the agents run on, chosen from settings and injected as the graph's runtime context."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from langchain_core.language_models import BaseChatModel
from langgraph.runtime import Runtime

from agents.assessor.interview import AskedQuestion
from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.assessor.llm_engine import LLMAssessor
from agents.assessor.schemas import Assessment, Extraction, Profile
from agents.engine import Drafted, TokenBudgetExceeded
from agents.guards import Guards
from agents.models import load_chat_model
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.planner.llm_engine import LLMPlanner
from agents.planner.schemas import Plan
from agents.reviewer.llm_engine import LLMCritic, NoCritic
from agents.reviewer.schemas import Critique, ReviewIssue
from coach.settings import Limits, Settings, load_settings
from knowledge.base import KnowledgeBase


class AssessorEngine(Protocol):
    def extract(self, asked: AskedQuestion, answer: str, profile: Profile) -> Drafted[Extraction]: ...
    def assess(self, profile: Profile, feedback: str | None = None) -> Drafted[Assessment]: ...


class PlannerEngine(Protocol):
    def draft(
        self, profile: Profile, assessment: Assessment, *, feedback: str | None = None,
        issues: list[ReviewIssue] | None = None, previous: Plan | None = None,
    ) -> Drafted[Plan]: ...


class Critic(Protocol):
    def critique(self, plan: Plan, profile: Profile) -> Drafted[Critique]: ...


@dataclass(frozen=True)
class AgentDeps:
    """The runtime context of the coaching graph."""

    kb: KnowledgeBase
    assessor: AssessorEngine
    planner: PlannerEngine
    critic: Critic
    guards: Guards
    limits: Limits = field(default_factory=Limits)
    engine: str = "knowledge"


def build_deps(settings: Settings, kb: KnowledgeBase, model: BaseChatModel | None = None) -> AgentDeps:
    """Engines from settings: the knowledge engine by default, the LLM engine when `engine == 'llm'`."""
    guards = Guards(kb)
    if settings.engine == "knowledge":
        return AgentDeps(kb=kb, assessor=KnowledgeAssessor(kb), planner=KnowledgePlanner(kb), critic=NoCritic(),
                         guards=guards, limits=settings.limits, engine="knowledge")
    chat = model or load_chat_model(settings)
    return AgentDeps(kb=kb, assessor=LLMAssessor(kb, chat), planner=LLMPlanner(kb, chat), critic=LLMCritic(chat),
                     guards=guards, limits=settings.limits, engine="llm")


def deps_of(runtime: Runtime[AgentDeps]) -> AgentDeps:
    """The run's dependencies, or the environment's when the run brings none (`langgraph dev`)."""
    return runtime.context if runtime.context is not None else default_deps()


@cache
def default_deps() -> AgentDeps:
    """Dependencies from the environment, for runs that bring no context (`langgraph dev`, the Studio)."""
    settings = load_settings()
    return build_deps(settings, KnowledgeBase.open(settings.user_index_dir))


def charge(tokens_used: int, drafted_tokens: int, limits: Limits) -> int:
    """Add a call's tokens to the session's total; past the budget, the run fails with a clear message."""
    total = tokens_used + drafted_tokens
    if total > limits.session_tokens:
        raise TokenBudgetExceeded(
            f"this session has used {total:,} tokens, over its budget of {limits.session_tokens:,}; "
            "raise COACH_LIMIT_SESSION_TOKENS to continue"
        )
    return total


def ensure_budget(tokens_used: int, limits: Limits) -> None:
    if tokens_used >= limits.session_tokens:
        raise TokenBudgetExceeded(
            f"this session has spent its token budget of {limits.session_tokens:,}; "
            "raise COACH_LIMIT_SESSION_TOKENS to continue"
        )
