"""Where the person lives, from what they say: a country's name, its places or institutions ("Stoke", "the NHS",
"HMRC"), else its money ("£45 a month", "A$80"). The words are data (vocabulary `countries`)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from knowledge.models import Country


def _words(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """Whole words or signs: a sign ("£", "A$") is not glued to a letter before it ("A$" is no bare "$")."""
    if not phrases:
        return None
    alternatives = [rf"(?<![\w$]){re.escape(p)}(?!\w)" if p[-1].isalnum() or p[-1] in ".)"
                    else rf"(?<![A-Za-z$]){re.escape(p)}" for p in sorted(phrases, key=len, reverse=True)]
    return re.compile("|".join(alternatives), re.IGNORECASE)


class Countries:
    def __init__(self, countries: Mapping[str, Country]) -> None:
        self._places = {k: _words(c.cues) for k, c in countries.items()}
        self._money = {k: _words(c.money) for k, c in countries.items()}

    def of(self, text: str) -> str | None:
        """The one country `text` places the person in: by place or institution; by money only when no place is
        named. Two countries named (a move, a comparison) say none."""
        for patterns in (self._places, self._money):
            named = [k for k, p in patterns.items() if p is not None and p.search(text)]
            if len(named) == 1:
                return named[0]
            if named:
                return None
        return None
