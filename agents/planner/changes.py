"""What a revision did, said from the two versions and the feedback's operations - never a claim written beside them.

"Removed: Use an AI assistant for first drafts. Hours: at most 3 a week (was 8). Not acted on: 'make it fun' - your
coach can edit it in." Each note is produced from the difference between the plan the person saw and the new one,
and from what their feedback asked for (`Adjustments`); what could not be acted on is said, not hidden.
"""

from __future__ import annotations

import math

from agents.topics import Topics
from domain.feedback import Adjustments, Ask
from domain.plan import Plan, PlanAction

NOTHING_CHANGED = "Nothing in the plan changed: what you asked for is already how it stands."


def _titles(plan: Plan) -> dict[str, PlanAction]:
    return {a.title: a for s in plan.stages for a in s.actions}


def _where(asked: Adjustments, topic: str, how: str) -> str:
    """Where the feedback said it, quoted, so a misreading shows: " (you wrote: 'no more courses')"."""
    ask = next((a for a in asked.asks if topic in (a.exclude if how == "exclude" else a.focus)), None)
    if ask is None:
        return ""
    words = ask.said.split()
    quoted = " ".join(words[:10]).rstrip(".,;:!?- ") + ("\u2026" if len(words) > 10 else "")
    return f" (from \"{quoted}\")"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{'; '.join(items[:-1])} and {items[-1]}"


def heaviest(plan: Plan) -> float:
    """The most hours a week any stage asks, its actions side by side."""
    return max((s.weekly_hours for s in plan.stages), default=0.0)


LIGHTER = 0.7
"""A lighter plan: each stage at most this share of the hours it asked before."""


def lighter_caps(shown: Plan) -> dict[str, float]:
    """Each stage's most hours a week in a lighter plan: below what it asked before, in half-hour steps."""
    return {s.stage: max(0.5, math.floor(s.weekly_hours * LIGHTER * 2) / 2) for s in shown.stages}


def revision_notes(shown: Plan, plan: Plan, asked: Adjustments, topics: Topics) -> list[str]:
    """The operations one round of feedback asked for, each said as done or not, then what else changed."""
    before, after = _titles(shown), _titles(plan)
    notes: list[str] = []
    if asked.hours_budget is not None or asked.lighter:
        was, now = heaviest(shown), heaviest(plan)
        asked_for = f"at most {asked.hours_budget:g} a week" if asked.hours_budget is not None else "a lighter plan"
        notes.append(f"Hours: you asked for {asked_for}; the busiest stage now asks {now:g} a week (was {was:g})."
                     if now != was else f"Hours: you asked for {asked_for}; the busiest stage already asked {now:g} "
                     "a week, so the hours stay.")
    for topic in asked.exclude:
        kept = [t for t, a in after.items() if topic in topics.of(a)]
        said = _where(asked, topic, "exclude")
        notes.append(f"Left out {topic}: no action is about it{said}." if not kept else
                     f"Read as leaving out {topic}, but {_join(kept)} still touches it{said}: your coach can remove "
                     "it.")
    for topic in asked.focus:
        count = sum(topic in topics.of(a) for a in after.values())
        said = _where(asked, topic, "focus")
        notes.append(f"More on {topic}: {count} action{'s are' if count != 1 else ' is'} about it{said}." if count else
                     f"Read as asking for more on {topic}, but nothing I know about it fits your situation{said}; your "
                     "coach can edit an action in.")
    for phrase in asked.unmatched:
        notes.append(f"You asked to take out \"{phrase}\", but no action matches it: your coach can remove one.")
    if asked.pace == "sooner":
        notes.append("Sooner: the stages now run " + ("shorter" if _weeks(plan) < _weeks(shown) else
                                                      "as short as your weekly hours allow") + ".")
    removed = [t for t in before if t not in after]
    added = [t for t in after if t not in before]
    if removed:
        notes.append(f"Removed: {_join(removed)}.")
    if added:
        notes.append(f"Added: {_join(added)}.")
    for ask in asked.asks:
        if not ask.has_op:
            notes.append(f"Not acted on: \"{ask.said}\" - I could not turn that into a change; your coach can edit "
                         "it in.")
        elif not _effective(ask, shown, plan, topics):
            notes.append(f"No change for \"{ask.said}\": the plan already kept to it, or I found nothing to change "
                         "it with; your coach can edit it.")
    return notes or [NOTHING_CHANGED]


def _effective(ask: Ask, shown: Plan, plan: Plan, topics: Topics) -> bool:
    """Whether any operation of one ask changed the plan the way it asked."""
    def about(p: Plan, topic: str) -> int:
        return sum(topic in topics.of(a) for s in p.stages for a in s.actions)

    before, after = _titles(shown), _titles(plan)
    gone = {t for t in before if t not in after}
    ids_gone = {a.catalog_id for t, a in before.items() if t in gone}
    return (any(about(shown, t) and not about(plan, t) for t in ask.exclude)
            or any(about(plan, t) > about(shown, t) for t in ask.focus)
            or any(r in gone or r in ids_gone for r in ask.remove)
            or (ask.fewer_hours and heaviest(plan) < heaviest(shown))
            or (ask.sooner and _weeks(plan) < _weeks(shown))
            or (ask.slower and _weeks(plan) > _weeks(shown))
            or (ask.more and (heaviest(plan) > heaviest(shown) or len(after) > len(before))))


def _weeks(plan: Plan) -> int:
    return sum(s.horizon_weeks for s in plan.stages)
