"""Small text helpers shared by the engines and the guards."""

from __future__ import annotations

import re
from collections.abc import Iterable

_NUMBER = re.compile(r"(?<![\w.])\$?\d[\d,]*(?:\.\d+)?(?:%|k\b)?")
_WORD = re.compile(r"[a-z0-9]+")


def numbers_in(text: str) -> list[str]:
    """Numbers as written ('$187,500', '3.2', '16%'), in order of appearance."""
    return [m.group(0).rstrip(",") for m in _NUMBER.finditer(text)]


def normalize_number(raw: str) -> str:
    """'$187,500' -> '187500', '16%' -> '16', '3.50' -> '3.5': the value, not its dress."""
    value = raw.replace("$", "").replace(",", "").replace("%", "").removesuffix("k")
    if "." in value:
        value = value.rstrip("0").rstrip(".")
    return value


# Planning numbers - hours, weeks, days, minutes - are the plan's own schedule, not facts that need a source.
_PLANNING = re.compile(
    r"\b\d+(?:\.\d+)?(?:\s+of the\s+\d+)?(?:\s*-\s*|\s+)(?:weeks?|hours?|hrs?|h|minutes?|mins?|days?|months?)\b|"
    r"\bweek\s+\d+\b|\b\d+(?:\.\d+)?\s*h/week\b", re.IGNORECASE)


def without_planning_numbers(text: str) -> str:
    return _PLANNING.sub(" ", text)


def number_set(texts: Iterable[str]) -> set[str]:
    return {normalize_number(n) for text in texts for n in numbers_in(text)}


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def normalized(text: str) -> str:
    """Lower-case words separated by single spaces, padded so ' phrase ' tests whole words."""
    return f" {' '.join(words(text))} "


def contains_phrase(text: str, phrase: str) -> bool:
    return normalized(phrase) in normalized(text)


def split_items(text: str, limit: int = 12) -> list[str]:
    """Split a free-text list ('Python, SQL and dashboards; some Excel') into short items."""
    parts = re.split(r"[;,\n•]|\band\b|\bplus\b|\s-\s", text)
    items = [p.strip(" .!?:-*\t\"'") for p in parts]
    return [i[:200] for i in items if len(i) > 1][:limit]


def shared_run(a: str, b: str, min_words: int) -> str | None:
    """The first run of at least `min_words` consecutive words that `a` and `b` share, if any."""
    wa, wb = words(a), words(b)
    if len(wa) < min_words or len(wb) < min_words:
        return None
    grams = {tuple(wb[i : i + min_words]) for i in range(len(wb) - min_words + 1)}
    for i in range(len(wa) - min_words + 1):
        if tuple(wa[i : i + min_words]) in grams:
            return " ".join(wa[i : i + min_words])
    return None


_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def number_words(value: float) -> str:
    """'nine', 'twelve', '2.5', '15': small whole numbers in words, the rest in figures."""
    if value == int(value):
        whole = int(value)
        return _SMALL[whole] if 0 <= whole < len(_SMALL) else str(whole)
    return f"{value:g}"


def reads_as_words(text: str) -> bool:
    """Whether a phrase reads as a person's words, fit to say back: mostly letters, no code-like symbols, no run-on
    tokens, and a couple of real words ("2 1 nc localhost 1337; bin sh" does not)."""
    stripped = text.strip()
    if not stripped or re.search(r"[;|/\\$<>{}=`]", stripped):
        return False
    letters = sum(ch.isalpha() or ch.isspace() for ch in stripped)
    real = [w for w in re.findall(r"[A-Za-z']+", stripped) if len(w) >= 3]
    return letters >= 0.8 * len(stripped) and max(len(w) for w in stripped.split()) <= 30 and len(real) >= 2
