"""The reviewer's node: deterministic guards (a traced 'guards' step), plus the LLM critique in LLM mode."""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.runnables import RunnableLambda
from langgraph.runtime import Runtime
from langgraph.types import Command

from agents.assessor.schemas import Profile
from agents.deps import AgentDeps, charge, deps_of, ensure_budget
from agents.guards import Guards
from agents.planner.schemas import Plan
from agents.reviewer.schemas import Check, Review
from graphs.state import CoachState


def guard_step(guards: Guards, plan: Plan, profile: Profile) -> Review:
    """Run the guards as a named runnable, so traces show a 'guards' span with checks and failures."""

    def run(_: object) -> dict[str, Any]:
        review = guards.check_plan(plan, profile)
        return {"review": review, "checks": list(review.checks),
                "failures": [f"{i.check}@{i.path}: {i.message}" for i in review.issues if i.severity == "error"]}

    out: dict[str, Any] = RunnableLambda(run, name="guards").invoke({})
    review: Review = out["review"]
    return review


def review(state: CoachState, runtime: Runtime[AgentDeps]) -> Command[Literal["plan", "plan_review"]]:
    """Send a failing draft back to the planner, at most `max_revisions` times; then on to the human."""
    deps = deps_of(runtime)
    draft = state["plan"]
    assert draft is not None, "the reviewer runs after the planner"
    verdict = guard_step(deps.guards, draft, state["profile"])
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
