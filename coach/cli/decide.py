"""What a person at the terminal answers to each pause of `coach chat`: the question's answer, or a review decision
with field-level edits (an action's hours or title, dropping an action, the summary), never raw JSON.

Every prompt asks again until its answer can be used: nothing is approved because an answer did not parse.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.prompt import Confirm, FloatPrompt, Prompt

if TYPE_CHECKING:
    from domain.assessment import Assessment
    from domain.interrupts import (
        AssessmentReviewInterrupt,
        CheckinInterrupt,
        PlanReviewInterrupt,
        ProfileReviewInterrupt,
        QuestionInterrupt,
    )
    from domain.plan import Plan
    from domain.profile import Profile
    from knowledge.base import KnowledgeBase

out = Console()
MAX_HOURS = 40.0
PLAN_EDITS = ("hours", "title", "drop", "summary", "done")


LIST_FIELDS = ("main_tasks", "skills", "ai_tools", "ai_tools_avoided", "times_not", "constraints", "concerns", "goals",
               "avoid")
NUMBER_FIELDS = ("hours_per_week", "years_experience", "hours_worked")


def ask_text(prompt: str) -> str:
    """A non-empty line of text."""
    while True:
        value = Prompt.ask(prompt).strip()
        if value:
            return value
        out.print("[yellow]Please type something (or 'skip').[/]")


def answer(pending: QuestionInterrupt | CheckinInterrupt) -> dict[str, Any]:
    if pending.kind == "checkin":
        again = "[yellow](asked again)[/] " if pending.error else ""
        progress = f"[dim]{pending.asked}/{pending.of}[/] "
        return {"answer": Prompt.ask(f"{progress}{again}[bold cyan]{pending.prompt}[/]")}
    again = "[yellow](asked again)[/] " if pending.attempt > 1 else ""
    progress = f"[dim]{pending.progress.asked}/{pending.progress.max}[/] "
    return {"answer": Prompt.ask(f"{progress}{again}[bold cyan]{pending.prompt}[/]")}


def confirm_profile(pending: ProfileReviewInterrupt, kb: KnowledgeBase) -> dict[str, Any]:
    """The person checks what was understood: confirm it, correct one field at a time, or say what is wrong."""
    from domain.understanding import kind_labels, understood

    lines = understood(pending.draft, kinds=kind_labels(kb.catalog.vocabulary))
    body = [f"{n}. {line.label}: {line.value}" + ("  [yellow](not sure - please check)[/]" if line.unsure else "")
            for n, line in enumerate(lines, start=1)]
    out.print(Panel("\n".join(body), title="What I understood"))
    if pending.error:
        out.print(f"[yellow]{pending.error}[/]")
    while True:
        action = Prompt.ask("confirm, correct a field, or tell me what's wrong?",
                            choices=["confirm", "correct", "tell"], default="confirm")
        if action == "confirm":
            return {"action": "approve"}
        if action == "tell":
            return {"action": "reject", "feedback": ask_text("What did I get wrong or miss?")}
        if edits := _profile_edit(pending.draft, [line.field for line in lines]):
            return {"action": "edit", "edits": edits}


def _profile_edit(profile: Profile, fields: list[str]) -> dict[str, Any]:
    numbered = {str(n): f for n, f in enumerate(fields, start=1)}
    field = numbered[Prompt.ask("Which number?", choices=list(numbered), show_choices=False)]
    if field in LIST_FIELDS:
        said = Prompt.ask("New value (items separated by commas; empty to clear)", default="")
        return {field: [i.strip() for i in said.split(",") if i.strip()]}
    if field in NUMBER_FIELDS:
        value = FloatPrompt.ask("New value")
        return {field: value} if 0 < value <= 60 or field == "hours_worked" else {}
    if field == "situation":
        return {field: Prompt.ask("Which fits", choices=["employed", "job_seeking", "freelance", "student",
                                                         "career_break"])}
    if field == "ai_at_work":
        return {field: Confirm.ask("May you use AI tools on work material?", default=False)}
    return {field: ask_text("New value")}


def show(pending: AssessmentReviewInterrupt | PlanReviewInterrupt, kb: KnowledgeBase) -> None:
    from agents.planner.render import plan_markdown
    from domain.plan import Plan

    if isinstance(pending.draft, Plan):
        out.print(Markdown(plan_markdown(pending.draft, kb)))
    else:
        draft = pending.draft
        best = draft.role_matches[0] if draft.role_matches else None
        lines = [f"Best match: {best.name} ({best.confidence:.0%})" if best else
                 "Best match: none of the catalog's roles"]
        lines += [f"- {e.dynamic}: {e.level}" for e in draft.exposure]
        lines += ["", draft.risk_summary]
        out.print(Panel("\n".join(lines), title="Assessment"))
    for issue in pending.review.issues if pending.review else []:
        out.print(f"  [yellow]{issue.severity}[/] {issue.path}: {issue.message}")


def decide(pending: AssessmentReviewInterrupt | PlanReviewInterrupt) -> dict[str, Any]:
    """Approve (acknowledging open errors), reject with feedback, or edit field by field."""
    errors = [i for i in (pending.review.issues if pending.review else []) if i.severity == "error"]
    while True:
        action = Prompt.ask("approve, edit or reject?", choices=["approve", "edit", "reject"], default="approve")
        if action == "reject":
            return {"action": "reject", "feedback": ask_text("What should change?")}
        if action == "approve":
            if not errors:
                return {"action": "approve"}
            if Confirm.ask(f"The guards found {len(errors)} error(s) in this draft. Approve anyway?", default=False):
                return {"action": "approve", "acknowledge": True}
            continue
        edits = edit_plan(pending.draft) if pending.kind == "plan_review" else edit_assessment(pending.draft)
        if edits:
            return {"action": "edit", "edits": edits}
        out.print("No edit made.")


def edit_assessment(draft: Assessment | Plan) -> dict[str, Any]:
    from domain.assessment import Assessment

    assert isinstance(draft, Assessment)
    out.print(f"Risk summary now: {draft.risk_summary}")
    if not Confirm.ask("Reword the risk summary?", default=True):
        return {}
    return {"risk_summary": ask_text("New risk summary")}


def _actions(plan: Plan) -> list[tuple[str, int, int]]:
    """(label, stage index, action index) of every action, labelled 'stage.action' from 1."""
    return [(f"{s + 1}.{a + 1}", s, a) for s, stage in enumerate(plan.stages) for a in range(len(stage.actions))]


def _pick(plan: Plan, dropped: set[tuple[int, int]]) -> tuple[int, int]:
    labels = {label: (s, a) for label, s, a in _actions(plan)}
    for label, (s, a) in labels.items():
        action = plan.stages[s].actions[a]
        mark = " [dim](dropped)[/]" if (s, a) in dropped else ""
        out.print(f"  {label}  {action.title} — {action.hours_per_week:g} h/week{mark}")
    choice = Prompt.ask("Which action?", choices=list(labels), show_choices=False)
    return labels[choice]


def _hours(current: float) -> float:
    while True:
        value = FloatPrompt.ask(f"Hours a week (now {current:g})")
        if 0 < value <= MAX_HOURS:
            return round(value * 2) / 2
        out.print(f"[yellow]Between 0.5 and {MAX_HOURS:g} hours a week, please.[/]")


def edit_plan(draft: Assessment | Plan) -> dict[str, Any]:
    """Edits to the plan's top-level fields: `summary`, and `stages` as a whole list when an action changed."""
    from domain.plan import Plan

    assert isinstance(draft, Plan)
    working = draft.model_dump(mode="json")
    dropped: set[tuple[int, int]] = set()
    steps: dict[str, Callable[[], None]] = {}

    def on_action(change: Callable[[dict[str, Any], int, int], None]) -> Callable[[], None]:
        def run() -> None:
            s, a = _pick(draft, dropped)
            change(working["stages"][s]["actions"][a], s, a)
        return run

    steps["hours"] = on_action(lambda action, _s, _a: action.update(hours_per_week=_hours(action["hours_per_week"])))
    steps["title"] = on_action(lambda action, _s, _a: action.update(title=ask_text("New title")))
    steps["drop"] = on_action(lambda _action, s, a: dropped.symmetric_difference_update({(s, a)}))
    steps["summary"] = lambda: working.update(summary=ask_text("New summary"))
    while (step := Prompt.ask("Edit what?", choices=list(PLAN_EDITS), default="done")) != "done":
        steps[step]()
    return _plan_edits(draft, working, dropped)


def _plan_edits(draft: Plan, working: dict[str, Any], dropped: set[tuple[int, int]]) -> dict[str, Any]:
    original = draft.model_dump(mode="json")
    edits: dict[str, Any] = {}
    if working["summary"] != original["summary"]:
        edits["summary"] = working["summary"]
    stages = [
        {**stage, "actions": [action for a, action in enumerate(stage["actions"]) if (s, a) not in dropped]}
        for s, stage in enumerate(working["stages"])
    ]
    if stages != original["stages"]:
        edits["stages"] = stages
    return edits
