"""The reviewer's node: the deterministic guards, plus the LLM critique in LLM mode."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.types import Command

from agents.deps import AgentDeps, charge, ensure_budget
from agents.guards import checked_plan, closed_stages, heard_in, placed_in
from agents.reviewer.fallback import WHOLE_PLAN, mended
from domain.failures import StateError
from domain.plan import Plan
from domain.review import Check, Review
from domain.state import CoachState


def review(state: CoachState, deps: AgentDeps) -> Command[Literal["plan", "announce"]]:
    """Send a failing draft back to the planner, at most `max_revisions` times; then on to the human (the plan review,
    announced first)."""
    draft = state["plan"]
    if draft is None:
        raise StateError("the reviewer ran before the planner drafted a plan")
    verdict = checked_plan(deps.guards, draft, state["profile"], subject="plan", adjustments=state["adjustments"],
                           shown=state["shown_plan"], roles=placed_in(state["assessment"]),
                           closed=closed_stages(state), heard=heard_in(state), asked=state["feedback_ops"])
    ensure_budget(state["tokens_used"], deps.limits)
    critique = deps.critic.critique(draft, state["profile"])
    tokens = charge(state["tokens_used"], critique.tokens, deps.limits)
    checks: list[Check] = list(verdict.checks)
    if deps.engine == "llm":
        checks.append("critique")
    verdict = Review.of([*verdict.issues, *critique.value.issues], checks)
    update: dict[str, Any] = {"review": verdict, "tokens_used": tokens}
    if verdict.verdict == "revise" and state["revisions"] < deps.limits.max_revisions:
        return Command(goto="plan", update=update | {"revisions": state["revisions"] + 1})
    if verdict.verdict == "revise" and deps.fallback_planner is not None and state["assessment"] is not None:
        update |= _stood_in(state, deps, draft, verdict)
    return Command(goto="announce", update=update | {"phase": "awaiting_review"})


def _stood_in(state: CoachState, deps: AgentDeps, draft: Plan, verdict: Review) -> dict[str, Any]:
    """The failing parts of the model's last draft replaced by the knowledge engine's (then, if that still fails,
    the whole of the catalog's plan), checked again."""
    assert deps.fallback_planner is not None and state["assessment"] is not None
    catalog = deps.fallback_planner.draft(state["profile"], state["assessment"], adjustments=state["adjustments"]).value
    plan, _ = mended(draft, verdict, catalog)
    kwargs: dict[str, Any] = {"adjustments": state["adjustments"], "shown": state["shown_plan"],
                              "roles": placed_in(state["assessment"]), "closed": closed_stages(state),
                              "heard": heard_in(state), "asked": state["feedback_ops"]}
    review = checked_plan(deps.guards, plan, state["profile"], subject="plan, mended from the catalog", **kwargs)
    if review.verdict == "revise":
        plan = catalog.model_copy(update={"revision_notes": [WHOLE_PLAN, *catalog.revision_notes][:20]})
        review = checked_plan(deps.guards, plan, state["profile"], subject="plan, the catalog's", **kwargs)
    return {"plan": plan, "review": review}
