"""Reading structured facts out of free-text answers (the knowledge engine's extractor)."""

from __future__ import annotations

import re

from domain.profile import Seniority

_NUMBER_WORDS = {
    "half": 0.5, "one": 1, "a": 1, "an": 1, "two": 2, "couple": 2, "three": 3, "few": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "decade": 10,
}
_NUM = r"(\d+(?:\.\d+)?(?![\d.])|\b(?:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\b)"
_RANGE = re.compile(_NUM + r"\s*(?:-|–|to|or)\s*" + _NUM, re.IGNORECASE)
_SINGLE = re.compile(_NUM, re.IGNORECASE)
_PER_DAY = re.compile(r"\b(a|per|each|every)\s+(day|evening|night|weekday|morning)\b|\bdaily\b", re.IGNORECASE)
_PER_MONTH = re.compile(r"\b(a|per|each|every)\s+month\b|\bmonthly\b", re.IGNORECASE)
_MINUTES = re.compile(r"\bmin(ute)?s?\b", re.IGNORECASE)
_YEARS = re.compile(_NUM + r"\+?\s*(?:years?|yrs?|y)\b", re.IGNORECASE)

DONE = re.compile(
    r"^\s*(i'?m |i am )?(done|finished|that'?s (all|it|enough)|stop|no more( questions)?|enough( questions)?|"
    r"let'?s (stop|move on|see (the|my) plan)|show me (the|my) plan)\W*$",
    re.IGNORECASE,
)
SKIP = re.compile(r"^\s*(skip|pass|next|rather not( say)?|prefer not to (say|answer)|no comment)\W*$", re.IGNORECASE)
NONE = re.compile(r"^\s*(none|no|nothing|not really|none yet|no one|n/?a|nope|not yet|no constraints|no concerns)\W*$",
                  re.IGNORECASE)
NON_ANSWER = re.compile(r"^\s*(idk|i don'?t know|not sure|dunno|no idea|whatever|hm+|\?+|\.+|-+|ok|okay|yes)\W*$",
                        re.IGNORECASE)

_SENIORITY: list[tuple[re.Pattern[str], Seniority]] = [
    (re.compile(r"\b(cto|ceo|coo|cio|vp|vice president|chief|executive|head of|director)\b", re.I), "executive"),
    (re.compile(r"\b(lead|principal|staff|manager|architect)\b", re.I), "lead"),
    (re.compile(r"\b(senior|sr\.?|experienced|veteran)\b", re.I), "senior"),
    (re.compile(r"\b(mid|mid-level|intermediate)\b", re.I), "mid"),
    (re.compile(r"\b(junior|jr\.?|associate)\b", re.I), "junior"),
    (re.compile(r"\b(entry|graduate|grad|intern|trainee|apprentice|new to|just started|first job)\b", re.I), "entry"),
]


def _value(token: str) -> float:
    return float(token) if token[0].isdigit() else float(_NUMBER_WORDS[token.lower()])


def parse_hours_per_week(text: str) -> float | None:
    """'5', 'about 3-4 hours', 'an hour a day', 'two evenings of 2 hours' -> hours per week (conservative)."""
    if m := _RANGE.search(text):
        hours = min(_value(m.group(1)), _value(m.group(2)))
    elif m := _SINGLE.search(text):
        hours = _value(m.group(1))
    else:
        return None
    if _MINUTES.search(text):
        hours /= 60
    if _PER_DAY.search(text):
        hours *= 5
    elif _PER_MONTH.search(text):
        hours /= 4
    return round(min(max(hours, 0.5), 60.0), 1) if hours > 0 else None


def parse_years(text: str) -> float | None:
    if re.search(r"\b(less than|under) (a|one) year\b", text, re.IGNORECASE) or (
        re.search(r"\bmonths?\b", text, re.IGNORECASE) and not _YEARS.search(text)
    ):
        return 0.5
    if re.search(r"\bdecades?\b", text, re.IGNORECASE) and not _YEARS.search(text):
        return 10.0
    if m := _YEARS.search(text):
        return min(_value(m.group(1)), 60.0)
    if re.fullmatch(r"\s*" + _NUM + r"\s*", text, re.IGNORECASE):
        return min(_value(text.strip()), 60.0)
    return None


def parse_seniority(text: str) -> Seniority | None:
    for pattern, level in _SENIORITY:
        if pattern.search(text):
            return level
    return None


def seniority_from_years(years: float) -> Seniority:
    if years < 1:
        return "entry"
    if years < 3:
        return "junior"
    if years < 7:
        return "mid"
    return "senior"
