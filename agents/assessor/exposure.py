"""How exposed the person's own work is to each dynamic: the level the catalog or their tasks start from, what moves
it, and where the dynamic meets the work they named.

Where the change in someone's work is a machine they named (robot tugs, kiosks, an automatic feeder, smart meters),
the exposure says so in their words: a machine taking over part of the work is not AI drafting text, and the sources
speak of software far more than of machines like these - the assessment says that plainly rather than describe a
porter's robots as "routine work AI now drafts quickly".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.assessor.phrases import and_list
from domain.profile import Profile
from knowledge.models import DynamicId, Exposure
from reading.rules import rule
from reading.signals import short_task

LEVELS: tuple[Exposure, ...] = ("low", "medium", "high")


@dataclass(frozen=True)
class Reading:
    """The person's tasks as the exposure reads them."""

    routine: list[str]
    judgement: list[str]
    total: int
    machine: str | None = None
    """The machine the person named as coming into their work (`machine_named`), if any."""


def bump(level: Exposure, by: int) -> Exposure:
    return LEVELS[max(0, min(len(LEVELS) - 1, LEVELS.index(level) + by))]


def machine_named(profile: Profile) -> str | None:
    """The machine the person said is coming into or taking over their work ("12 robot tugs", "the kiosks", "an
    automatic feeder"), in their words: in a worry, or in their work said as arriving; None when they named none, named
    one only to say it is not the worry, or named one their work is about ("smart meter complaints", "robot
    servicing")."""
    arriving = [t for t in [*profile.main_tasks, *profile.goals] if rule("machine.arriving").search(t)]
    for said in [*profile.concerns, *arriving]:  # a machine the work is about ("smart meter complaints") is no change
        found = rule("machine.named").search(said)
        if found and not rule("machine.not_the_worry").search(said[:found.start()]) and not rule(
                "machine.worked_on").search(said[found.start():found.end() + 25]):
            return re.sub(r"^(?:(?:the|a|an|our|their|this|these|those)\s+)+", "", found.group("machine").lower())
    return None


def without_role(key: DynamicId) -> Exposure:
    """A starting level for work the catalog lacks: people-facing work sits on the human-AI boundary."""
    return "medium" if key in ("cheaper-execution", "human-ai-boundary", "quality-security") else "low"


def adjusted(key: DynamicId, level: Exposure, profile: Profile, reading: Reading) -> tuple[Exposure, list[str]]:
    reasons: list[str] = []
    if key == "cheaper-execution":
        if (machine := reading.machine) is not None:
            level, reasons = bump(level, 1), [f"the {machine} you named take{'' if machine.endswith('s') else 's'} "
                                              "over part of the work itself"]
        elif reading.routine and len(reading.routine) * 2 >= max(reading.total, 1):
            level, reasons = bump(level, 1), ["much of your week is routine work AI now drafts quickly"]
        elif reading.judgement and len(reading.judgement) * 2 > reading.total:
            level, reasons = bump(level, -1), ["most of the tasks you listed rest on judgement and trust"]
        if profile.early_career:
            level = bump(level, 1)
            reasons.append("entry-level work is where automation bites first")
    elif key == "quality-security" and {"privacy", "employer_ai_rules"} & set(profile.constraint_kinds):
        level = bump(level, 1)
        reasons.append("your work carries privacy or tool rules that AI mistakes would break")
    return level, reasons


def in_your_work(key: DynamicId, profile: Profile, reading: Reading) -> str:
    """Where the dynamic meets the person's own work: the machine they named, else the short names of their tasks."""
    named = [t for t in (short_task(t) for t in reading.routine) if t][:2]
    judged = [t for t in (short_task(t) for t in reading.judgement) if t][:2]
    if key == "cheaper-execution" and (machine := reading.machine) is not None:
        return (f"In your work the change is a machine, the {machine} you named, not AI drafting text; the sources "
                "say far more about software than about machines like these, so this rests on what you told me.")
    if key == "cheaper-execution" and named:
        verb = "is" if len(named) == 1 else "are"
        return f"Of what you named, {and_list(named)} {verb} the kind of routine work AI now drafts quickly."
    if key == "human-ai-boundary" and judged:
        return f"{and_list(judged).capitalize()} rest{'s' if len(judged) == 1 else ''} on judgement and trust, " \
               "where people and AI have not yet settled how to work together."
    if key == "quality-security" and {"privacy", "employer_ai_rules"} & set(profile.constraint_kinds):
        return "The rules you work under make an AI mistake with your material costly."
    return ""
