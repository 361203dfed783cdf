"""The reviewer's node: the deterministic guards, plus the LLM critique in LLM mode."""

from __future__ import annotations

from typing import Literal

from langgraph.types import Command

from agents.deps import AgentDeps, charge, ensure_budget
from agents.guards import checked_plan
from domain.failures import StateError
from domain.review import Check, Review
from domain.state import CoachState


def review(state: CoachState, deps: AgentDeps) -> Command[Literal["plan", "plan_review"]]:
    """Send a failing draft back to the planner, at most `max_revisions` times; then on to the human."""
    draft = state["plan"]
    if draft is None:
        raise StateError("the reviewer ran before the planner drafted a plan")
    verdict = checked_plan(deps.guards, draft, state["profile"], subject="plan", adjustments=state["adjustments"])
    ensure_budget(state["tokens_used"], deps.limits)
    critique = deps.critic.critique(draft, state["profile"])
    tokens = charge(state["tokens_used"], critique.tokens, deps.limits)
    checks: list[Check] = list(verdict.checks)
    if deps.engine == "llm":
        checks.append("critique")
    verdict = Review.of([*verdict.issues, *critique.value.issues], checks)
    update = {"review": verdict, "tokens_used": tokens}
    if verdict.verdict == "revise" and state["revisions"] < deps.limits.max_revisions:
        return Command(goto="plan", update=update | {"revisions": state["revisions"] + 1})
    return Command(goto="plan_review", update=update | {"phase": "awaiting_review"})
