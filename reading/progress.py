"""Reading a check-in answer given in words: how an action went, and what changed since the plan was made.

Rules are named patterns, tried in order; the first status that matches wins, so "not done" is never read as done.
What no rule reads is kept as the person's own words (`text`), never guessed into a field.
"""

from __future__ import annotations

import re

from domain.checkin import ActionReport, ActionStatus, ChangeReport

_STATUS: tuple[tuple[ActionStatus, re.Pattern[str]], ...] = (
    ("blocked", re.compile(r"\b(?:blocked|can'?t|cannot|couldn'?t|not allowed|isn'?t allowed|aren'?t allowed|banned?|"
                           r"forbid(?:den|s)?|prohibit(?:ed|s)?|stopped (?:me|us)|won'?t let|no longer allowed)\b",
                           re.I)),
    ("not_started", re.compile(r"\b(?:not (?:yet )?started|haven'?t (?:yet )?(?:started|begun|done|touched)|"
                               r"didn'?t (?:start|get to|do|manage)|did not (?:start|get to|do)|not (?:done|begun)|"
                               r"no progress|nothing(?: yet)?|not yet|none)\b", re.I)),
    ("partly", re.compile(r"\b(?:partly|partially|part of|half|some of|started|in progress|halfway|begun|"
                          r"a bit|a little|not finished|not quite|ongoing|working on)\b", re.I)),
    ("done", re.compile(r"\b(?:done|did it|finished|completed?|complete|yes|all of it)\b", re.I)),
)
_BLOCKER = re.compile(r"\b(?:blocked by|because(?: of)?|due to|since|as)\s+(?P<what>[^.;]{3,200})", re.I)
_LEAD = re.compile(r"^\s*(?:blocked|it was blocked|stuck)\b\s*(?:by\b)?[\s:,-]*", re.I)
_HOURS = re.compile(r"\b(?P<n>\d+(?:[.,]\d+)?|(?i:half an?|an?|one|two|three|four|five|six))\s*"
                    r"(?:h\b|hrs?\b|(?i:hours?)\b)")  # lower-case 'h' and 'hr' only: 'HR' is no unit of time
_WORD_NUMBERS = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0,
                 "half a": 0.5, "half an": 0.5}
_NEW_JOB = re.compile(r"\b(?:new (?:job|role)|changed (?:jobs?|roles?)|started (?:a new job|working)|"
                      r"moved to a new (?:job|role)|now (?:work(?:ing)?|employed)|got a (?:job|role)|switched jobs?)\b",
                      re.I)
_AS_ROLE = re.compile(r"\b(?:as|to)\s+(?P<role>an?\s+[^.;,]{3,120})", re.I)
_LIMIT = re.compile(r"[^.;]*\b(?:employer|company|manager|boss|policy|rule|not allowed|banned?|forbid\w*|"
                    r"no (?:money|budget)|can'?t afford)\b[^.;]*", re.I)
_WORRY = re.compile(r"[^.;]*\b(?:worr\w+|afraid|scared|anxious|fear\w*|concern\w*)\b[^.;]*", re.I)
_RATINGS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (-2, re.compile(r"\b(?:much less|far (?:less|behind)|way behind|nowhere near|not at all)\b", re.I)),
    (2, re.compile(r"\b(?:much more|far (?:more|ahead)|way ahead|well ahead|much better)\b", re.I)),
    (-1, re.compile(r"\b(?:(?:a )?(?:bit|little) less|behind|slower than|less than (?:i )?(?:hoped|expected))\b",
                    re.I)),
    (1, re.compile(r"\b(?:(?:a )?(?:bit|little) more|ahead|better than|more than (?:i )?(?:hoped|expected))\b", re.I)),
    (0, re.compile(r"\b(?:as (?:i )?(?:hoped|expected|planned)|on track|about right|what i hoped)\b", re.I)),
)
_NOTHING = re.compile(r"^\s*(?:nothing|no|none|same|nothing changed|no changes?|all the same)\W*$", re.I)


def _hours(text: str) -> float | None:
    found = _HOURS.search(text)
    if found is None:
        return None
    raw = found.group("n").lower().replace(",", ".")
    value = _WORD_NUMBERS.get(raw)
    return value if value is not None else float(raw)


def read_action(text: str) -> ActionReport | None:
    """How an action went, from words (the status said first); None when no status can be read (asked again)."""
    said = [(match.start(), rank, status) for rank, (status, pattern) in enumerate(_STATUS)
            if (match := pattern.search(text))]
    if not said:
        return None
    status = min(said)[2]  # what the person says first: "done, but it took two weeks, not started the rest" is done
    blocker = None
    if status == "blocked":
        found = _BLOCKER.search(text)
        blocker = _LEAD.sub("", found.group("what") if found else text).strip()[:400] or None
    return ActionReport(status=status, hours_per_week=_hours(text), blocker=blocker, text=text.strip()[:400] or None)


def read_changes(text: str) -> ChangeReport:
    """What changed, from words: new hours, a new job, new limits and worries, the goal's rating."""
    if _NOTHING.match(text):
        return ChangeReport()
    role = _AS_ROLE.search(text) if _NEW_JOB.search(text) else None
    rating = next((r for r, pattern in _RATINGS if pattern.search(text)), None)
    limits = [m.group(0).strip()[:400] for m in _LIMIT.finditer(text)][:5]
    worries = [m.group(0).strip()[:400] for m in _WORRY.finditer(text) if m.group(0).strip() not in limits][:5]
    hours = _hours(text)
    return ChangeReport(hours_per_week=hours if hours and hours > 0 else None,
                        new_role=role.group("role").strip()[:400] if role else None,
                        limits=limits, worries=worries, rating=rating, text=text.strip()[:400] or None)
