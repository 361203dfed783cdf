"""Matching a person's words to catalog roles, with a confidence that follows the evidence.

A job title the catalog knows ("QA engineer", "electrician") is strong evidence; words shared with a role's
description are weaker, and the reason names them; a line of work the catalog has no role for (nursing,
teaching, law...) caps every match low, so the assessment says plainly that nothing fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from domain.assessment import RoleMatch
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from knowledge.index import Tokenizer
from knowledge.models import Role
from knowledge.retriever import retrieve
from reading.cues import stems, tokens
from reading.names import RoleNames
from reading.rules import rule
from reading.text import contains_phrase

TITLE_CONFIDENCE = 0.9
"""The person named a title of the role."""
GENERIC_TITLE_CONFIDENCE = 0.6
"""A one-word title that many lines of work share ('director', 'developer', 'artist')."""
FOREIGN_DOMAIN_TITLE_CONFIDENCE = 0.45
"""A catalog title, but said by someone whose work is in a domain the catalog lacks ('director of nursing')."""
EVIDENCE_PER_TERM = 0.12
EVIDENCE_CAP = 0.55
"""Words shared with a role's description, never as sure as a title; a word many roles share counts for less."""
NO_FIT_CAP = 0.3
"""The person's work is in a domain the catalog has no role for: nearest roles only."""
NEAREST_CONFIDENCE = 0.3
"""The curated nearest roles of a domain the catalog lacks; each further one a step lower."""
NEAREST_STEP = 0.05
TITLE_QUALIFIERS = frozenset("""a an the my as im i'm am was senior junior lead principal chief head staff freelance
self-employed contract contractor trainee apprentice qualified registered certified experienced professional former
ex retired part-time full-time deputy assistant""".split())
"""Words before a title that say the person's level or terms, never another job ('senior artist')."""
CHOSEN_CONFIDENCE = 0.85
"""A coach (or the person) chose the role at the assessment review."""
UNSUPPORTED_TITLE_CONFIDENCE = 0.6
"""A title the catalog knows, but the tasks the person named do not point to the role: a title word alone never
decides a role."""
GOAL_CONFIDENCE = 0.4
"""A role the person's goals point toward, not their current one."""
MIN_SHARED_TERMS = 2
MIN_WORD_CONFIDENCE = 0.15
"""Shared words weigh less than this: no role is shown rather than an unrelated one."""
DISTINCT_WEIGHT = EVIDENCE_PER_TERM * 2 / (1 + 4)
"""A shared word counts as evidence only when at most four roles use it."""
CANDIDATES = 8
# Words too common in job descriptions to count as evidence for one role.
_WEAK_TERMS = frozenset(stems(tokens(
    "work team job role people things stuff lot day week time company business new use using make help manage "
    "support customer customers system systems tool tools process processes report reports ai good skills "
    "being into onto about with from that this than then have has had been were was are also just really very "
    "some any more most much many well used want wanted need needs get getting back still even only")))


@dataclass(frozen=True)
class Evidence:
    """Why a role matches: the title named, or the words shared."""

    role: Role
    confidence: float
    reason: str
    title: str | None = None
    """The catalog title the person named, when that is the evidence."""


class RoleMatcher:
    """Finds catalog roles in free text ('I'm a manual tester' -> role.qa-ai-quality), with calibrated confidence."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.names = RoleNames(kb)
        self._tokenize = Tokenizer()

    @cached_property
    def roles(self) -> dict[str, Role]:
        return {r.id: r for r in self.kb.catalog.roles}

    @cached_property
    def _generic(self) -> frozenset[str]:
        return frozenset(self.kb.catalog.vocabulary.generic_titles)

    @cached_property
    def _role_terms(self) -> dict[str, set[str]]:
        """The words that can place someone in a role: its names and its skills. The prose of what lasts and what is
        at risk is left out: its everyday words ("little is at risk yet", "information filters", "a new stack")
        placed a donations administrator as an edge engineer and a crane driver as a software engineer."""
        return {r.id: set(self._tokenize(" ".join([r.name, *r.synonyms, *r.skills]))) for r in self.kb.catalog.roles}

    @cached_property
    def _work_terms(self) -> dict[str, set[str]]:
        """The words of a role's work, without its titles: a task agrees with a role by what it does, never by the
        title word it repeats ("tyre inspections" says nothing more than "tyre fitter")."""
        return {r.id: set(self._tokenize(" ".join([*r.skills, *r.durable, *r.at_risk])))
                for r in self.kb.catalog.roles}

    @cached_property
    def _weights(self) -> dict[str, float]:
        """How much a shared word says: full weight for a word one role has, less the more roles share it."""
        counts: dict[str, int] = {}
        for terms in self._role_terms.values():
            for term in terms:
                counts[term] = counts.get(term, 0) + 1
        return {term: EVIDENCE_PER_TERM * 2 / (1 + n) for term, n in counts.items()}

    def titles_in(self, text: str) -> list[tuple[str, str]]:
        return self.names.titles_in(text)

    def domain_of(self, text: str) -> str | None:
        return self.names.domain_of(text)

    def title_evidence(self, role_text: str, domain: str | None) -> list[Evidence]:
        out: list[Evidence] = []
        for role_id, title in self.titles_in(role_text):
            role = self.roles[role_id]
            single = len(title.split()) == 1 and title in self._generic
            confidence = GENERIC_TITLE_CONFIDENCE if single else TITLE_CONFIDENCE
            if domain is not None:
                confidence = FOREIGN_DOMAIN_TITLE_CONFIDENCE if single else GENERIC_TITLE_CONFIDENCE
            out.append(Evidence(role, confidence, f"You described your work as '{title}', a title of this role.",
                                title))
        return sorted(out, key=lambda e: -e.confidence)

    def compound(self, role: Role, title: str, role_text: str) -> str | None:
        """The other job's name a one-word title sits in: a title many lines of work share ("voiceover artist" for
        'artist') or one a line of work the catalog lacks names whole ("night auditor", a hotel's), when the word
        before it is neither a level or terms word nor makes a title of the role itself ("concept artist");
        else None. A specific title keeps its field ("marketing copywriter" is a copywriter)."""
        if len(title.split()) != 1 or title in role.first_line_titles or title in (
                "supervisor", "manager", "lead", "leader", "director", "head", "executive"):
            return None  # "shop supervisor", "ward manager": a leader of some place, the title says the work
        found = re.search(rf"(?i)\b([\w'-]+)\s+{re.escape(title)}s?\b", role_text)
        if found is None or found.group(1).lower() in TITLE_QUALIFIERS:
            return None
        named = f"{found.group(1)} {title}".lower()
        if named in {t.lower() for t in (role.name, *role.synonyms)} or set(self._tokenize(found.group(1))) & \
                self._role_terms.get(role.id, set()):
            return None  # "python developer": the word before is the role's own
        return named if title in self._generic or self.names.domain_of(named) else None

    def tasks_bear_out(self, role: Role, title: str, said: list[str]) -> bool:
        """Whether the person's tasks share at least two words of the role's work beyond the title's own ("night
        audit" says nothing more than "night auditor") and words any client work has."""
        beyond = {*self._tokenize(title), *self._tokenize("client clients direct customer")}
        shared = set(self._said_words(" ".join(said))) & self._work_terms.get(role.id, set())
        return len(shared - beyond) >= MIN_SHARED_TERMS

    def tasks_agree(self, role: Role, said: list[str]) -> bool | None:
        """Whether the person's own tasks and skills share a meaningful word with the role's work; None when they
        named none."""
        words = self._said_words(" ".join(said))
        if not words:
            return None
        return bool(set(words) & self._work_terms.get(role.id, set()))

    def nearest_for(self, domain: str, work: str) -> list[Evidence]:
        """The roles a domain the catalog lacks comes closest to, with what carries over; none where the bridge is
        not true of the person's `work` (a nurse's clinical judgement is no receptionist's or carer's)."""
        entry = self.kb.catalog.vocabulary.domains[domain]
        if entry.bridged_by and not any(contains_phrase(work, said) for said in entry.bridged_by):
            return []
        return [Evidence(self.roles[role_id], round(NEAREST_CONFIDENCE - NEAREST_STEP * i, 2),
                         f"The nearest for {entry.label}: {entry.bridge}" if i == 0 else
                         f"Also near for {entry.label}, and held as loosely.")
                for i, role_id in enumerate(entry.nearest) if role_id in self.roles]

    def word_evidence(self, text: str, *, cap: float) -> list[Evidence]:
        """Roles whose descriptions share at least two meaningful words with `text`; confidence grows with them."""
        said = self._said_words(text)
        if not said:
            return []
        out: list[Evidence] = []
        for hit in retrieve(self.kb, text, CANDIDATES, kinds=["role"]):
            role = self.roles.get(hit.id)
            shared = sorted((s for s in set(said) & self._role_terms.get(hit.id, set())
                             if self._weights[s] >= DISTINCT_WEIGHT and len(said[s]) > 3),
                            key=lambda s: -self._weights[s])
            if role is None or len(shared) < MIN_SHARED_TERMS:
                continue  # two words of this role's own work at least: "down, up" or "full, fast" place no one
            confidence = round(min(cap, sum(self._weights[s] for s in shared)), 2)
            if confidence < MIN_WORD_CONFIDENCE:
                continue  # a couple of shared words of little weight place no one: better none than a stranger
            words = ", ".join(said[s] for s in shared[:4])
            out.append(Evidence(role, confidence, f"Your answers share words with this role's work: {words}."))
        return sorted(out, key=lambda e: -e.confidence)

    @cached_property
    def _everyday(self) -> frozenset[str]:
        """Stems of the words any line of work uses ("fast", "clean", "fixing", "checking"): never evidence."""
        words = " ".join(self.kb.catalog.vocabulary.everyday_work_words)
        return _WEAK_TERMS | frozenset(self._tokenize(words))

    def _said_words(self, text: str) -> dict[str, str]:
        """The person's meaningful words, by stem, as they wrote them: words any work shares are left out."""
        said: dict[str, str] = {}
        for word in tokens(text):
            stemmed = self._tokenize(word)
            if stemmed and stemmed[0] not in self._everyday:
                said.setdefault(stemmed[0], word)
        return said

    def match(self, text: str, k: int = 3) -> list[RoleMatch]:
        """Best roles for `text`: titles named first, then shared words."""
        domain = self.domain_of(text)
        evidence = self.title_evidence(text, domain)
        evidence += self.word_evidence(text, cap=NO_FIT_CAP if domain and not evidence else EVIDENCE_CAP)
        return [as_match(e) for e in unique(evidence)[:k]]


def unique(evidence: list[Evidence]) -> list[Evidence]:
    """The strongest evidence per role, strongest first."""
    best: dict[str, Evidence] = {}
    for item in evidence:
        if item.role.id not in best or item.confidence > best[item.role.id].confidence:
            best[item.role.id] = item
    return sorted(best.values(), key=lambda e: -e.confidence)


def as_match(evidence: Evidence) -> RoleMatch:
    return RoleMatch(role_id=evidence.role.id, name=evidence.role.name, confidence=evidence.confidence,
                     reason=evidence.reason)


def staying_put(profile: Profile) -> bool:
    """Whether the person means to stay in their own line of work: in work, with aims said and none of them a move
    or a role to aim for; or going back to the same work ("go back to nursing, same job"). Then the catalog roles
    nearest to a line of work it lacks are no news to them."""
    if profile.target_role or not profile.goals:
        return False
    if any(rule("goal.same_work").search(g) for g in profile.goals):
        return True
    return profile.situation in ("employed", "freelance", None) and not any(
        rule("goal.move").search(g) and not rule("goal.stay").search(g) for g in profile.goals)
