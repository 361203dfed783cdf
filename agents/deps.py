"""What the agents run on: the engine protocols and the bundle a node receives. No engine is imported here,
so an agent's node depends on the protocols only, never on another agent (`agents/engines.py` builds them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

from agents.engine import Drafted
from agents.guards import Guards
from domain.assessment import Assessment
from domain.failures import TokenBudgetExceeded
from domain.feedback import Adjustments
from domain.interview import AskedQuestion
from domain.plan import Plan
from domain.profile import Extraction, Profile
from domain.review import Critique, ReviewIssue
from knowledge.base import KnowledgeBase
from reading.answers import AnswerReader, reader_for
from settings import Limits


class AssessorEngine(Protocol):
    def extract(self, asked: AskedQuestion, answer: str, profile: Profile) -> Drafted[Extraction]: ...
    def assess(self, profile: Profile, feedback: str | None = None) -> Drafted[Assessment]: ...


class PlannerEngine(Protocol):
    def draft(
        self, profile: Profile, assessment: Assessment, *, feedback: str | None = None,
        issues: list[ReviewIssue] | None = None, previous: Plan | None = None, adjustments: Adjustments | None = None,
    ) -> Drafted[Plan]: ...


class Critic(Protocol):
    def critique(self, plan: Plan, profile: Profile) -> Drafted[Critique]: ...


@dataclass(frozen=True)
class AgentDeps:
    """Everything the agents' nodes run on, resolved from the run's context before a node runs."""

    kb: KnowledgeBase
    assessor: AssessorEngine
    planner: PlannerEngine
    critic: Critic
    guards: Guards
    limits: Limits = field(default_factory=Limits)
    engine: str = "knowledge"
    fallback_assessor: AssessorEngine | None = None
    """The knowledge engine, standing in where a chat model's draft still fails the guards (LLM engine only)."""
    fallback_planner: PlannerEngine | None = None

    @cached_property
    def reader(self) -> AnswerReader:
        """How people's words are read, for both engines: answers, corrections at the profile review, feedback."""
        return reader_for(self.kb)


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
