"""The planner's knowledge engine: chooses catalog actions that fit the person, fits them to their week, writes
why each is theirs, and keeps every adjustment they asked for - saying plainly what it could not honour."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.engine import Drafted
from agents.planner.fitting import DEFAULT_BUDGET, MIN_HOURS, fit_stage, retime, with_horizon
from agents.planner.selection import Person, Selector, works_away_from_desk
from agents.planner.writing import PlanWriter
from domain.assessment import Assessment
from domain.feedback import Adjustments
from domain.plan import STAGE_ORDER, Plan, PlanAction, PlanStage
from domain.profile import Profile
from domain.review import ReviewIssue
from knowledge.base import KnowledgeBase
from knowledge.models import Action, Role, StageId
from reading.cues import affirmed
from reading.numbers import round_half

LIGHTER = 0.7
ROOMY = 8.0
"""From this many hours a week, a stage runs three actions side by side."""
TIGHT = 3.0
"""Below this, a stage runs one action at a time: a little time is better spent on one thing."""
MAX_ACTIONS = 4
_ACTION_PATH = re.compile(r"^stages\[(\d+)\]\.actions\[(\d+)\]")


@dataclass
class Chosen:
    stage: StageId
    picks: list[tuple[float, Action]]


def plan_budget(profile: Profile, adjustments: Adjustments) -> float:
    budget = adjustments.hours_budget or profile.hours_per_week or DEFAULT_BUDGET
    return max(MIN_HOURS, round_half(budget * LIGHTER)) if adjustments.lighter and not adjustments.hours_budget \
        else budget


def _per_stage(budget: float, adjustments: Adjustments) -> int:
    base = 1 if budget < TIGHT else 3 if budget >= ROOMY else 2
    return min(MAX_ACTIONS, base + (1 if adjustments.more and budget >= TIGHT else 0))


class KnowledgePlanner:
    """Deterministic, catalog-driven drafting: plans for different people differ in substance."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.selector = Selector(kb)
        self.writer = PlanWriter(kb.catalog.vocabulary, {s.key: s for s in kb.catalog.stages})
        self._roles = {r.id: r for r in kb.catalog.roles}

    def person(self, profile: Profile, assessment: Assessment, adjustments: Adjustments) -> Person:
        role = assessment.role_matches[0].role_id if assessment.fit != "none" else None
        target = profile.target_role if profile.target_role != role else None
        goals = set(affirmed(self.selector.topics.phrases, ". ".join(profile.goals))) - {*profile.avoid,
                                                                                          *adjustments.exclude}
        return Person(profile=profile, role=role, target=target, concerns=list(profile.concern_kinds),
                      adjustments=adjustments, domain_route=assessment.fit == "none", avoid=list(profile.avoid),
                      goal_topics=goals, deskless=works_away_from_desk(profile, role, self.kb))

    def draft(self, profile: Profile, assessment: Assessment, *, feedback: str | None = None,
              issues: list[ReviewIssue] | None = None, previous: Plan | None = None,
              adjustments: Adjustments | None = None) -> Drafted[Plan]:
        adjustments = adjustments or Adjustments()
        person = self.person(profile, assessment, adjustments)
        budget = plan_budget(profile, adjustments)
        notes: list[str] = []
        chosen = self._choose(person, _per_stage(budget, adjustments), _excluded(issues or [], previous), notes)
        self._cover_concerns(chosen, person, notes)
        role = self._roles.get(person.role or "")
        said: set[str] = set()
        stages = [self._stage(c, person, budget, role, said) for c in chosen]
        notes = self._honoured(adjustments, stages, budget, notes) + _fixed(issues or [])
        summary = self.writer.summary(person, role, budget, assessment.tentative)
        return Drafted(Plan(summary=summary[:600], stages=stages, revision_notes=[n[:600] for n in notes][:20],
                            tentative=assessment.tentative))

    # -- choosing --------------------------------------------------------------------------------------------

    def _choose(self, person: Person, count: int, excluded: set[str], notes: list[str]) -> list[Chosen]:
        lexical = self.selector.lexical(person)
        chosen: list[Chosen] = []
        for stage in STAGE_ORDER:
            ranked = self.selector.ranked(stage, person, lexical, excluded)
            if not ranked:  # what was asked leaves nothing for this stage: relax the exclusions, and say so
                relaxed = Person(**{**person.__dict__, "adjustments": Adjustments(), "avoid": []})
                ranked = self.selector.ranked(stage, relaxed, lexical, set())
                notes.append(f"I found no {stage} step that keeps to everything you asked, so this stage keeps the "
                             f"closest one.")
            chosen.append(Chosen(stage, ranked[:count]))
        return chosen

    def _cover_concerns(self, chosen: list[Chosen], person: Person, notes: list[str]) -> None:
        """Every worry the person named gets an action that answers it, swapped in where it scores best."""
        lexical = self.selector.lexical(person)
        for kind in person.concerns:
            if any(kind in a.addresses for c in chosen for _, a in c.picks):
                continue
            taken = {a.id for c in chosen for _, a in c.picks}
            options = [(s, c, a) for c in chosen for s, a in self.selector.ranked(c.stage, person, lexical, taken)
                       if kind in a.addresses]
            if not options:
                notes.append(f"Nothing I know answers {self.writer.worry(kind)} directly; the plan's lead stage is "
                             "the closest I can offer.")
                continue
            score, target, action = max(options, key=lambda o: o[0])
            target.picks[-1] = (score, action)

    # -- writing ----------------------------------------------------------------------------------------------

    def _stage(self, chosen: Chosen, person: Person, budget: float, role: Role | None, said: set[str]) -> PlanStage:
        actions = [a for _, a in chosen.picks]
        fitted = fit_stage([(a.hours_per_week, a.duration_weeks) for a in actions], budget,
                           sooner=person.adjustments.pace == "sooner")
        plan_actions = [self._action(a, f.hours, f.weeks, person, role, said)
                        for a, f in zip(actions, fitted, strict=True)]
        return PlanStage(stage=chosen.stage, goal=self.writer.stage_goal(chosen.stage, person),
                         horizon_weeks=max(a.duration_weeks for a in plan_actions), actions=plan_actions)

    def _action(self, action: Action, hours: float, weeks: int, person: Person, role: Role | None,
                said: set[str]) -> PlanAction:
        def timed(text: str) -> str:
            return retime(text, action.duration_weeks, weeks, action.hours_per_week, hours)

        addresses = [self.writer.worry(k) for k in action.addresses if k in person.concerns]
        return PlanAction(
            title=action.title, why=self.writer.why(action, person, addresses, role, said)[:600],
            steps=[timed(s) for s in action.steps][:8], hours_per_week=hours, duration_weeks=weeks,
            success_metric=with_horizon(timed(action.success_metric), weeks)[:600],
            citations=list(dict.fromkeys([action.id, *action.citations]))[:8], catalog_id=action.id,
            addresses=addresses[:5],
        )

    def _honoured(self, adjustments: Adjustments, stages: list[PlanStage], budget: float,
                  notes: list[str]) -> list[str]:
        """What the person asked for, and how this draft keeps it (or, plainly, why it cannot)."""
        said: list[str] = []
        if adjustments.hours_budget is not None:
            said.append(f"You asked for at most {adjustments.hours_budget:g} hours a week: every stage now fits in it.")
        elif adjustments.lighter:
            said.append(f"You asked for a lighter plan: every stage now fits in {budget:g} hours a week.")
        for topic in adjustments.exclude:
            said.append(f"You asked me to leave out {topic}: nothing in this plan is about it.")
        for topic in adjustments.focus:
            count = sum(topic in self.selector.topics.of(a) for s in stages for a in s.actions)
            said.append(f"You asked me to focus on {topic}: {count} action{'s are' if count != 1 else ' is'} about it."
                        if count else f"You asked me to focus on {topic}, but nothing I know about it fits your "
                        f"situation; the plan keeps its closest actions instead.")
        unmatched = [w for w in adjustments.words if not any(self.selector.mentions(a.catalog_id or "", [w])
                                                             for s in stages for a in s.actions)]
        if unmatched:
            quoted = _quote(unmatched[:3])
            said.append(f"You mentioned {quoted}: nothing I know is about {'that' if len(unmatched) == 1 else 'those'} "
                        "yet, so the plan keeps its closest actions. Your coach can edit one in.")
        if adjustments.pace == "sooner":
            full = all(s.weekly_hours >= min(budget, 15.0) - 1e-9 for s in stages)
            said.append("You asked for it sooner: each stage now uses your whole weekly budget, so it finishes as "
                        "early as that allows." if full else "You asked for it sooner: the stages are shorter now.")
        return said + notes


def _excluded(issues: list[ReviewIssue], previous: Plan | None) -> set[str]:
    """Catalog actions behind error-level issues of the previous draft: not to be drawn again."""
    if previous is None:
        return set()
    out: set[str] = set()
    for issue in issues:
        if issue.severity == "error" and issue.check not in ("budget", "feedback") and (
                m := _ACTION_PATH.match(issue.path)):
            s, a = int(m.group(1)), int(m.group(2))
            in_range = s < len(previous.stages) and a < len(previous.stages[s].actions)
            if in_range and (cid := previous.stages[s].actions[a].catalog_id):
                out.add(cid)
    return out


def _fixed(issues: list[ReviewIssue]) -> list[str]:
    return [f"Fixed what the review found ({i.check}): {i.message}" for i in issues if i.severity == "error"]


def _quote(words: list[str]) -> str:
    quoted = [f'"{w}"' for w in words]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
