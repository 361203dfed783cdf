"""A returning person's full session: one question on what has changed since last time, before anything else.

The profile remembered from the last session is only a starting point. The first question says, in a line, what is
known ("Welcome back. Last time: ...") and asks what has changed. The answer is read like a correction at the
profile review (the latest statement wins); "nothing" keeps what is known; "start afresh" (or "that's not me",
"who is this") drops all of it and the whole interview follows. Then the interview asks only what is still unknown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from agents.deps import AgentDeps
from domain.interview import AskedQuestion
from domain.profile import Profile
from knowledge.models import ProfileField
from reading.rules import rule
from reading.screen import screened

RETURNING_ID = "q.returning"
"""The question id of the first question of a returning person's session (not a question bank entry)."""
RETURNING_FIELD: ProfileField = "current_role"
"""The field the question is filed under; its answer may change any field."""
WELCOME_BACK = ("Welcome back. Last time: {summary}. What has changed since then? Say 'nothing', tell me what is "
                "different, or 'start afresh'.")
WELCOME_BACK_HINT = ("What is different since last time? For example \"nothing\", \"I only have 2 hours a week now\", "
                     "\"I'm a team leader now\" - or \"start afresh\" if this is not you.")
NOTHING_KNOWN = "nothing I can sum up"
NOTED = "Thanks - I've noted what changed."
KEPT = "Thanks - I've kept what I knew."
AFRESH = "Fine, we start afresh: I've put aside everything I had of you."
NOT_READ = ("I could not tell which part of what I knew this is about: {said}; you can correct it when you check "
            "everything.")
MAX_LIMITS = 2

Returning = Literal["unchanged", "changed", "afresh"]
FIELDS: tuple[str, ...] = ("current_role", "situation", "years_experience", "seniority", "hours_per_week",
                           "hours_pattern", "main_tasks", "skills", "goals", "concerns", "constraints", "ai_tools")
"""The fields the profile review names when it says which of them came from last time."""


def last_time(profile: Profile) -> str:
    """What is known of the person, in a short plain line: their work, their hours, their main limits."""
    parts: list[str] = []
    if profile.current_role:
        parts.append(f"you worked as {profile.current_role}")
    if profile.hours_per_week:
        parts.append(f"you had {profile.hours_per_week:g} h a week for the plan")
    if profile.constraints:
        limits = "; ".join(c.rstrip(". ") for c in profile.constraints[:MAX_LIMITS])
        parts.append(f"your main limits were: {limits}")
    return ", ".join(parts) if parts else NOTHING_KNOWN


def welcome_back(profile: Profile) -> AskedQuestion:
    """The first question of a returning person's session."""
    return AskedQuestion(question_id=RETURNING_ID, field=RETURNING_FIELD, hint=WELCOME_BACK_HINT, attempt=1,
                         text=WELCOME_BACK.format(summary=last_time(profile)))


def is_returning(asked: AskedQuestion | None) -> bool:
    return asked is not None and asked.question_id == RETURNING_ID


_RELUCTANCE_REACH = 90
"""How far before "start again" a "not" or a fear still holds it ("I do not want to sell the practice, take a
student loan, or start again from scratch")."""


_AFRESH_PARTS = re.compile(r"(?<=[.!?\n;])\s+|\s+[-–—]\s+|,\s*(?=(?:just|so|please|pls|can we|let'?s)\b)",
                           re.IGNORECASE)
"""Where what was said before no longer governs a "start again" ("my years are wrong - just start again")."""


def wants_afresh(text: str) -> bool:
    """The person asks to start afresh, or says what is held of them is not them (`signal.afresh`) - not where they
    say they will not, or fear to, start again (`signal.afresh_not_wanted`)."""
    for sentence in _AFRESH_PARTS.split(text):
        if rule("signal.afresh_about_a_field").search(sentence):
            continue  # "none of those worries are mine": a correction of that part
        for match in rule("signal.afresh").finditer(sentence):
            if not rule("signal.afresh_not_wanted").search(sentence[max(0, match.start() - _RELUCTANCE_REACH):
                                                                    match.start()]):
                return True
    return False


@dataclass(frozen=True)
class Update:
    """What an answer to the welcome-back question did to the remembered profile."""

    how: Returning
    profile: Profile
    note: str


def returning_update(answer: str, profile: Profile, deps: AgentDeps) -> Update:
    """The remembered profile after the person said what has changed (read like a correction, latest wins)."""
    text = screened(answer).text
    if wants_afresh(text):
        return Update("afresh", Profile(), AFRESH)
    if not text or rule("signal.unchanged").search(text):
        return Update("unchanged", profile, KEPT)
    changed, not_applied = deps.reader.corrected(text, profile)
    unread = NOT_READ.format(said="; ".join(f'"{s}"' for s in not_applied[:2])) if not_applied else None
    if changed == profile:
        return Update("unchanged", profile, unread or KEPT)
    return Update("changed", changed, f"{NOTED} {unread}" if unread else NOTED)


def from_last_time(profile: Profile, remembered: Profile | None) -> list[str]:
    """The fields of the profile that still hold what was remembered (not said again in this session)."""
    if remembered is None:
        return []
    return [f for f in FIELDS if getattr(profile, f) and getattr(profile, f) == getattr(remembered, f)]
