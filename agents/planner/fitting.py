"""Fitting a stage's actions to the person's week: hours in half-hour steps that use the budget sensibly, weeks
recomputed from the effort, and every mention of time in a step or success metric rewritten to match."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from domain.plan import Plan

STEP = 0.5
MIN_HOURS = 0.5
USE_AT_LEAST = 0.6
"""A stage uses at least this share of the week's budget (up to the ceiling)."""
CEILING = 15.0
"""No stage asks for more than this many hours a week, whatever the budget."""
MAX_WEEKS = 52
DEFAULT_BUDGET = 4.0
# A horizon ("in 8 weeks", "a 6-week", "by week 2", "4 of the 8 weeks"), not a frequency ("every 2 weeks").
_WEEKS = re.compile(r"(?<!every )\b(\d+)(\s*|-)(weeks?)\b|\bweek (\d+)\b|\b(\d+) of the (\d+) weeks\b", re.IGNORECASE)
_ONE_WEEK = re.compile(r"\b(a|one|1) week\b", re.IGNORECASE)
_HOURS_A_WEEK = re.compile(r"\b(\d+(?:\.\d+)?) hours? (a|per|each) week\b", re.IGNORECASE)
_OUTCOME = re.compile(r"\b(sav|cut|less|reduc|win back|freed|fewer)", re.IGNORECASE)


@dataclass(frozen=True)
class Fitted:
    hours: float
    weeks: int


def stage_budget(budget: float) -> tuple[float, float]:
    """(at least, at most) hours a week for one stage."""
    most = min(budget, CEILING)
    least = math.ceil(USE_AT_LEAST * most / STEP - 1e-9) * STEP
    return min(max(least, MIN_HOURS), most), most


def fit_stage(efforts: Sequence[tuple[float, int]], budget: float, *, sooner: bool = False) -> list[Fitted]:
    """Hours and weeks for actions run side by side, from their catalog (hours, weeks).

    The total lands between 60% and 100% of the budget (the whole budget when `sooner`), in half-hour steps of
    at least half an hour; the effort (hours x weeks) of each action is kept by stretching or shrinking weeks."""
    least, most = stage_budget(budget)
    total = sum(h for h, _ in efforts)
    target = most if sooner else min(max(total, least), most)
    hours = [max(MIN_HOURS, _floor_half(h * target / total)) for h, _ in efforts]
    for i in sorted(range(len(hours)), key=lambda i: -efforts[i][0]):  # spend what rounding left, biggest first
        if sum(hours) + STEP <= target + 1e-9:
            hours[i] += STEP
    while sum(hours) > most + 1e-9 and max(hours) > MIN_HOURS:
        hours[hours.index(max(hours))] -= STEP
    return [Fitted(h, weeks_for(eh * ew, h)) for h, (eh, ew) in zip(hours, efforts, strict=True)]


def _floor_half(hours: float) -> float:
    return math.floor(hours / STEP + 1e-9) * STEP


def weeks_for(effort_hours: float, hours_per_week: float) -> int:
    return max(1, min(MAX_WEEKS, math.ceil(effort_hours / hours_per_week - 1e-9)))


def retime(text: str, catalog_weeks: int, weeks: int, catalog_hours: float, hours: float) -> str:
    """`text` with its week numbers scaled to the fitted duration (the catalog's own duration becoming exactly
    `weeks`), and effort in hours a week capped by the fitted hours (savings and cuts are outcomes: kept)."""

    def scale(n: int) -> int:
        return weeks if n == catalog_weeks else max(1, min(weeks, round(n * weeks / catalog_weeks)))

    def week_span(m: re.Match[str]) -> str:
        if m.group(1):
            n = scale(int(m.group(1)))
            unit = "week" if n == 1 or m.group(2) == "-" else "weeks"
            return f"{n}{m.group(2) if m.group(2) == '-' else ' '}{unit}"
        if m.group(4):
            return f"week {scale(int(m.group(4)))}"
        part, whole = scale(int(m.group(5))), scale(int(m.group(6)))
        return f"{min(part, whole)} of the {whole} weeks"

    def effort(m: re.Match[str]) -> str:
        said = float(m.group(1))
        before = text[max(0, m.start() - 40):m.start()]
        if said <= hours or _OUTCOME.search(before):
            return m.group(0)
        scaled = max(MIN_HOURS, _floor_half(said * hours / catalog_hours))
        return f"{scaled:g} hour{'s' if scaled != 1 else ''} {m.group(2)} week"

    if catalog_weeks == 1:  # "within 1 week", "a week": the whole horizon, in words or figures
        text = _ONE_WEEK.sub(f"{weeks} week{'s' if weeks != 1 else ''}", text)
    out = _WEEKS.sub(week_span, text)
    return _HOURS_A_WEEK.sub(effort, out)


def with_horizon(metric: str, weeks: int) -> str:
    """A success metric whose horizon is not the action's own (none named, or only an earlier week) gets it."""
    named = [int(n) for m in _WEEKS.finditer(metric) for n in (m.group(1), m.group(4), m.group(6)) if n]
    if named and max(named) >= weeks:
        return metric
    body = metric.rstrip(". ")
    return f"{body}, within {weeks} week{'s' if weeks != 1 else ''}."


def refit(plan: Plan, budget: float, *, sooner: bool = False) -> Plan:
    """A drafted plan (a model's, say) with each stage fitted to the budget and its time words made to match."""
    stages = []
    for stage in plan.stages:
        fitted = fit_stage([(a.hours_per_week, a.duration_weeks) for a in stage.actions], budget, sooner=sooner)
        actions = [a.model_copy(update={
            "hours_per_week": f.hours, "duration_weeks": f.weeks,
            "steps": [retime(s, a.duration_weeks, f.weeks, a.hours_per_week, f.hours) for s in a.steps],
            "success_metric": with_horizon(
                retime(a.success_metric, a.duration_weeks, f.weeks, a.hours_per_week, f.hours), f.weeks),
        }) for a, f in zip(stage.actions, fitted, strict=True)]
        stages.append(stage.model_copy(update={"actions": actions,
                                               "horizon_weeks": max(a.duration_weeks for a in actions)}))
    return plan.model_copy(update={"stages": stages})
