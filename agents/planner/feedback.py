"""Reading a reviewer's or a person's feedback into plan adjustments the knowledge engine can apply."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from agents.text import words

_LESS_TIME = re.compile(r"\b(less time|fewer hours|too (much|many|long|busy)|lighter|smaller|cut (it )?down|"
                        r"can'?t (do|manage|commit)|overwhelm)", re.IGNORECASE)
_MORE = re.compile(r"\b(more ambitious|faster|more actions|more (hours|time)|step it up|push me)\b", re.IGNORECASE)
_EXCLUDE = re.compile(r"\b(?:not interested in|no more|without|drop|remove|skip|avoid|don'?t want|no)\s+"
                      r"(?:the\s+|any\s+)?([a-z][a-z -]{2,40})", re.IGNORECASE)
_FOCUS = re.compile(r"\b(?:focus on|more (?:on|about)|interested in|prefer|emphasi[sz]e|want to learn|"
                    r"toward|towards|into)\s+(?:the\s+)?([a-z][a-z -]{2,40})", re.IGNORECASE)
_STOP = frozenset({"the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "with", "my", "me", "more", "less"})


class Adjustments(BaseModel):
    """What the feedback asks of the next draft."""

    hours_factor: float = Field(default=1.0, description="Multiply the weekly budget by this.")
    extra_actions: int = Field(default=0, ge=0, le=1)
    focus_terms: list[str] = Field(default_factory=list)
    exclude_terms: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="What was understood, for revision notes.")


def _terms(phrase: str) -> list[str]:
    """The content words of one clause: 'demos and less time' -> ['demos']."""
    clause = re.split(r"\b(?:and|but|or|then|so)\b|[,.;]", phrase, maxsplit=1)[0]
    return [w for w in words(clause) if w not in _STOP and len(w) > 2][:4]


def read_feedback(feedback: str | None) -> Adjustments:
    adj = Adjustments()
    if not feedback:
        return adj
    if _LESS_TIME.search(feedback):
        adj.hours_factor = 0.7
        adj.notes.append("asked for a lighter weekly load: hours reduced")
    if _MORE.search(feedback):
        adj.extra_actions = 1
        adj.notes.append("asked for more: an extra action per stage where the budget allows")
    for m in _EXCLUDE.finditer(feedback):
        if terms := _terms(m.group(1)):
            adj.exclude_terms += terms
            adj.notes.append(f"asked to leave out: {' '.join(terms)}")
    for m in _FOCUS.finditer(feedback):
        if terms := _terms(m.group(1)):
            adj.focus_terms += terms
            adj.notes.append(f"asked to focus on: {' '.join(terms)}")
    if not adj.notes:
        adj.focus_terms = _terms(feedback)
        adj.notes.append("used the feedback's words to re-rank the actions")
    return adj
