"""Clock times a person names for when they are free or not: "not 3 til 8pm", "after 7", "busy 9am-1pm".

A range or a bound said on a clock is kept as said, in one form ("3pm to 8pm", "after 7pm", "before 9am"), so that
the profile shows it, the plan's schedule can keep out of it, and a check can tell. Only what reads as a clock is
taken: an am/pm, a colon or "o'clock" on one end, or "from"/"between"/"after"/"before" with a figure a clock can
show - never "3-4 hours" or "2 to 3 a week".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?s?"
"""A day of the week as people write it ("mon", "Tues", "thurs", "Saturdays"), for patterns that name days."""
_HOUR = r"(?P<{n}>\d{{1,2}})(?:[:.](?P<{n}m>[0-5]\d))?\s*(?P<{n}p>[ap]\.?m\.?\b|o'?clock\b)?"
_RANGE = re.compile(
    r"\b(?P<lead>from|between|busy|not|except)?\s*" + _HOUR.format(n="a")
    + r"\s*(?:-|–|to|til+|till|until|and|thru)\s*" + _HOUR.format(n="b")
    + r"(?!\s*(?:hours?|hrs?|h\b|a week|per week|times|days?|x\b|%|mins?|minutes))", re.IGNORECASE)
_BOUND = re.compile(r"\b(?P<side>after|from|before|until|till|til)\s+" + _HOUR.format(n="a")
                    + r"(?!\s*(?:hours?|hrs?|h\b|a week|per week|times|days?|years?|months?|weeks?|mins?|minutes|%))",
                    re.IGNORECASE)
_LATEST = 23


@dataclass(frozen=True)
class ClockTime:
    """A stretch of the day on a clock: from `start` up to `end` (24-hour), said as `said`."""

    start: time
    end: time
    said: str
    at: int
    """Where in the text it was said (a character offset)."""
    upto: int
    """Where in the text it ends."""

    def holds(self, moment: time) -> bool:
        return self.start <= moment < self.end


def _hour(match: re.Match[str], n: str) -> tuple[int, int, str]:
    return int(match.group(n)), int(match.group(f"{n}m") or 0), (match.group(f"{n}p") or "").lower().replace(".", "")


def _clocklike(hour: int, minute: int, mark: str) -> bool:
    return hour <= 24 and (mark != "" or minute > 0 or hour >= 13)


def _converted(hour: int, mark: str) -> int:
    """The 24-hour figure of an hour said with am or pm: "8pm" is 20, "12am" is 0."""
    if mark.startswith("p") and hour < 12:
        return hour + 12
    return 0 if mark.startswith("a") and hour == 12 else hour


def _span(a: int, ap: str, b: int, bp: str) -> tuple[int, int]:
    """A range's hours on a 24-hour clock, the unmarked end read from the marked one: "3 til 8pm" is 15 to 20,
    "10am-2" 10 to 14, "9-5" a working day, "from 6 to 9" an evening."""
    if ap or bp:
        end = _converted(b, bp) if bp else b + 12 if (ap.startswith("p") or b < a) and b < 12 else b
        start = _converted(a, ap) if ap else a + 12 if bp.startswith("p") and a + 12 <= end else a
        return start, end
    if a > b:
        return a, b + 12 if b < 12 else b
    return (a + 12, b + 12) if b <= 11 and a <= 7 else (a, b)


def _form(moment: time) -> str:
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'pm' if moment.hour >= 12 else 'am'}"


def _ranges(text: str) -> list[ClockTime]:
    out: list[ClockTime] = []
    for match in _RANGE.finditer(text):
        (a, am, ap), (b, bm, bp) = _hour(match, "a"), _hour(match, "b")
        lead = (match.group("lead") or "").lower()
        if not (_clocklike(a, am, ap) or _clocklike(b, bm, bp) or lead in ("from", "between")):
            continue
        start, end = _span(a, ap, b, bp)
        if not 0 <= start < end <= 24:
            continue
        first, last = time(start, am), time(end, bm) if end < 24 else time(23, 59)
        out.append(ClockTime(first, last, f"{_form(first)} to {_form(last)}", match.start(), match.end()))
    return out


def _bounds(text: str, taken: list[ClockTime]) -> list[ClockTime]:
    out: list[ClockTime] = []
    for match in _BOUND.finditer(text):
        if any(c.at <= match.start() < c.at + 20 for c in taken):
            continue
        hour, minute, mark = _hour(match, "a")
        side = match.group("side").lower()
        if hour > 24 or not (mark or minute or side in ("after", "before")):
            continue
        after = side in ("after", "from")
        moment = _converted(hour, mark) if mark else hour + 12 if after and 1 <= hour <= 11 else hour
        if not 0 <= moment < 24:
            continue
        said = time(moment, minute)
        span = (said, time(_LATEST, 59)) if after else (time(0, 0), said)
        out.append(ClockTime(*span, f"{'after' if after else 'before'} {_form(said)}", match.start(), match.end()))
    return out


def clock_times(text: str) -> list[ClockTime]:
    """Every clock range or bound in `text`, in the order said."""
    ranges = _ranges(text)
    return sorted([*ranges, *_bounds(text, ranges)], key=lambda c: c.at)


def clock_time(said: str) -> ClockTime | None:
    """The clock time a kept item names ("3pm to 8pm", "weekdays after 7pm"), if it names one."""
    found = clock_times(said)
    return found[0] if found else None


def without_clock_times(text: str) -> str:
    """`text` with its clock times blanked, so that no figure of a clock reads as hours ("not 6 to 8pm")."""
    for said in reversed(clock_times(text)):
        text = text[:said.at] + " " * (said.upto - said.at) + text[said.upto:]
    return text


_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
_HOUR_WORDS = "|".join(_NUMBER_WORDS)
_SPOKEN = re.compile(r"(?i)\b(?:(?P<part>half|quarter)\s+past|(?P<to>quarter)\s+to)\s+(?P<hour>" + _HOUR_WORDS
                     + r"|1[0-2]|[1-9])\b|\b(?P<alone>" + _HOUR_WORDS
                     + r")(?=\s*(?:to|till|til|until|-|o'?clock)\b)")


def spoken_clock(text: str) -> str:
    """Clock times said in words as figures: "nine to half past five" -> "9 to 5:30", "quarter to six" -> "5:45"."""
    def said(match: re.Match[str]) -> str:
        word = (match.group("hour") or match.group("alone")).lower()
        hour = _NUMBER_WORDS.index(word) + 1 if word in _NUMBER_WORDS else int(word)
        if match.group("alone"):
            return str(hour)
        if match.group("to"):
            return f"{(hour - 2) % 12 + 1}:45"
        return f"{hour}:{'30' if match.group('part').lower() == 'half' else '15'}"

    return _SPOKEN.sub(said, text)
