"""Choosing catalog actions for one person: what their situation, team, tools rules and desk allow; what fits their
role, concerns, goals and feedback best. A generic action wins only when nothing more specific fits better."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from agents.topics import Topics
from domain.feedback import Adjustments
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from knowledge.index import Tokenizer
from knowledge.models import Action, ConcernKind, StageId
from knowledge.retriever import retrieve
from reading.privacy import strip_personal
from reading.rules import rule

CURRENT_ROLE = {"survive": 3.0, "adapt": 2.5, "lead": 2.5}
TARGET_ROLE = {"survive": 1.0, "adapt": 3.0, "lead": 3.0}
GENERIC = 0.8
SITUATION = 2.5
DOMAIN = 2.0
CONCERN = 1.5
FOCUS = 2.5
GOAL = 1.5
WORDS = 0.5
NO_DESK = -2.0
LEXICAL = 1.5
LEADER_ORG = 1.0
OWN = 3.0
WORKPLACE = 2.0
"""What an employee can do about the change through their own workplace (ask, be trained first, take the new work,
teach it): ahead of desk templates for someone whose work is away from a desk."""
NEWCOMERS = ("job_seeking", "student", "career_break")
NO_AI_AT_WORK = ("employer_ai_rules", "privacy")


@dataclass
class Person:
    """What the planner needs to know about the person, read once per draft."""

    profile: Profile
    role: str | None
    target: str | None
    concerns: list[ConcernKind]
    adjustments: Adjustments
    domain_route: bool
    """No catalog role fits: actions for any role, and routes for the person's own domain."""
    avoid: list[str] = field(default_factory=list)
    deskless: bool = False
    """Works mostly away from a desk: said so, or their role or line of work is done on site."""
    goal_topics: set[str] = field(default_factory=set)
    """What the person's goals are about, as topics ("lead my school's AI policy" -> standards)."""
    builds: bool = False
    """Builds software, or wants to: technical work, skills or goals. Building actions are for them only."""
    named: frozenset[str] = frozenset()
    """What of theirs a plan can name: 'tool' (the technology they fear), 'goal' (their aim)."""
    ai_banned: bool = False
    """Their employer forbids AI on their work altogether, with no approved tool of theirs."""
    paperwork: bool = True
    """They named a piece of paperwork of theirs (quotes, rotas, reports): what AI may draft for them."""
    refuses_ai: bool = False
    """They refuse AI tools as a whole ("dont use ai and wont"): no action asks them to use one."""

    @property
    def situation(self) -> str | None:
        return self.profile.situation



SITUATION_TOPICS = frozenset({"job search", "clients", "income", "networking"})
"""What a situation's own action is about that someone in another situation may still ask for ("she needs a job
fast": the search is theirs, employed or not); asking for more writing never makes a job seeker's page theirs."""
TECH_TOPICS = frozenset({"coding", "building"})
"""What a tech-building template is about: never for someone who named non-technical directions and does not code."""


def works_away_from_desk(profile: Profile, role_id: str | None, kb: KnowledgeBase) -> bool:
    """The person works mostly away from a desk: they said so, or their role or line of work is done on site."""
    roles = {r.id: r for r in kb.catalog.roles}
    domains = kb.catalog.vocabulary.domains
    return ("no_desk" in profile.constraint_kinds or (role_id in roles and not roles[role_id].desk)
            or (profile.domain in domains and not domains[profile.domain].desk))


class Selector:
    """Scores catalog actions for a person; None means the action is ruled out for them."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._tokenize = Tokenizer()
        self.topics = Topics(kb)

    @cached_property
    def _terms(self) -> dict[str, set[str]]:
        return {a.id: set(self._tokenize(f"{a.title} {a.why} {' '.join(a.steps)} {' '.join(a.skills)}"))
                for a in self.kb.catalog.actions}

    @cached_property
    def _uses_ai(self) -> set[str]:
        """Actions that ask the person to use an AI tool themselves (rule action.uses_ai)."""
        return {a.id for a in self.kb.catalog.actions if rule("action.uses_ai").search(" ".join([a.title, *a.steps]))}

    @cached_property
    def _by_their_paperwork(self) -> set[str]:
        """Actions that hand the person's own paperwork, by its name, to AI."""
        return {a.id for a in self.kb.catalog.actions if "paperwork" in a.needs
                and any("{written}" in t for t in [a.title, *a.steps])}

    def stems(self, words: list[str]) -> set[str]:
        return set(self._tokenize(" ".join(words)))

    def mentions(self, action_id: str, words: list[str]) -> bool:
        """The catalog action's text names one of `words`."""
        return bool(self._terms.get(action_id, set()) & self.stems(words))

    def about(self, action: Action) -> set[str]:
        return self.topics.of_catalog(action)

    def lexical(self, person: Person) -> dict[str, float]:
        """How close each action's text is to the person's own words (0 to 1)."""
        p = person.profile
        query = strip_personal(" ".join([*p.main_tasks, *p.goals, *p.skills, *person.adjustments.words]))
        hits = retrieve(self.kb, query, len(self.kb.catalog.actions), kinds=["action"]) if query.strip() else []
        top = hits[0].score if hits else 1.0
        return {h.id: h.score / top for h in hits}

    def allowed(self, action: Action, person: Person) -> bool:
        p = person.profile
        asked_for = set(action.topics) & ({*person.adjustments.focus, *person.goal_topics} & SITUATION_TOPICS)
        if action.situations and p.situation is not None and p.situation not in action.situations and not (
                asked_for and set(action.situations) != {"freelance"}):
            return False  # (a job search is for someone in work too, when that is what they want; a business's own
            # customers, prices and offers are a self-employed person's only)
        if action.situations and p.situation is None and "employed" not in action.situations and not (
                asked_for and set(action.situations) != {"freelance"}):
            return False  # (unsaid situation, but "i need a job fast": the search is theirs)
        if "employer" in action.needs and p.situation not in ("employed", None):
            return False
        if "reports" in action.needs and not p.leads_people:
            return False
        if "paperwork" in action.needs and not person.paperwork:
            return False
        if "team" in action.needs and p.situation not in ("employed", None) and not p.leads_people:
            return False  # a crew to train is an employee's or an employer's, never a sole trader's on their own
        if "deskless" in action.needs and not person.deskless:
            return False
        if "experience" in action.needs and not p.experienced:
            return False
        if "manager" in action.needs and p.seniority == "executive":
            return False
        if "executive" in action.needs and p.seniority != "executive":
            return False  # budgets, vendors' bills, portfolios, strategy: a director's or head's, not a team leader's
        if "ai_at_work" in action.needs and (set(NO_AI_AT_WORK) & set(p.constraint_kinds) or p.ai_at_work is False):
            return False
        if "approved_ai" in action.needs and (person.ai_banned or p.ai_at_work is False):
            return False  # an approved tool on work material is fine; none at all rules it out
        if "work_data" in action.needs and (set(NO_AI_AT_WORK) & set(p.constraint_kinds) or p.ai_at_work is False):
            return False  # customers' job notes into AI: never where work data must stay out of it
        if person.refuses_ai and action.id in self._uses_ai:
            return False
        if "paid" in action.needs and "money" in p.constraint_kinds:
            return False
        if "build" in action.needs and (not person.builds or "device" in p.constraint_kinds):
            return False
        if "desk" in action.needs and "device" in p.constraint_kinds:
            return False
        if "directions" in person.named and not person.builds and TECH_TOPICS & set(action.topics):
            return False  # someone who named their own ways forward, none of them technical, gets no tech template
        if "senior" in action.needs and not (p.leads_people or p.seniority in ("senior", "lead", "executive")):
            return False
        if ("named_tool" in action.needs and "tool" not in person.named) or (
                "named_goal" in action.needs and "goal" not in person.named):
            return False
        if "change_at_work" in action.needs and not ("tool" in person.named or person.deskless):
            return False  # the change at their workplace: a tool they named, or work away from a desk
        if "named_directions" in action.needs and "directions" not in person.named:
            return False  # a comparison of the directions the person named, for someone who named two or more
        if ("named_move" in action.needs and "move" not in person.named) or (
                "named_aim" in action.needs and "move" in person.named):
            return False  # job ads and people in the role are for a move, not for 'more weddings'

        return not (self.about(action) & {*person.adjustments.exclude, *person.avoid})

    def score(self, action: Action, stage: StageId, person: Person, lexical: dict[str, float],
              word_stems: set[str]) -> float | None:
        """`word_stems`: the stems of the feedback's own words, computed once per ranking."""
        if not self.allowed(action, person):
            return None
        role_fit = self._role_fit(action, stage, person)
        if role_fit is None:
            return None
        about = self.about(action)
        score = role_fit + LEXICAL * lexical.get(action.id, 0.0)
        if action.situations and person.situation in action.situations:
            score += SITUATION
        if person.domain_route and "domain" in about:
            score += DOMAIN
        score += CONCERN * len(set(action.addresses) & set(person.concerns))
        score += FOCUS * len(about & set(person.adjustments.focus))
        score += GOAL * len(about & person.goal_topics)
        score += OWN * len(about & person.named)  # built on what the person named: their tool, their aim
        if action.id in self._by_their_paperwork and (person.domain_route or person.deskless):
            score += OWN + SITUATION  # their own paperwork to AI fits them better than their situation's generic admin
        score += WORDS * len(self._terms[action.id] & word_stems)
        if "desk" in action.needs and ("no_desk" in person.profile.constraint_kinds or person.deskless):
            score += NO_DESK
        if "workplace" in about and person.deskless:
            score += WORKPLACE
        if person.profile.seniority == "executive" and "organisation" in about:
            score += LEADER_ORG
        return score

    @staticmethod
    def _role_fit(action: Action, stage: StageId, person: Person) -> float | None:
        if not action.roles:
            return GENERIC
        if person.role in action.roles:
            return CURRENT_ROLE[stage]
        if person.target in action.roles:
            return TARGET_ROLE[stage]
        return None

    def ranked(self, stage: StageId, person: Person, lexical: dict[str, float], excluded: set[str]
               ) -> list[tuple[float, Action]]:
        words = self.stems(person.adjustments.words)
        scored = [(s, a) for a in self.kb.catalog.actions
                  if a.stage == stage and a.id not in excluded
                  and (s := self.score(a, stage, person, lexical, words)) is not None]
        return sorted(scored, key=lambda p: (-p[0], p[1].id))
