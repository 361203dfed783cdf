"""The named reading rules of `knowledge/data/reading.yaml`, compiled, and a record of which ones fired.

Code asks for a rule by name (`rule("time.ruled_out")`) and uses it like a compiled pattern. While a reading is
being recorded (`recording()`), every rule that matches adds its name, so the trace of an answer says which rules
read it. The rules' own example texts are their tests (tests/unit/reading/test_rules.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from knowledge.loader import shipped_reading_rules

_FIRED: ContextVar[list[str] | None] = ContextVar("reading_rules_fired", default=None)


@dataclass(frozen=True)
class Rule:
    """One named rule, compiled. Matching methods mirror `re.Pattern`'s and note the rule when it fires."""

    name: str
    pattern: re.Pattern[str]

    def _noted(self, found: object) -> None:
        if found and (fired := _FIRED.get()) is not None and self.name not in fired:
            fired.append(self.name)

    def search(self, text: str) -> re.Match[str] | None:
        found = self.pattern.search(text)
        self._noted(found)
        return found

    def match(self, text: str) -> re.Match[str] | None:
        found = self.pattern.match(text)
        self._noted(found)
        return found

    def fullmatch(self, text: str) -> re.Match[str] | None:
        found = self.pattern.fullmatch(text)
        self._noted(found)
        return found

    def finditer(self, text: str) -> list[re.Match[str]]:
        found = list(self.pattern.finditer(text))
        self._noted(found)
        return found

    def before(self, text: str) -> str:
        """The text up to where the rule first matches (all of it when it does not)."""
        found = self.search(text)
        return text[:found.start()] if found else text

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        out, count = self.pattern.subn(replacement, text)
        self._noted(count)
        return out


@cache
def _rules() -> dict[str, Rule]:
    compiled: dict[str, Rule] = {}
    for entry in shipped_reading_rules():
        flags = 0 if entry.case_sensitive else re.IGNORECASE
        joined = "|".join(f"(?:{p})" for p in entry.any)
        compiled[entry.name] = Rule(entry.name, re.compile(joined, flags))
    return compiled


def rule(name: str) -> Rule:
    """The rule of that name; a name the data lacks is a programming error."""
    try:
        return _rules()[name]
    except KeyError:
        raise KeyError(f"no reading rule named {name!r} in knowledge/data/reading.yaml") from None


def rule_names() -> list[str]:
    return sorted(_rules())


@contextmanager
def recording() -> Iterator[list[str]]:
    """Collect the names of the rules that fire inside the block, in the order they first fire."""
    fired: list[str] = []
    token = _FIRED.set(fired)
    try:
        yield fired
    finally:
        _FIRED.reset(token)


def note(name: str) -> None:
    """Record a rule decided in code (a structured answer, a derived field) as fired."""
    if (fired := _FIRED.get()) is not None and name not in fired:
        fired.append(name)
