"""The plan's words for one person: summary, stage goals, why each action is theirs, and what changed on
revision. Built from what the planner knows about them (situation, role, worries, limits, feedback), never by
pasting their sentences back."""

from __future__ import annotations

import re
from collections.abc import Sequence

from agents.claims import accommodation
from agents.planner.selection import Person
from domain.plan import Plan
from knowledge.models import Action, Role, Stage, StageId, Vocabulary
from reading.text import number_words

ARC = {
    "employed": "first take the routine load off your week, then add a skill your work is heading toward and prove "
                "it on real work, then own something others rely on",
    "job_seeking": "first a focused job search, then one finished project that proves the skill employers screen "
                   "for, then work people can see",
    "student": "first an early, focused search, then one finished project that proves the skill employers screen "
               "for, then work people can see",
    "career_break": "first catch up on what changed, in small steps, then refresh one skill on real work, then "
                    "make your return visible",
    "freelance": "first protect your income and win back unpaid hours, then sell what AI cannot commoditise, then "
                 "make your expertise visible",
    "executive": "first see what AI already costs and saves, then invest in your people, then own the "
                 "organisation's AI decisions with owners, budgets and stop rules",
    "domain": "first try AI safely on your field's own material, then become the person who can judge AI tools in "
              "your field, then help set the rules for it",
}
KEPT_SAID = ("employer_ai_rules", "privacy", "caregiving", "money", "device", "no_desk", "travel", "health", "language",
             "workload", "credentials")
"""The kinds of limits a summary may say the plan keeps to, where it does."""
TENTATIVE = ("This plan is tentative: I knew little about you when I wrote it. Reject it with a few words about your "
             "work, goals and time, and I'll make it fit.")


def arc(firsts: Sequence[str]) -> str:
    """The plan's course from the first action of each stage, as they are titled: true of this plan by making."""
    said = [re.split(r",| - |;", t, maxsplit=1)[0].strip() for t in firsts]
    said = [s[0].lower() + s[1:] if s[:1].isupper() and not s[1:2].isupper() else s for s in said]
    lead = ("first ", "then ", "then ")
    return ", ".join(f"{lead[min(i, 2)]}{s}" for i, s in enumerate(said))


def firsts(plan: Plan) -> list[str]:
    """The first action of each stage, whose titles the summary's course is told from."""
    return [s.actions[0].title for s in plan.stages if s.actions]


def retold(summary: str, before: Plan, after: Plan) -> str:
    """The summary of a plan edited by a coach: where it tells the course from the first actions of the draft and
    the edit changed them, the course is told again from the edited plan's, so it names no action that is gone."""
    old, new = arc(firsts(before)), arc(firsts(after))
    return summary.replace(old, new, 1) if firsts(after) and old != new and old in summary else summary


def _hours(hours: float) -> str:
    return f"{number_words(hours)} hour{'s' if hours != 1 else ''} a week"


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


class PlanWriter:
    def __init__(self, vocabulary: Vocabulary, stages: dict[StageId, Stage]) -> None:
        self.vocabulary = vocabulary
        self.stages = stages

    def worry(self, kind: str) -> str:
        """How a kind of worry is named on the action that answers it."""
        return f"your worry about {self.vocabulary.concern_kinds[kind].label}"  # type: ignore[index]

    def arc_key(self, person: Person) -> str:
        if person.profile.seniority == "executive" and person.situation in ("employed", None):
            return "executive"
        if person.situation in ("job_seeking", "career_break", "student", "freelance"):
            return person.situation  # a job search, a return, clients: the situation shapes the plan first
        if person.domain_route:
            return "domain"
        return person.situation or "employed"

    def stage_goal(self, stage: StageId, person: Person, first: Action | None = None) -> str:
        """The stage's goal for the person's arc - or, where the stage opens with an action about a topic the
        stage has its own goal for (the change at their employer), that goal: never one its actions do not do."""
        catalog = self.stages[stage]
        topical = next((catalog.topic_goals[t] for t in (first.topics if first else ()) if t in catalog.topic_goals),
                       None)
        return topical or catalog.goals.get(self.arc_key(person), catalog.goal)

    def summary(self, person: Person, role: Role | None, budget: float, tentative: bool,
                answered: Sequence[str], firsts: Sequence[str] = (), *, unkept: frozenset[str] = frozenset(),
                hours_given: bool = True, on_a_computer: Sequence[str] = ()) -> str:
        """The plan in a few sentences; the worries it names are those an action answers (`answered`), and the
        limits it says it keeps are the ones the plan's own actions keep: `unkept` are those it does not (the
        guards check each claim). A budget the person never gave (`hours_given`) is said to be assumed; for
        someone with only a phone, the actions that need a computer (`on_a_computer`) are named."""
        who = f" as {role.person}" if role is not None else ""
        when = [person.profile.hours_pattern] if person.profile.hours_pattern else []
        when += [f"not {_join(person.profile.times_not)}"] if person.profile.times_not else []
        pattern = f" ({'; '.join(when)})" if when else ""
        course = arc(firsts) if firsts else ARC[self.arc_key(person)]
        assumed = "" if hours_given else " (you named no weekly hours, so that is my starting guess: say if it " \
            "should be more or less)"
        parts = [f"A plan for you{who}, in at most {_hours(budget)}{pattern}{assumed}: {course}."]
        if kinds := [k for k in person.concerns if k in answered]:
            named = _join([self.vocabulary.concern_kinds[k].label for k in kinds][:3])
            parts.append(f"It answers your worry about {named}: look for it on the actions that do.")
        kept = [accommodation(k, person.situation) for k in dict.fromkeys(person.profile.constraint_kinds)
                if k not in unkept and k in KEPT_SAID]
        if kept:
            parts.append(f"Also, {_join(kept[:3])}.")
        if "device" in person.profile.constraint_kinds and on_a_computer:
            parts.append(f"You said you have only a phone: {_join([chr(34) + t + chr(34) for t in on_a_computer][:2])} "
                         f"{'is' if len(on_a_computer) == 1 else 'are'} easier on a computer - a library's or a "
                         "friend's will do, or ask your coach to swap them.")
        if tentative:
            parts.append(TENTATIVE)
        return " ".join(parts)

    def why(self, action: Action, person: Person, addresses: list[str], role: Role | None, said: set[str]) -> str:
        """The catalog's reason, then one line on why it is this person's - only what the plan has not said yet
        (`said` collects it across the plan; the worries an action answers are listed on it anyway)."""
        fresh = [a for a in addresses if a not in said]
        said.update(fresh)
        candidates = [f"it answers {_join([fresh[0], *(a.removeprefix('your worry about ') for a in fresh[1:])])}"]\
            if fresh else []
        if action.situations and person.situation in action.situations and person.situation != "employed":
            candidates.append(f"it is made for {SITUATION_WORDS[person.situation]}")
        if role is not None and role.id in action.roles:
            candidates.append(f"it is the {action.stage} step for {role.person}")
        if person.target and person.target in action.roles and person.target != person.role:
            candidates.append("it moves you toward the role your goals point to")
        if person.domain_route and "domain" in action.topics:
            candidates.append("it works in your own field, which no catalog role covers")
        reasons = [c for c in candidates if c not in said][:2]
        said.update(reasons)
        return f"{action.why} For you: {'; '.join(reasons)}." if reasons else action.why


SITUATION_WORDS = {"employed": "people in work", "job_seeking": "a job search", "student": "students looking ahead",
                   "career_break": "a return from a career break", "freelance": "freelancers"}
