"""Which field each sentence of an answer is about. People say several things at once: asked for their tasks, they
correct their hours ("sorry, I must correct - I am part time, 30 hours"); asked for their limits, they put right
what was said back to them ("my aim isn't 'good question', it's HR business partner"). A sentence another field
clearly claims is taken out of the asked field's reading and read for its own field, never pasted in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from knowledge.models import ProfileField
from reading.fields import Pieces
from reading.privacy import strip_personal
from reading.rules import rule
from reading.signals import plain_phrase
from reading.time import TimeReader

SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
TIME_ROUTED: frozenset[ProfileField] = frozenset({"main_tasks", "skills", "goals", "concerns", "ai_tools"})
"""Questions whose answers lose a sentence about time to the hours (a role or a limit may be said in hours)."""
LIMIT_ROUTED: frozenset[ProfileField] = frozenset({"main_tasks", "skills", "goals", "ai_tools"})
SHORT_SENTENCE = 8
SHORT_SITUATION = 4
"""Words of a sentence short enough to be only a situation said again ("i say employed")."""
PLAIN_LIMITS = frozenset({"health", "caregiving", "money", "device"})
FIELD_WORDS: dict[str, str] = {
    "goal": "goals", "goals": "goals", "aim": "goals", "plan": "goals", "dream": "goals",
    "job": "current_role", "role": "current_role", "title": "current_role", "work": "current_role",
    "worry": "concerns", "worries": "concerns", "fear": "concerns",
    "limit": "constraints", "limits": "constraints",
    "strength": "skills", "strengths": "skills",
}


_LABEL_WORDS: tuple[tuple[ProfileField, str], ...] = (
    ("skills", "skills|strengths|good at"), ("main_tasks", "tasks|duties|my week|what i do"),
    ("goals", "goals?|aims?|what i want|what i'?m after|what im after"), ("concerns", "worr(?:y|ies)|fears?|concerns?"),
    ("constraints", "limits?|constraints?"),
    ("ai_tools", "ai tools|tools"))
_LABELLED: dict[ProfileField, re.Pattern[str]] = {
    field: re.compile(rf"(?:^|(?<=[.!?\n])|(?<=\.\s))\s*(?:my\s+|and\s+)?(?:{words})\s*:", re.IGNORECASE)
    for field, words in _LABEL_WORDS}
"""A field's own label at the start of a sentence ("skills: valuation, leases"): the answer to it follows."""


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(text) if s.strip()]


@dataclass(frozen=True)
class FieldFix:
    """A sentence that puts right what was said back about another field, and the rest of the answer."""

    text: str
    updates: dict[str, Any] = field(default_factory=dict)
    replaces: list[str] = field(default_factory=list)


def field_fixes(text: str, situation_of: Callable[[str], str | None] | None = None,
                reads_as_job: Callable[[str], bool] | None = None) -> FieldFix:
    """"my goal is not 'good question', it's moving into HR": the goal replaced, the sentence read no further;
    "hold on, im not job hunting, i have a job!": the situation put right (with `situation_of`). A job is put right
    only in words that read as one (with `reads_as_job`): "I am sleeping whole day so, not every day off is free" says
    nothing of the person's work."""
    updates: dict[str, Any] = {}
    replaces: list[str] = []
    kept: list[str] = []
    for sentence in sentences(text):
        if situation_of and rule("situation.corrected").search(sentence) and (now := situation_of(sentence)):
            whole = situation_of(text)  # "I'm not working. I was made redundant five weeks ago": out of work by
            updates["situation"] = whole if now == "career_break" and whole == "job_seeking" else now  # no choice
            replaces.append("situation")
            continue
        found = rule("correction.field").search(sentence)
        role = found and (found.group("role") or found.group("role2"))  # "I am ops manager, not forklift driver"
        name = "current_role" if role else FIELD_WORDS.get((found.group("what") or "").lower()) if found else None
        value = plain_phrase(strip_personal((role or found.group("value") or "") if found else "")).strip(
            " !.,'\"") if found else ""
        if found is None or name is None or not value or (
                name == "current_role" and reads_as_job is not None and not reads_as_job(value)):
            kept.append(sentence)
            continue
        updates[name] = value[:200] if name == "current_role" else [value[:200]]
        replaces.append(name)
        rest = (sentence[:found.start()] + " " + sentence[found.end():]).strip(" ,;:-")
        if len(rest.split()) > 2:
            kept.append(rest)
    return FieldFix(text="\n".join(kept), updates=updates, replaces=replaces)


class Router:
    """The field each sentence belongs to, with the reader's vocabulary."""

    def __init__(self, pieces: Pieces, time: TimeReader) -> None:
        self.pieces = pieces
        self.time = time

    def claimed(self, sentence: str, asked: ProfileField) -> str | None:
        """The field a sentence clearly belongs to, or None when it may answer the question asked."""
        if self.pieces.worried(sentence) or (asked == "goals" and rule("worry.work_to_ai").search(sentence)):
            return "concerns"  # (beside a goal, "the robot does the phones by next summer" is a fear, not an aim)
        if asked != "situation" and (rule("situation.corrected").search(sentence) or (
                len(sentence.split()) <= SHORT_SITUATION and self.pieces.situation_of(sentence))):
            return "situation"  # "i am NOT away from work", "i say employed": the situation put right, no goal
        if rule("self.strength").search(sentence):
            return "skills"
        if rule("goal.want").match(sentence):
            return "goals"
        if asked in TIME_ROUTED and self._about_time(sentence):
            return "hours_per_week"
        kinds = set(self.pieces.constraint_kinds_in(sentence))
        if asked in LIMIT_ROUTED and kinds and (self.pieces.limit_kinds(sentence) or (
                asked == "goals" and kinds & PLAIN_LIMITS and not rule("goal.wish").search(sentence))):
            return "constraints"  # (in a goals answer, "my back and knees are cooked" is a limit, not a goal)
        return None

    def for_question(self, text: str, asked: ProfileField) -> str:
        """The answer without the sentences another field claims (those are read in passing); where the person
        labels the answer ("... skills: valuation, leases"), what the label heads."""
        if (label := _LABELLED.get(asked)) is not None and (found := label.search(text)) is not None:
            return text[found.end():].strip() or text
        kept = [s for s in sentences(text) if self.claimed(s, asked) in (None, asked)]
        return "\n".join(kept) or text  # one sentence a line: the lines of a bulleted answer stay lines

    def _about_time(self, sentence: str) -> bool:
        """A sentence about the working week or free time, not about work done: short, or said as a correction."""
        reading = self.time.read(sentence, asked=False)
        if not (reading.worked or reading.hours or reading.free or reading.ruled_out
                or rule("hours.worked").search(sentence)):
            return False
        return len(sentence.split()) <= SHORT_SENTENCE or bool(rule("correction.marker").search(sentence))
