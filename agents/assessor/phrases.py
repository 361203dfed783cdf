"""The person's phrases as an assessment may use them: what may be quoted back, a list said in words, a phrase's
stems, and whether a list names work at all."""

from __future__ import annotations

import re

from agents.guards import looks_like_instruction
from reading.cues import stems, tokens
from reading.privacy import strip_personal


def quotable(texts: list[str]) -> list[str]:
    """The person's phrases that may be quoted back: personal data removed, instruction-shaped sentences dropped,
    and only what reads as words (not pasted noise)."""
    kept = (" ".join(s for s in re.split(r"(?<=[.!?])\s+", strip_personal(t)) if not looks_like_instruction(s))
            for t in texts)
    return [s.strip() for s in kept if reads_as_words(s.strip())]


def reads_as_words(text: str) -> bool:
    letters = sum(ch.isalpha() or ch.isspace() for ch in text)
    return bool(text) and letters >= 0.8 * len(text) and max(len(w) for w in text.split()) <= 30


def and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def stems_of(phrase: str) -> frozenset[str]:
    return frozenset(stems(tokens(phrase.replace("-", " "))))


def names_work(items: list[str]) -> bool:
    """More than a single word: "docs" names the work too loosely to plan on."""
    return sum(len(i.split()) for i in items) >= 2
