"""Whom a figure is about, and whether the person is in that group.

"57.7% of ML job postings prefer domain specialists" is about ML postings, not about a nurse; "employment of workers
aged 22 to 25 fell" is about young workers, not a 36-year-old. A figure is found in a text by its value as the
sources write it ("57.7%", "70 years") or by the words a paraphrase uses (`said_as`); a sentence stating a figure for
a group the person is not in, or about one country's market when they live in another, is left out of what they
read, and a guard fails a draft that keeps one. One employer's own numbers (Salesforce's support headcount) are
said as that firm's and told only to people whose role is in their field: never as a trend or as the person's
prospects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from domain.profile import Profile
from knowledge.base import KnowledgeBase
from knowledge.models import Audience, Figure
from reading.text import number_set

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_YOURS = re.compile(r"\b(?:your|you(?:'ll| will| could| may| might))\s+(?:\w+\s+)?(?:team|employer|company|firm|"
                    r"workplace|department|job|role|prospects|colleagues|staff|headcount|be)\b", re.IGNORECASE)
"""A sentence applying a figure to the person: their team, employer, job or prospects."""
_TO_THEM = re.compile(r"\b(?:you|your|yours|you've|you're)\b", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Sentences, split where one ends and the next begins (never inside "57.7%")."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


YOUNGEST_AT_WORK = 16
"""The youngest age at which the years someone has worked began: years in the work put a floor under their age."""


@dataclass(frozen=True)
class Who:
    """What group membership is decided on: the person's confirmed profile and the catalog roles they are placed in
    or aim for."""

    profile: Profile
    roles: frozenset[str]
    numbers: frozenset[str] = frozenset()
    """The values of the numbers the person gave themselves (`agents.theirs`): a draft saying one back states their
    fact, not a source's figure that happens to share the number ("5 years" in the job is not "5 years" to license)."""

    @classmethod
    def of(cls, profile: Profile, roles: Iterable[str | None] = (), numbers: Iterable[str] = ()) -> Who:
        named = {profile.matched_role, profile.target_role, profile.role_choice, *roles}
        return cls(profile, frozenset(r for r in named if r and r != "none"), frozenset(numbers))


class Audiences:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    @cached_property
    def _groups(self) -> dict[str, Audience]:
        return {a.id: a for a in self.kb.catalog.audiences}

    @cached_property
    def _figures(self) -> list[tuple[Figure, re.Pattern[str], tuple[str, ...]]]:
        return [(f, re.compile(rf"(?<![\w.$]){re.escape(f.value)}(?![\w%])", re.IGNORECASE),
                 tuple(p.lower() for p in f.said_as)) for f in self.kb.catalog.figures]

    @cached_property
    def _context(self) -> dict[str, frozenset[str]]:
        """For a figure whose value is words alone ("twice", "Thousands"), the longer words of its statement: the
        value is that figure only beside one of them ("run the set at least twice" states no figure)."""
        return {f.id: frozenset(w for w in re.findall(r"[a-z]{7,}", f.statement.lower()) if w not in f.value.lower())
                for f in self.kb.catalog.figures if not re.search(r"\d", f.value)}

    def _states_value(self, figure: Figure, value: re.Pattern[str], sentence: str) -> bool:
        if not value.search(sentence):
            return False
        context = self._context.get(figure.id)
        return context is None or any(word in sentence.lower() for word in context)

    def member(self, audience_id: str, who: Who) -> bool:
        group = self._groups.get(audience_id)
        if group is None:
            return False
        if group.everyone:
            return True
        profile = who.profile
        if group.age_min is not None and profile.age is not None:
            return group.age_min <= profile.age <= (group.age_max or 200)
        if group.age_max is not None and (profile.years_experience or 0) + YOUNGEST_AT_WORK > group.age_max:
            return False  # 14 years a porter, band 2 or not, is nobody aged 22 to 25
        return bool(who.roles & set(group.roles) or (profile.domain and profile.domain in group.domains)
                    or (profile.situation and profile.situation in group.situations)
                    or (profile.seniority and profile.seniority in group.seniority))

    def for_person(self, figure: Figure, who: Who) -> bool:
        """The figure is about a group the person is in, and about their country's market (or every country's, or
        their country is not known): US construction statistics are not told to a decorator in Stoke. One
        employer's own numbers reach only people whose catalog role is in the figure's group: a shop or a dental
        front desk is no software firm's support team."""
        if figure.employer is not None:
            return any(who.roles & set(self._groups[a].roles) for a in figure.about if a in self._groups) \
                and self.in_country(figure, who)
        return any(self.member(a, who) for a in figure.about) and self.in_country(figure, who)

    @staticmethod
    def generalised(sentence: str, figure: Figure) -> bool:
        """One employer's numbers said as if general or as the person's own prospects: the sentence does not name the
        firm, or it tells them to the person ("your team could go from 9,000 to 5,000")."""
        if figure.employer is None:
            return False
        names = re.search(rf"\b{re.escape(figure.employer)}\b", sentence, re.IGNORECASE) is not None
        return not names or _YOURS.search(sentence) is not None

    @staticmethod
    def in_country(figure: Figure, who: Who) -> bool:
        country = who.profile.country
        return figure.country is None or country is None or figure.country == country

    def entry_for(self, entry_id: str, who: Who) -> bool:
        """Whether a catalog entry may be told to the person: a figure only to its group, anything else to all."""
        figure = next((f for f, _, _ in self._figures if f.id == entry_id), None)
        return figure is None or self.for_person(figure, who)

    def mentioned(self, sentence: str, theirs: frozenset[str] = frozenset()) -> list[Figure]:
        """The figures a sentence states: the value as the sources write it, or the words of its paraphrase. A value
        whose every number is one the person gave (`theirs`), in a sentence said to them ("your 5 years braiding"),
        is their fact said back, unless the paraphrase is there too."""
        lowered = sentence.lower()
        to_them = bool(theirs) and _TO_THEM.search(sentence) is not None
        return [f for f, value, phrases in self._figures
                if (self._states_value(f, value, sentence) and not (to_them and self._theirs(f, theirs)))
                or any(p in lowered for p in phrases)]

    @staticmethod
    def _theirs(figure: Figure, theirs: frozenset[str]) -> bool:
        numbers = number_set([figure.value])
        return bool(numbers) and numbers <= theirs

    def outside(self, text: str, who: Who) -> list[tuple[str, Figure]]:
        """(sentence, figure) for each figure `text` states about a group the person is not in."""
        return [(s, f) for s in sentences(text) for f in self.mentioned(s, who.numbers)
                if not self.for_person(f, who) or self.generalised(s, f)]

    def kept(self, text: str, who: Who) -> str:
        """`text` without the sentences that state a figure about a group the person is not in."""
        return " ".join(s for s in sentences(text)
                        if all(self.for_person(f, who) and not self.generalised(s, f)
                               for f in self.mentioned(s, who.numbers)))

