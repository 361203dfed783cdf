"""A plan sized to the person's deadline: money running out, a contract ending, a coach's "compress to 16 weeks".

The stages' weeks add up to at most the deadline (each shrunk in proportion, a week at least), the job search and
interview preparation run in the first stage, where they can still help, and the summary says so from the plan's own
numbers. The guard (`agents.claims.ClaimChecker.deadline`) fails a draft that runs past it.
"""

from __future__ import annotations

import math

from agents.claims import deadline_for as deadline_weeks
from agents.planner.fitting import refit, retime, with_horizon
from agents.topics import Topics
from domain.plan import Plan, PlanAction, PlanStage
from reading.deadline import weeks_words
from reading.text import clipped

__all__ = ["SEARCH_TOPICS", "deadline_weeks", "sized_sentence", "sized_to_deadline", "total_weeks"]

SEARCH_TOPICS = frozenset({"applications", "interviews"})
"""What getting a job is about: before the deadline, never after it."""
MAX_ACTIONS = 5
SUMMARY_CHARS = 600
SIZED = "The whole plan is sized to your deadline:"


def total_weeks(plan: Plan) -> int:
    return sum(s.horizon_weeks for s in plan.stages)


def sized_sentence(plan: Plan, weeks: int, topics: Topics) -> str:
    """What the summary says of the deadline, from the plan's own weeks."""
    spans = _join([f"{s.stage} {weeks_words(s.horizon_weeks)}" for s in plan.stages])
    first = plan.stages[0].actions if plan.stages else []
    search = " The job search and interview preparation come first, while there is time." if any(
        SEARCH_TOPICS & topics.of(a) for a in first) else ""
    return (f"{SIZED} {spans}, {weeks_words(total_weeks(plan))} in all, inside the {weeks_words(weeks)} you "
            f"have.{search}")


def _join(items: list[str]) -> str:
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def sized_to_deadline(plan: Plan, weeks: int, topics: Topics, budget: float) -> Plan:
    """`plan` fitted inside `weeks`: the search first, every stage shrunk in proportion, the summary saying so."""
    sized = _compressed(_search_first(plan, topics, budget), weeks)
    sentence = sized_sentence(sized, weeks, topics)
    base = sized.summary.split(f" {SIZED}")[0].split(SIZED)[0].strip()
    summary = f"{clipped(base, SUMMARY_CHARS - len(sentence) - 1)} {sentence}" if base else sentence
    return sized.model_copy(update={"summary": summary})


def _search_first(plan: Plan, topics: Topics, budget: float) -> Plan:
    """The job search and interview preparation of later stages moved into the first, beside its own actions (the
    week's hours shared again among them); where the first stage is full, in place of one of its actions that is no
    search, which takes the searcher's place."""
    if len(plan.stages) < 2:
        return plan
    stages = [list(s.actions) for s in plan.stages]
    first = stages[0]
    for later in stages[1:]:
        for action in [a for a in later if SEARCH_TOPICS & topics.of(a)]:
            if len(first) < MAX_ACTIONS and len(later) > 1:
                later.remove(action)
                first.append(action)
                continue
            swap = next((i for i in reversed(range(len(first))) if not SEARCH_TOPICS & topics.of(first[i])), None)
            if swap is not None:
                at = later.index(action)
                later[at], first[swap] = first[swap], action
    if [list(s.actions) for s in plan.stages] == stages:
        return plan
    refitted = [stage if list(stage.actions) == actions else  # a stage that gained or lost one: its week shared again
                refit(Plan(summary="-", stages=[stage.model_copy(update={"actions": actions})]), budget).stages[0]
                for stage, actions in zip(plan.stages, stages, strict=True)]
    return plan.model_copy(update={"stages": refitted})


def _compressed(plan: Plan, weeks: int) -> Plan:
    """Each stage's weeks shrunk in proportion until they add up to at most `weeks` (a week each at least), its
    actions' weeks with it, and the weeks their steps and success metrics name."""
    total = total_weeks(plan)
    if total <= weeks:
        return plan
    spans = [max(1, math.floor(s.horizon_weeks * weeks / total)) for s in plan.stages]
    while sum(spans) > weeks and max(spans) > 1:
        spans[spans.index(max(spans))] -= 1
    for i in sorted(range(len(spans)), key=lambda i: -plan.stages[i].horizon_weeks):  # weeks rounding left over
        if sum(spans) < weeks and spans[i] < plan.stages[i].horizon_weeks:
            spans[i] += 1
    return plan.model_copy(update={"stages": [_stage(s, span) for s, span in zip(plan.stages, spans, strict=True)]})


def _stage(stage: PlanStage, span: int) -> PlanStage:
    if span >= stage.horizon_weeks:
        return stage
    actions = [_action(a, max(1, min(span, round(a.duration_weeks * span / stage.horizon_weeks))))
               for a in stage.actions]
    return stage.model_copy(update={"actions": actions, "horizon_weeks": span})


def _action(action: PlanAction, weeks: int) -> PlanAction:
    if weeks >= action.duration_weeks:
        return action
    hours = action.hours_per_week
    return action.model_copy(update={
        "duration_weeks": weeks,
        "steps": [retime(s, action.duration_weeks, weeks, hours, hours) for s in action.steps],
        "success_metric": with_horizon(retime(action.success_metric, action.duration_weeks, weeks, hours, hours),
                                       weeks),
    })
