"""What a plan should show for the person it is for: hours that add up, horizons that match, concerns answered,
the situation served, nothing the person cannot do, and language a person would send."""

from __future__ import annotations

import re
from collections.abc import Iterator

from agents.planner.fitting import DEFAULT_BUDGET, stage_budget
from agents.planner.selection import works_away_from_desk
from agents.topics import Topics
from domain.plan import Plan, PlanAction
from evals.properties import Check, Outcome, _applies
from evals.runner import SessionRecord
from knowledge.base import KnowledgeBase

_WEEK_NUMBERS = re.compile(r"(?<!every )\b(\d+)(?:\s+|-)weeks?\b|\bweek (\d+)\b", re.IGNORECASE)
# Template glitches a person should never read.
GLITCHES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("raw id", re.compile(r"\b(?:act|role|dyn|fig|stage|p)\.[a-z0-9.-]+\b")),
    ("raw label", re.compile(r"\b(?:cheaper-execution|quality-security|compute-costs|human-ai-boundary|job_seeking|"
                             r"career_break|employer_ai_rules|no_desk|management_layer|quality_safety)\b")),
    ("doubled unit", re.compile(r"%\s*percent|\b(hours?|weeks?|h/week)\s+\1\b", re.IGNORECASE)),
    ("wrong article", re.compile(r"(?<![\w&])a (?=[aeio][a-z])(?!one\b|use|user|unit|uni)", re.IGNORECASE)),
    ("role-name prefix", re.compile(r"^As [A-Z][^:]{3,80}:")),
    ("empty placeholder", re.compile(r"\{[a-z_]+\}|\bNone\b|\bnull\b")),
    ("double space or stray punctuation", re.compile(r"  |\s[,.;:](?!\d)|\.\.(?!\.)|,,")),
)


def plan_texts(plan: Plan) -> Iterator[str]:
    yield plan.summary
    yield from plan.revision_notes
    for stage in plan.stages:
        yield stage.goal
        for action in stage.actions:
            yield from (action.title, action.why, *action.steps, action.success_metric, *action.addresses)


def _actions(plan: Plan) -> list[PlanAction]:
    return [a for s in plan.stages for a in s.actions]


def _budget(r: SessionRecord) -> float:
    adjustments = r.final["adjustments"]
    return adjustments.hours_budget or r.profile.hours_per_week or DEFAULT_BUDGET


def hours_within_budget(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    over = [s.stage for s in r.plan.stages if s.weekly_hours > _budget(r) + 1e-9]
    return Outcome(not over, f"over budget {_budget(r):g}: {over}")


def budget_used(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    """Each stage uses at least 60% of the hours it may take: the budget, or what a lighter plan allows the stage."""
    budget = _budget(r)
    caps = r.final["adjustments"].stage_caps
    thin = [f"{s.stage} {s.weekly_hours:g}" for s in r.plan.stages
            if s.weekly_hours < stage_budget(min(budget, caps.get(s.stage, budget)))[0] - 1e-9]
    return _applies(budget <= 15, not thin, f"under 60% of {budget:g}: {thin}")


def half_hour_steps(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    odd = [a.hours_per_week for a in _actions(r.plan) if a.hours_per_week < 0.5 or (a.hours_per_week * 2) % 1]
    return Outcome(not odd, f"odd hours {odd}")


def metric_horizon(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    off = []
    for a in _actions(r.plan):
        weeks = [int(n) for m in _WEEK_NUMBERS.finditer(a.success_metric) for n in m.groups() if n]
        if not weeks or max(weeks) != a.duration_weeks:
            off.append(f"{a.title[:30]}: {weeks} vs {a.duration_weeks}")
    return Outcome(not off, "; ".join(off))


def concerns_answered(r: SessionRecord, kb: KnowledgeBase) -> Outcome:
    """Every worry the person named is understood (a kind of worry) and an action says it answers it - or the plan
    says plainly that nothing it may use does (the person ruled those actions out)."""
    labels = kb.catalog.vocabulary.concern_kinds
    said = " ".join([*(x for a in _actions(r.plan) for x in a.addresses), *r.plan.revision_notes])
    missing: list[str] = [k for k in r.profile.concern_kinds if labels[k].label not in said]
    if r.profile.concerns and not r.profile.concern_kinds:
        missing.append(f"not understood: {r.profile.concerns}")
    return _applies(bool(r.profile.concerns), not missing, f"unanswered: {missing}")


def situation_served(r: SessionRecord, kb: KnowledgeBase) -> Outcome:
    """The plan's first stage already serves the person's situation: a job search starts the search, a
    freelancer's plan starts with income and clients; a person no catalog role fits works in their own field."""
    topics = Topics(kb)
    about = set().union(*(topics.of(a) for a in r.plan.stages[0].actions)) if r.plan.stages else set()
    profile, fit = r.profile, r.assessment.fit
    wanted: set[str] = set()
    if profile.situation in ("job_seeking", "student"):
        wanted = {"job search"}
    elif profile.situation == "freelance":
        wanted = {"clients", "income", "pricing"}
    elif profile.seniority == "executive":
        wanted = {"organisation"}
    elif fit == "none" and profile.current_role:
        wanted = {"domain"}
    if wanted == {"domain"}:  # no catalog role: somewhere in the plan, work in the person's own field or their own aim
        about = set().union(*(topics.of(a) for a in _actions(r.plan)))
        wanted = {"domain", "goal"}
    return _applies(bool(wanted), bool(about & wanted), f"none of {sorted(wanted)} in {sorted(about)}")


def nothing_they_cannot_do(r: SessionRecord, kb: KnowledgeBase) -> Outcome:
    entries = {a.id: a for a in kb.catalog.actions}
    profile = r.profile
    role = r.assessment.role_matches[0].role_id if r.assessment.fit != "none" else None
    wrong = []
    for action in _actions(r.plan):
        entry = entries.get(action.catalog_id or "")
        needs = set(entry.needs) if entry else set()
        if "reports" in needs and not profile.leads_people:
            wrong.append(f"{action.title[:40]} needs a team")
        if "deskless" in needs and not works_away_from_desk(profile, role, kb):
            wrong.append(f"{action.title[:40]} is for work away from a desk")
        if "experience" in needs and not profile.experienced:
            wrong.append(f"{action.title[:40]} needs experience")
        if "employer" in needs and profile.situation not in ("employed", None):
            wrong.append(f"{action.title[:40]} needs an employer")
        if "ai_at_work" in needs and {"employer_ai_rules", "privacy"} & set(profile.constraint_kinds):
            wrong.append(f"{action.title[:40]} needs AI at work")
    return Outcome(not wrong, "; ".join(wrong))


def language_clean(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    found = [f"{name}: {m.group(0)!r} in {text[:50]!r}" for text in plan_texts(r.plan)
             for name, pattern in GLITCHES if (m := pattern.search(text))]
    return Outcome(not found, "; ".join(found[:3]))


def tentative_plan_when_thin(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    return _applies(r.assessment.tentative, r.plan.tentative and "tentative" in r.plan.summary, "not marked")


PLAN_CHECKS: dict[str, Check] = {
    "stage hours within budget": hours_within_budget,
    "stage hours use 60% of a budget up to 15 h": budget_used,
    "hours in half-hour steps, at least 0.5": half_hour_steps,
    "metric horizon is the action's duration": metric_horizon,
    "every concern answered by an action": concerns_answered,
    "first stage serves the situation (job search, clients, organisation, domain)": situation_served,
    "nothing the person cannot do (team, employer, AI at work, desk, experience)": nothing_they_cannot_do,
    "language a person would send": language_clean,
    "tentative plan when too little said": tentative_plan_when_thin,
}
