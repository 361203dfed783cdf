"""A deadline: by when the person needs the plan to have worked, in weeks from today, with the words they said it in.

"i need a proper job by april ... my redundancy money runs out in about 4 month" gives two deadlines; the nearer one
binds. A month named counts to that month from today (`today` is injected by tests); a span of months is 4.3 weeks
each. Goals years ahead ("in 2-3 years I'd like to be a manager"), anything further than a year, and time already gone
("redundant 2 months ago") set none. The rules are `deadline.*` in knowledge/data/reading.yaml.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime

from reading.numbers import WEEKS_A_MONTH, word_numbers
from reading.rules import rule

MAX_WEEKS = 52
"""Further ahead than this is a goal, not time pressure on this plan."""
_CLAUSES = re.compile(r"[.;!?\n]+|,\s*|\s+(?:and|but|so|because|cos|as)\s+|\s+-\s+", re.IGNORECASE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9}
_FEW = {"a": 1.0, "an": 1.0, "a couple of": 2.0, "couple of": 2.0, "a few": 3.0, "few": 3.0}
_MONTH_END = re.compile(r"\b(?:end|late)\b", re.IGNORECASE)
_BY = re.compile(r"\b(?:by|before|until|till|til|no later than|not later than)\b", re.IGNORECASE)
"""A month said with these counts from its first day ("by April", "lasts until June"); one that ends, to its last."""
_UNTIL = re.compile(r"(?:until|till|til)\b", re.IGNORECASE)
_SPAN_RULES = ("deadline.runs_out", "deadline.left", "deadline.within")
_DATE_RULES = ("deadline.by_month", "deadline.by_event")


@dataclass(frozen=True)
class Deadline:
    weeks: int
    words: str
    """The part of what they said that gave it."""


def today_utc() -> date:
    return datetime.now(UTC).date()


def deadline_in(text: str, *, today: date | None = None, feedback: bool = False) -> Deadline | None:
    """The nearest deadline `text` says, if any. `feedback`: a coach's words on a plan, where "compress to 16 weeks"
    or "make the whole plan 12 weeks" gives the plan its length."""
    day = today or today_utc()
    found: list[Deadline] = []
    for sentence in re.split(r"[.;!?\n]+", text):
        said = rule("deadline.rate").sub(" ", word_numbers(sentence))
        pressed = rule("deadline.pressure").search(said) is not None
        for clause in (c.strip() for c in _CLAUSES.split(said)):
            if not clause or rule("deadline.past").search(clause) or rule("deadline.someone_else").search(clause) \
                    or rule("deadline.not_yet").search(clause):  # "cannot do before April": a start, no deadline
                continue
            if feedback and (_one_step(clause) or rule("feedback.action_size").search(sentence)
                             or rule("deadline.draft_said").search(clause)):
                continue  # "visit one robot farm before Christmas", "add an action to take card payments within 3
                # weeks": when that step is done; "action 2 asks him to log it within 3 weeks": the draft's words
            weeks = _weeks_in(clause, day, pressed=pressed, feedback=feedback)
            if weeks is not None and 1 <= weeks <= MAX_WEEKS:
                found.append(Deadline(weeks, clause[:120]))
    return min(found, key=lambda d: d.weeks, default=None)


_WHOLE_PLAN = re.compile(r"(?i)\b(?:plan|whole|everything|all of (?:it|this)|stages?|the lot)\b")


def _one_step(clause: str) -> bool:
    """A coach's clause that times one step ("add: visit a robot farm before Christmas", "get the CV done by
    March"), not the whole plan."""
    step = re.sub(r"(?i)^\W*(?:add|include|and|also|then|please)\b\W*(?:(?:an?|one)\s+(?:action|step)\W*)?", "",
                  clause)
    return bool(rule("feedback.step_verb").match(step)) and not _WHOLE_PLAN.search(clause)


def _weeks_in(clause: str, day: date, *, pressed: bool, feedback: bool) -> int | None:
    names: list[str] = [*_SPAN_RULES, *_DATE_RULES] + (["deadline.plan_length"] if feedback else [])
    for name in names:
        if name == "deadline.within" and not (pressed or feedback):
            continue
        if (match := rule(name).search(clause)) is None:
            continue
        if name in _DATE_RULES and _UNTIL.match(match.group(0)) and not rule("deadline.held_until").search(clause):
            continue  # "exams until June": a busy spell, not a deadline
        weeks = _until(match, day) if name in _DATE_RULES else _span(match)
        if weeks is not None:
            return weeks
    return None


def _group(match: re.Match[str], prefix: str) -> str | None:
    return next((v for k, v in match.groupdict().items() if k.startswith(prefix) and v), None)


def _span(match: re.Match[str]) -> int | None:
    count, unit = _group(match, "n"), _group(match, "unit")
    if count is None or unit is None:
        return None
    value = _FEW.get(count.lower()) or float(count)
    weeks = value * WEEKS_A_MONTH if unit.lower().startswith("m") else value
    return max(1, round(weeks))


def _until(match: re.Match[str], day: date) -> int | None:
    """Weeks from `day` to the date a match names: the start of a month said with "by" or "before", its end where it
    is an end ("ends in June", "by the end of March"); Christmas Day; the last day of the year; a season's first."""
    said = match.group(0)
    if month := _group(match, "month"):
        number = _MONTHS.index(month[:3].lower()) + 1
        ends = bool(_MONTH_END.search(said)) or not _BY.search(said)
        target = _in_month(number, day, end=ends)
    elif match.group("xmas"):
        target = _next(day, 12, 25)
    elif _group(match, "year_end"):
        target = _next(day, 12, 31)
    elif season := match.group("season"):
        target = _next(day, _SEASONS[season.lower()], 1)
    else:
        return None
    return max(1, (target - day).days // 7)


def _in_month(month: int, day: date, *, end: bool) -> date:
    year = day.year if month >= day.month else day.year + 1
    target = date(year, month, monthrange(year, month)[1] if end else 1)
    return target if target > day else date(year + 1, month, monthrange(year + 1, month)[1] if end else 1)


def _next(day: date, month: int, on: int) -> date:
    target = date(day.year, month, on)
    return target if target > day else date(day.year + 1, month, on)


def weeks_words(weeks: int) -> str:
    return f"{weeks} week{'s' if weeks != 1 else ''}"

