"""Where the person lives, from what they say: a country's name, its places or institutions ("Stoke", "the NHS",
"HMRC"), else its money ("£45 a month", "A$80"). The words are data (vocabulary `countries`). Where they say they
live decides over places named for other reasons ("clients in Brazil"); a place said not to be theirs ("antwerp, not
ireland") names nothing; a place whose name is an ordinary word too ("cork") counts only after "in", "from"..."""

from __future__ import annotations

import re
from collections.abc import Mapping

from knowledge.models import Country


def _words(phrases: tuple[str, ...], before: str = "") -> re.Pattern[str] | None:
    """Whole words or signs: a sign ("£", "A$") is not glued to a letter before it ("A$" is no bare "$")."""
    if not phrases:
        return None
    alternatives = [rf"(?<![\w$]){before}{re.escape(p)}(?!\w)" if p[-1].isalnum() or p[-1] in ".)"
                    else rf"(?<![A-Za-z$]){before}{re.escape(p)}" for p in sorted(phrases, key=len, reverse=True)]
    return re.compile("|".join(alternatives), re.IGNORECASE)


ELSEWHERE = "other"
"""The vocabulary's countries with no figures: read only where the person says they live."""
_PLACED = r"(?:in|from|near|around|outside|of)\s+(?:the\s+)?(?:city\s+of\s+|county\s+|co\.?\s+)?"
_LIVES = re.compile(r"\b(?:i|we)\s*(?:'?m|am|are|'re)?\s*(?:live|living|lives|based|located|settled|moved|from)\b"
                    r"|\bwhere i live\b|\bhome is\b|\bi'?m in\b", re.IGNORECASE)
_NOT_THERE = re.compile(r"\bnot\s+(?:in\s+|from\s+|the\s+)?(?=[a-z])", re.IGNORECASE)


class Countries:
    def __init__(self, countries: Mapping[str, Country]) -> None:
        self._places = {k: [p for p in (_words(c.cues), _words(c.places_only, _PLACED)) if p is not None]
                        for k, c in countries.items()}
        self._money = {k: [p] for k, c in countries.items() if (p := _words(c.money)) is not None}

    def of(self, text: str) -> str | None:
        """The one country `text` places the person in: where they say they live first, then by place or
        institution, then by money when no place is named. Two countries named (a move, a comparison) say none."""
        text = self._denied_out(text)
        for lives in _LIVES.finditer(text):
            clause = re.split(r"[.;!?\n]|\bbut\b", text[lives.start():], maxsplit=1)[0]
            if len(named := self._named(self._places, clause)) == 1:
                return named[0]
        for patterns in (self._places, self._money):
            named = [k for k in self._named(patterns, text) if k != ELSEWHERE]  # "a bank clerk in Poland before":
            # a country the sources have no figures for counts only where the person says they live
            if len(named) == 1:
                return named[0]
            if named:
                return None
        return None

    def _denied_out(self, text: str) -> str:
        """`text` without the places it says are not the person's ("belgium not ireland")."""
        for denied in reversed(list(_NOT_THERE.finditer(text))):
            rest = text[denied.end():]
            for patterns in self._places.values():
                if (found := next((m for p in patterns if (m := p.match(rest))), None)) is not None:
                    text = text[:denied.start()] + " " + rest[found.end():]
                    break
        return text

    @staticmethod
    def _named(patterns: Mapping[str, list[re.Pattern[str]]], text: str) -> list[str]:
        return [k for k, found in patterns.items() if any(p.search(text) for p in found)]
