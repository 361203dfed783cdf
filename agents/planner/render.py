"""The plan as Markdown: stages, actions with their effort, steps and success metric, numbered sources."""

from __future__ import annotations

from domain.plan import Plan, PlanAction, PlanStage
from knowledge.base import KnowledgeBase
from reading.deadline import weeks_words

STAGE_TITLES = {"survive": "Survive", "adapt": "Adapt", "lead": "Lead"}


def _hours(value: float) -> str:
    return f"{value:g} h/week"


def effort(action: PlanAction) -> str:
    """What an action asks: "3 h/week for 6 weeks"."""
    return f"{_hours(action.hours_per_week)} for {weeks_words(action.duration_weeks)}"


class _Sources:
    """Citation ids numbered in order of first use."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def refs(self, ids: list[str]) -> str:
        numbers = []
        for cid in ids:
            if cid not in self.order:
                self.order.append(cid)
            numbers.append(self.order.index(cid) + 1)
        return ", ".join(f"[{n}]" for n in numbers)


def _action(action: PlanAction, sources: _Sources) -> list[str]:
    lines = [f"### {action.title}", "", action.why, "",
             f"- **Effort:** {effort(action)}",
             f"- **Success metric:** {action.success_metric}"]
    if action.addresses:
        lines.append(f"- **Answers:** {'; '.join(action.addresses)}")
    lines += [f"- **Sources:** {sources.refs(action.citations)}", "", "Steps:", ""]
    lines += [f"{i}. {step}" for i, step in enumerate(action.steps, 1)]
    return [*lines, ""]


def _stage(index: int, stage: PlanStage, sources: _Sources) -> list[str]:
    title = STAGE_TITLES.get(stage.stage, stage.stage.title())
    lines = [f"## {index}. {title}: {stage.goal}", "",
             f"_{weeks_words(stage.horizon_weeks)}, about {_hours(stage.weekly_hours)} in all_", ""]
    for action in stage.actions:
        lines += _action(action, sources)
    return lines


def plan_markdown(plan: Plan, kb: KnowledgeBase, *, status: str | None = None, version: int | None = None) -> str:
    """The plan for people: every citation resolved to its title and provenance through the knowledge base."""
    sources = _Sources()
    lines = ["# Your career plan", ""]
    if status is not None:
        label = f"{status}, version {version}" if version is not None else status
        lines += [f"_Plan status: {label}_", ""]
    if plan.tentative:
        lines += ["_Tentative: built from an interview that told me little._", ""]
    lines += [plan.summary, ""]
    if plan.open_issues:
        lines += ["## Open issues", "", "_Approved with these checks still failing:_", ""]
        lines += [f"- {issue}" for issue in plan.open_issues] + [""]
    for index, stage in enumerate(plan.stages, 1):
        lines += _stage(index, stage, sources)
    if plan.revision_notes:
        lines += ["## Revision notes", ""] + [f"- {note}" for note in plan.revision_notes] + [""]
    lines += ["## Sources", ""]
    lines += [f"{number}. {source_text(kb, cid, markdown=True)}" for number, cid in enumerate(sources.order, 1)]
    return "\n".join(lines).rstrip() + "\n"


def source_text(kb: KnowledgeBase, cid: str, *, markdown: bool = False) -> str:
    """A cited entry by its title and provenance, resolved through the knowledge base (an id it lacks, said so)."""
    code, strong = ("`", "**") if markdown else ("", "")
    item = kb.get(cid)
    if item is None:
        return f"{code}{cid}{code} (not in the knowledge base)"
    return f"{strong}{item.title}{strong} ({code}{cid}{code}; {item.source_id}, {item.locator})"
