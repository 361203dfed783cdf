"""The planner's knowledge engine: chooses catalog actions that fit the person, fits them to their week, writes
why each is theirs, and keeps every adjustment they asked for - saying plainly what it could not honour."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import cast

from agents.asked import action_text, covers
from agents.audience import Audiences, Who
from agents.claims import ClaimChecker
from agents.engine import Drafted
from agents.planner.changes import add_match
from agents.planner.coached import CoachWritten, is_step, verb_first
from agents.planner.deadline import deadline_weeks, sized_to_deadline
from agents.planner.fitting import DEFAULT_BUDGET, MIN_HOURS, fit_stage, retime, with_horizon
from agents.planner.personal import NO_PAPERWORK, Filling, filling
from agents.planner.selection import Person, Selector, works_away_from_desk
from agents.planner.tasks import TaskKinds
from agents.planner.worries import NOT_ANSWERED, WorryNotes
from agents.planner.writing import PlanWriter
from domain.assessment import Assessment
from domain.feedback import Adjustments
from domain.plan import STAGE_ORDER, Plan, PlanAction, PlanStage
from domain.profile import Profile
from domain.review import ReviewIssue
from knowledge.base import KnowledgeBase
from knowledge.models import Action, ConcernKind, Role, StageId
from reading.answers import reader_for
from reading.cues import affirmed
from reading.employer import employer_ai_rule
from reading.numbers import round_half
from reading.rules import rule
from reading.text import clipped

LIGHTER = 0.7
FOCUS_WEIGHT = 2.0
"""An action about what the person asked to focus on takes this share more of the stage's hours."""
ROOMY = 8.0
"""From this many hours a week, a stage runs three actions side by side."""
TIGHT = 3.0
"""Below this, a stage runs one action at a time: a little time is better spent on one thing."""
MAX_ACTIONS = 4
_ACTION_PATH = re.compile(r"^stages\[(\d+)\]\.actions\[(\d+)\]")
AI_REFUSED = ("You said you won't use AI tools, and every {stage} step in the sources asks you to try one: this stage "
              "keeps the closest, to take up only if you choose; your coach can swap it for a step of their own.")
"""The note where the person refuses AI tools and no step of a rung does without one."""


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
        self.audiences = Audiences(kb)
        self.worries = WorryNotes(kb)
        self.coached = CoachWritten(kb)
        self.kinds = TaskKinds(kb.catalog.vocabulary)
        self.claims = ClaimChecker(kb, self.selector.topics)

    def person(self, profile: Profile, assessment: Assessment, adjustments: Adjustments,
               named: frozenset[str] = frozenset(), ai_banned: bool = False, paperwork: bool = True) -> Person:
        role = assessment.role_matches[0].role_id if assessment.fit != "none" and assessment.role_matches \
            else None
        target = profile.target_role if profile.target_role != role else None
        goals = {t for g in profile.goals for t in affirmed(self.selector.topics.phrases, g)
                 if not (t in SEARCH_TOPICS and rule("goal.stay").search(g))} - {*profile.avoid, *adjustments.exclude}
        # (staying and growing where they are is no job search, whatever job words the goal uses: "keep a job here")
        if (target or role) and "directions" not in named:  # a catalog role's own moves beat a step toward an aim
            named = named - {"goal"}  # named in words; never the ways forward the person named themselves
        said = " ".join([profile.current_role or "", *profile.skills, *profile.goals, *profile.main_tasks])
        who = Who.of(profile, [role, target])
        builds = self.audiences.member("software", who) or self.audiences.member("ml", who) or bool(
            rule("work.technical").search(said))  # aiming at project management is no wish to build software
        # a coach's "add something for her worry about pay" is a worry to answer too
        asked = [k for k in adjustments.worries if k in self.kb.catalog.vocabulary.concern_kinds]
        concerns = cast(list[ConcernKind], list(dict.fromkeys([*profile.concern_kinds, *asked])))
        return Person(profile=profile, role=role, target=target, concerns=concerns,
                      adjustments=adjustments, domain_route=assessment.fit == "none", avoid=list(profile.avoid),
                      goal_topics=goals | ({"goal"} & named), builds=builds,
                      deskless=works_away_from_desk(profile, role, self.kb),
                      named=named, ai_banned=ai_banned, paperwork=paperwork,
                      refuses_ai=profile.refuses_ai)

    def draft(self, profile: Profile, assessment: Assessment, *, feedback: str | None = None,
              issues: list[ReviewIssue] | None = None, previous: Plan | None = None,
              adjustments: Adjustments | None = None) -> Drafted[Plan]:
        adjustments = adjustments or Adjustments()
        placed = assessment.role_matches[0].role_id if assessment.fit != "none" and assessment.role_matches \
            else None
        fill = filling(profile, self.kb.catalog.vocabulary, self._roles.get(placed or ""),
                       employer_ai_rule(profile, reader_for(self.kb)), self.kinds)
        person = self.person(profile, assessment, adjustments, fill.named, fill.ai_rule.banned, fill.paperwork_named)
        budget = plan_budget(profile, adjustments)
        notes: list[str] = []
        excluded = _excluded(issues or [], previous) | set(adjustments.remove)
        role = self._roles.get(person.role or "")
        chosen = self._choose(person, _per_stage(budget, adjustments), excluded, notes, fill)
        self._cover_concerns(chosen, person, notes, excluded)
        self._cover_search(chosen, person, excluded)
        self._cover_directions(chosen, person, excluded)
        unmet = self._add_asked(chosen, person, fill, excluded, budget)
        said: set[str] = set()
        who = Who.of(profile, [person.role, person.target])
        stages = [self._stage(c, person, budget, role, said, fill, who) for c in chosen]
        caps: dict[str, float] = {s.stage: min(budget, adjustments.stage_caps.get(s.stage, budget)) for s in stages}
        if previous is not None:  # what an earlier round wrote from the coach's words stays until they take it out
            stages = list(self.coached.kept(Plan(summary="-", stages=stages), previous, adjustments.remove,
                                            caps).stages)
            unmet = [x for x in unmet if not any(add_match(x, action_text(a)) for s in stages for a in s.actions
                                                 if a.catalog_id is None)]  # asked again: the one kept does it
        if unmet:  # what the coach asked to add and no source action does: written from their words, where it can be
            clauses = {x: a.said for a in adjustments.asks for x in a.adds}
            written = self.coached.added(Plan(summary="-", stages=stages), [(clauses.get(x, x), x) for x in unmet],
                                         profile, caps, adjustments)
            stages, notes = list(written.plan.stages), [*notes, *written.notes]
        if (deadline := deadline_weeks(profile, adjustments)) is not None:  # before it, or not at all
            stages = list(sized_to_deadline(Plan(summary="-", stages=stages), deadline, self.selector.topics,
                                            budget).stages)
        answered = [k for k in person.concerns if any(self.writer.worry(k) in a.addresses for s in stages
                                                      for a in s.actions)]
        notes += [note for k in person.concerns  # a coach's step took the place of what answered it
                  if k not in answered and (note := self._not_answered(k)) not in notes]
        notes += self.worries.notes(stages, profile)
        sketch = Plan(summary="-", stages=stages)
        hours_given = adjustments.hours_budget is not None or profile.hours_per_week is not None
        summary = self.writer.summary(person, role, budget, assessment.tentative, answered,
                                      [s.actions[0].title for s in stages if s.actions],
                                      unkept=frozenset(self.claims.unkept(sketch, profile, hours_given)),
                                      hours_given=hours_given, on_a_computer=self.claims.on_a_computer(sketch))
        notes = [clipped(n, 600) for n in notes][:20]
        drafted = Plan(summary=clipped(summary, 600), stages=stages, revision_notes=notes,
                       tentative=assessment.tentative)
        if deadline is not None:
            drafted = sized_to_deadline(drafted, deadline, self.selector.topics, budget)
        return Drafted(drafted)

    # -- choosing --------------------------------------------------------------------------------------------

    def _choose(self, person: Person, count: int, excluded: set[str], notes: list[str],
                fill: Filling) -> list[Chosen]:
        lexical = self.selector.lexical(person)
        chosen: list[Chosen] = []
        for stage in STAGE_ORDER:
            ranked = self.selector.ranked(stage, person, lexical, excluded)
            if not ranked and person.refuses_ai and (ranked := self.selector.ranked(
                    stage, replace(person, refuses_ai=False), lexical, excluded)):
                notes.append(AI_REFUSED.format(stage=stage))  # every step of the rung asks for an AI tool: said so
            if not ranked:  # what was asked leaves nothing for this stage: relax what was asked, and say so - but
                # never bring back an action the coach named to take out while another will do
                relaxed = replace(person, adjustments=Adjustments(), avoid=[], refuses_ai=False)
                named = set(person.adjustments.remove)
                ranked = self.selector.ranked(stage, relaxed, lexical, named)
                if ranked:
                    notes.append(f"I found no {stage} step that keeps to everything you asked, so this stage keeps "
                                 "the closest one.")
                else:
                    ranked = self.selector.ranked(stage, relaxed, lexical, set())[:1]
                    notes.append(f"I found no other {stage} step, so this stage keeps one you asked to take out; "
                                 "your coach can remove it or edit one in.")
            chosen.append(Chosen(stage, self._distinct(ranked, count, fill)))
        return chosen

    def _distinct(self, ranked: list[tuple[float, Action]], count: int, fill: Filling) -> list[tuple[float, Action]]:
        """The best `count` actions of a stage, no two about the same thing ("write a risk framework" beside "write
        your field's rules", "use AI to draft test cases" beside "let AI take the first pass at writing test cases"):
        an action sharing a topic or two title words with a better one waits until nothing else is left."""
        picked: list[tuple[float, Action]] = []
        later: list[tuple[float, Action]] = []

        def words(action: Action) -> set[str]:
            return self.selector.stems([fill(action.title)]) - self.selector.stems(list(COMMON_TITLE_WORDS))

        for scored in ranked:
            topics, said = set(scored[1].topics) - GENERIC_TOPICS, words(scored[1])
            same = any(topics & (set(a.topics) - GENERIC_TOPICS) or len(said & words(a)) >= 2 for _, a in picked)
            (later if same else picked).append(scored)
            if len(picked) == count:
                break
        return (picked + later)[:count]

    def _not_answered(self, kind: str) -> str:
        return (f"{NOT_ANSWERED}{self.writer.worry(kind)} for someone in your situation; it is worth talking through "
                "with your coach.")

    def _cover_concerns(self, chosen: list[Chosen], person: Person, notes: list[str],
                        excluded: frozenset[str] | set[str] = frozenset()) -> None:
        """Every worry the person named gets an action that answers it, swapped in where it scores best - never one
        the person asked to take out or the reviewer turned down (`excluded`)."""
        lexical = self.selector.lexical(person)
        for kind in person.concerns:
            if any(kind in a.addresses for c in chosen for _, a in c.picks):
                continue
            taken = {a.id for c in chosen for _, a in c.picks} | set(excluded)
            answering: set[str] = set(person.concerns)  # a pick answering a worry already covered is never swapped out
            options = [(s, c, slot, a) for c in chosen
                       if (slot := _free_slot(c, chosen, answering)) is not None
                       for s, a in self.selector.ranked(c.stage, person, lexical, taken) if kind in a.addresses]
            if not options:
                notes.append(self._not_answered(kind))
                continue
            score, target, slot, action = max(options, key=lambda o: (len(set(o[3].addresses) & answering), o[0]))
            target.picks[slot] = (score, action)

    def _cover_search(self, chosen: list[Chosen], person: Person, excluded: set[str]) -> None:
        """Someone out of work, or whose goal is a job ("need a job fast"), gets a concrete search - applications
        sent and logged each week - swapped in where it scores best, never in place of a worry's only answer."""
        if not (person.situation == "job_seeking" or "job search" in person.goal_topics) or any(
                "applications" in a.topics for c in chosen for _, a in c.picks):
            return
        lexical = self.selector.lexical(person)
        taken = {a.id for c in chosen for _, a in c.picks} | excluded
        options = [(sc, c, slot, a) for c in chosen if (slot := _free_slot(c, chosen, set(person.concerns))) is not None
                   for sc, a in self.selector.ranked(c.stage, person, lexical, taken) if "applications" in a.topics]
        if options:
            score, target, slot, action = max(options, key=lambda o: o[0])
            target.picks[slot] = (score, action)

    def _cover_directions(self, chosen: list[Chosen], person: Person, excluded: set[str]) -> None:
        """Someone who named their own ways forward gets them compared by name, early in the stage it belongs to
        (after the step their situation leads with): in place of the last pick that is no worry's only answer, or
        beside the others."""
        if "directions" not in person.named:
            return
        taken = {a.id for c in chosen for _, a in c.picks}
        for c in chosen:
            for score, action in self.selector.ranked(c.stage, person, self.selector.lexical(person), excluded):
                if "named_directions" not in action.needs or action.id in taken:
                    continue
                slot = _free_slot(c, chosen, set(person.concerns))
                if slot is not None:
                    del c.picks[slot]
                c.picks.insert(min(1, len(c.picks)), (score, action))  # the situation's own first step stays first
                return

    def _add_asked(self, chosen: list[Chosen], person: Person, fill: Filling, excluded: set[str],
                   budget: float) -> list[str]:
        """What the feedback asked to add ("Add: a Cert CII unit", "replace X with something about rates"): the
        fitting action that shares the most of its words, beside the stage's others (or in place of the last that
        answers no worry alone); when none shares enough, the plan says so rather than add an unrelated one. An
        action the reviewer turned down (`excluded`) is not added again; nor beside the others where the week's
        `budget` has no half hour left for it."""
        lexical = self.selector.lexical(person)
        worries: set[str] = set(person.concerns)
        unmet: list[str] = []
        for said in person.adjustments.adds:
            taken = {a.id for c in chosen for _, a in c.picks} | excluded  # nor one the reviewer turned down
            step = is_step(verb_first(said))  # a step spelled out ("ask her team leader to sign off a shadowing
            # day"): only an action that carries the whole of it does it, never one sharing its nouns

            def match(text: str, said: str = said, step: bool = step) -> int:
                return add_match(said, text) if not step or covers(said, text) else 0

            held = max((match(_text(fill, a)) for c in chosen for _, a in c.picks), default=0)
            options = [(match(_text(fill, a)), s, c, a) for c in chosen
                       for s, a in self.selector.ranked(c.stage, person, lexical, taken)]
            best = max(options, key=lambda o: (o[0], o[1]), default=None)
            if best is None or best[0] == 0 or best[0] <= held:
                if not held:
                    unmet.append(said)  # nothing in the sources does it: written from the coach's words, if it can be
                continue  # already in the plan: the revision's notes say so
            _, score, target, action = best
            room = min(budget, person.adjustments.stage_caps.get(target.stage, budget))
            if len(target.picks) < MAX_ACTIONS and (len(target.picks) + 1) * MIN_HOURS <= room + 1e-9:
                target.picks.append((score, action))
            elif (slot := _free_slot(target, chosen, worries)) is not None:
                target.picks[slot] = (score, action)
        return unmet

    # -- writing ----------------------------------------------------------------------------------------------

    def _stage(self, chosen: Chosen, person: Person, budget: float, role: Role | None, said: set[str],
               fill: Filling, who: Who) -> PlanStage:
        actions = [a for _, a in chosen.picks]
        budget = min(budget, person.adjustments.stage_caps.get(chosen.stage, budget))
        focus = set(person.adjustments.focus) if person.adjustments.pace != "sooner" else set()  # sooner: all short
        if person.situation == "job_seeking":
            focus.add("job search")  # for someone out of work, the search takes the larger share of each week
        weight = [FOCUS_WEIGHT if self.selector.about(a) & focus else 1.0 for a in actions]  # more on what was asked
        fitted = fit_stage([(a.hours_per_week * w, a.duration_weeks) for a, w in zip(actions, weight, strict=True)],
                           budget,
                           sooner=person.adjustments.pace == "sooner")
        plan_actions = [self._action(a, f.hours, f.weeks, person, role, said, fill, who)
                        for a, f in zip(actions, fitted, strict=True)]
        goal = self.writer.stage_goal(chosen.stage, person, actions[0] if actions else None)
        return PlanStage(stage=chosen.stage, goal=goal,
                         horizon_weeks=max(a.duration_weeks for a in plan_actions), actions=plan_actions)

    def _action(self, action: Action, hours: float, weeks: int, person: Person, role: Role | None,
                said: set[str], fill: Filling, who: Who) -> PlanAction:
        """A catalog action for this person: their own work filled in, times they ruled out left out, and no
        sentence stating a figure about a group they are not in."""
        def timed(text: str) -> str:
            return fill(retime(text, action.duration_weeks, weeks, action.hours_per_week, hours))

        addresses = [self.writer.worry(k) for k in action.addresses if k in person.concerns]
        why = fill(self.writer.why(action, person, addresses, role, said))
        if NO_PAPERWORK not in said and fill.unnamed_paperwork([action.title, *action.steps]):
            said.add(NO_PAPERWORK)
            why = f"{why} {NO_PAPERWORK}"
        return PlanAction(
            title=clipped(fill(action.title), 160).rstrip("."),  # a title ends with no full stop
            why=clipped(self.audiences.kept(why, who) or fill(action.title), 600),
            steps=[timed(s) for s in fill.steps(action.steps)][:8], hours_per_week=hours, duration_weeks=weeks,
            success_metric=clipped(with_horizon(timed(action.success_metric), weeks), 600),
            citations=list(dict.fromkeys([action.id, *action.citations]))[:8], catalog_id=action.id,
            addresses=addresses[:5],
        )


def _text(fill: Filling, action: Action) -> str:
    return " ".join([fill(action.title), *action.steps])


def _free_slot(chosen: Chosen, every: list[Chosen], worries: set[str]) -> int | None:
    """The last of a stage's picks that is the only answer to none of the person's worries: where another worry's
    action may go without losing one already answered."""
    def sole(i: int) -> set[str]:
        others: set[str] = {w for c in every for n, (_, a) in enumerate(c.picks) if (c, n) != (chosen, i)
                            for w in a.addresses}
        return ({str(w) for w in chosen.picks[i][1].addresses} & worries) - others
    return next((i for i in reversed(range(len(chosen.picks))) if not sole(i)), None)


GENERIC_TOPICS = frozenset({"domain"})
SEARCH_TOPICS = frozenset({"job search", "applications"})
"""What a job search is about: never drawn from a goal to stay where the person works."""
COMMON_TITLE_WORDS = frozenset({"ai", "your", "the", "a", "an", "and", "with", "for", "of", "to", "on", "in", "use",
                                "let", "take", "make", "one", "what", "you", "it", "at", "own", "work"})


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
