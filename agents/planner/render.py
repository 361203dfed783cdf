"""The plan as Markdown, with every citation resolved to its title and provenance."""

from __future__ import annotations

from agents.planner.schemas import Plan
from knowledge.base import KnowledgeBase

STAGE_TITLES = {"survive": "Survive", "adapt": "Adapt", "lead": "Lead"}


def plan_markdown(plan: Plan, kb: KnowledgeBase) -> str:
    lines = ["# Your survive / adapt / lead plan", "", plan.summary, ""]
    cited: dict[str, str] = {}
    for stage in plan.stages:
        lines += [f"## {STAGE_TITLES[stage.stage]} — {stage.horizon_weeks} weeks, "
                  f"{stage.weekly_hours:g} h/week", "", f"**Goal:** {stage.goal}", ""]
        for action in stage.actions:
            refs = []
            for cid in action.citations:
                item = kb.get(cid)
                cited[cid] = f"{item.title} ({item.source_id}, {item.locator})" if item else "unresolved"
                refs.append(f"[{cid}]")
            lines += [f"### {action.title}",
                      f"*{action.hours_per_week:g} h/week for {action.duration_weeks} weeks*", "", action.why, ""]
            lines += [f"{n}. {step}" for n, step in enumerate(action.steps, 1)]
            lines += ["", f"**Success:** {action.success_metric}", "", f"Sources: {', '.join(refs)}", ""]
    if plan.revision_notes:
        lines += ["## What changed in this revision", ""] + [f"- {n}" for n in plan.revision_notes] + [""]
    lines += ["## Sources", ""] + [f"- `{cid}`: {text}" for cid, text in cited.items()]
    return "\n".join(lines) + "\n"
