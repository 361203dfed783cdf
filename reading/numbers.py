"""Reading numbers out of free text: hours a week (ranges, hedges, per day or month), years of experience
(in words, ranges, months, "since 2015"), and of those the years spent leading people."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_NUMBER_WORDS = {
    "half": 0.5, "one": 1, "a": 1, "an": 1, "two": 2, "couple": 2, "three": 3, "few": 3, "several": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "eighteen": 18, "twenty": 20, "twenty-five": 25, "thirty": 30,
    "forty": 40, "fifty": 50,
}
_WORDS = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
_NUM = rf"(\d+(?:\.\d+)?(?![\d.])|\b(?:{_WORDS})\b)"
_RANGE = rf"{_NUM}\s*(?:-|–|to|or)\s*{_NUM}"
_BARE_WORDS = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS if w not in ("a", "an")), key=len, reverse=True))
_BARE = rf"(\d+(?:\.\d+)?(?![\d.])|\b(?:{_BARE_WORDS})\b)"
"""A number said without its unit: "a" and "an" count only before one ("an hour"), never alone ("only a phone")."""
_ONE_AS_PRONOUN = re.compile(r"\b(?:a|an|the|this|that|which|each|every|any|another|no|my|your|his|her|our|their)"
                             r"\s+(?:[a-z]+\s+){0,2}(?:one|1)\b", re.IGNORECASE)
"""'One' standing for a thing ("an old shared one", "the other one"): no figure."""


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))  # the same length, so what is found after it keeps its place
_HOUR_UNIT = r"(?:hours?|hrs?|h)\b"
_MINUTE_UNIT = r"(?:minutes?|mins?)\b"
_HOURS = re.compile(rf"(?:{_RANGE}|{_NUM})\s*\+?\s*(?:{_HOUR_UNIT}|(?P<min>{_MINUTE_UNIT}))", re.IGNORECASE)
_HALF_HOUR = re.compile(r"\bhalf an hour\b", re.IGNORECASE)
HOURS_SAID = re.compile(r"\b(?:\d+(?:\.\d+)?(?:\s*(?:-|to)\s*\d+(?:\.\d+)?)?\s*|"
                        r"(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|half an?)\s+)"
                        r"(?:hours?|hrs?|h)\b", re.IGNORECASE)
"""A figure of hours with its unit ("an hr", "3 hrs", "2-3 hours", "two hours"), wherever one is looked for."""
_TIMES = re.compile(rf"{_NUM}\s+(?:evenings?|nights?|mornings?|days?|sessions?|times?|lunch(?:es| breaks?)?)\b"
                    rf"(?:\s+(?:a|per|each|every)\s+week)?", re.IGNORECASE)
_PER_DAY = re.compile(r"\b(?:a|per|each|every)\s+(?:day|evening|night|weekday|morning|lunch(?:time)?)\b(?!\s+off\b)"
                      r"|\bdaily\b"
                      r"|\bmost (?:days|evenings|nights|mornings)\b|\bon weekdays\b", re.IGNORECASE)
_PER_WEEKEND_DAY = re.compile(r"\beach (?:weekend )?day of the weekend\b|\bboth weekend days\b", re.IGNORECASE)
_PER_MONTH = re.compile(r"\b(?:a|per|each|every)\s+month\b|\bmonthly\b", re.IGNORECASE)
_WEEKLY_AFTER = re.compile(r"\s*(?:(?:a|per|each|every|/)\s*|"
                           r"(?:in|for|of)\s+(?:a\s+|the\s+|one\s+)?(?:whole\s+|full\s+)?)?w(?:ee)?k\b|\s*weekly\b",
                           re.IGNORECASE)
"""A figure said for the week: "a week", "per wk", "/wk", "weekly", and as people write it, "in week", "in the whole
week", "for the week"."""
_SPREAD = re.compile(r"\b(?:over|across|between|in|within|into)\s+(?:the\s+|my\s+)?$", re.IGNORECASE)
"""Before a count of days or sessions, the words that make the figure a total spread over them."""
MOST_AT_ONE_GO = 12.0
"""More hours than this are never one evening's or one day's: a figure beside a count of days is the week's."""
_RATE_REACH = 30
"""How far after a figure its rate may stand ("2 hours, most days" - not "2 hour, ... every day off")."""
_NOT_A_RATE = re.compile(r"\b(?:every|each|a)\s+day\s+off\b|\bnot every\b", re.IGNORECASE)
_NO_TIME = re.compile(r"^\W*(?:none|zero|0|no time|nothing|not much|hardly any|barely any)\b", re.IGNORECASE)
_VAGUE_LOTS = re.compile(r"\b(?:lots|plenty|a lot|loads)\b", re.IGNORECASE)

_YEARS = re.compile(rf"(?:{_RANGE}|{_NUM})\s*\+?\s*(?:years?|yrs?|y)\b", re.IGNORECASE)
_TENURE = re.compile(r"\s*(?:of\s+(?:them|those)\s+)?(?:on|at|with|in|for)\s+(?:this|the one|the same|my current|my|"
                     r"our|the current)\s+(?:farm|firm|company|employer|place|job|site|shop|school|store|hospital|"
                     r"practice|branch|depot|plant|hotel|restaurant|ward|team|council)\b|\s*(?:here|there)\b",
                     re.IGNORECASE)
"""Years said of the current employer ("9 years on this farm", "27 of them at the one firm"), not of the work."""
_MONTHS = re.compile(rf"{_NUM}\s*-?\s*months?\b", re.IGNORECASE)
_DECADES = re.compile(rf"(?:{_NUM}\s+)?decades?\b", re.IGNORECASE)
_SINCE = re.compile(r"\bsince\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_LESS_THAN_A_YEAR = re.compile(r"\b(?:less than|under|not even) (?:a|one|1) year\b", re.IGNORECASE)
_NUM_WORDS = (r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
              r"seventeen|eighteen|nineteen|twenty|thirty")
_YEAR_FIGURE = rf"(?:a|one|\d+(?:\.\d+)?|{_NUM_WORDS})\s+(?:years?|yrs?|months?)\b"
_DENIED_YEARS = re.compile(
    rf"\b(?:not|isn'?t|never)\s+(?:(?:less than|under|just|only)\s+{_YEAR_FIGURE}|{_YEAR_FIGURE}"
    r"(?=\s*[,;:-]*\s*(?:but\s+|it'?s\s+|its\s+|it is\s+|is\s+|more like\s+|more\s+)*\d"
    r"|(?:\s+\w+){0,2}\s*[.;!,-]+[^\d]{0,80}?\d+(?:\.\d+)?\s*\+?\s*(?:years?|yrs?)\b))", re.IGNORECASE)
"""Time said to be wrong ("its not less than a year, its 16 years", "not 14 years, is 16", "it is not one year in.
I have been doing this for 19 years"): never the time meant."""
_AHEAD = re.compile(r"\b(?:in|within|next|another|for)\s+(?:about\s+|around\s+|maybe\s+|roughly\s+|the next\s+)?$",
                    re.IGNORECASE)
"""Before a figure of months, what makes it time ahead ("going in about 6 months"), never time in the work."""
_LEADING = re.compile(
    rf"(?:{_NUM})\s*(?:years?\s*)?(?:of (?:them|those)\s+)?(?:in|as|leading|managing|"
    rf"in (?:a )?(?:leadership|management)|as (?:a )?(?:lead|manager|director|head))\b"
    rf"(?:\s+(?:leadership|management|a lead|a manager|people))?",
    re.IGNORECASE,
)
_LEADERSHIP_WORDS = re.compile(r"\b(?:lead|leading|leadership|manag|director|head|supervis)", re.IGNORECASE)
_NONE_YEARS = re.compile(r"^\W*(?:none|zero|0|no experience|never)\b", re.IGNORECASE)

MIN_HOURS = 0.5
MAX_HOURS = 60.0
WEEKDAYS = 5
WEEKS_A_MONTH = 4.3


_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SPELLED = re.compile(
    rf"\b(?:(?P<tens>{'|'.join(_TENS)})(?:[\s-]+(?P<unit>{'|'.join(_UNITS)}))?|"
    rf"(?P<alone>{'|'.join([*_TEENS, *_UNITS])}))\b", re.IGNORECASE)


def word_numbers(text: str) -> str:
    """Spelled-out numbers as digits ("twenty-two" -> "22", "five" -> "5"); "a", "few" and "couple" stay words."""
    def digits(match: re.Match[str]) -> str:
        if match.group("alone"):
            word = match.group("alone").lower()
            return str(_TEENS.get(word) or _UNITS[word])
        return str(_TENS[match.group("tens").lower()] + _UNITS.get((match.group("unit") or "").lower(), 0))

    return _AND_A_HALF.sub(lambda m: f"{m.group(1)}.5", _SPELLED.sub(digits, text))


_AND_A_HALF = re.compile(r"\b(\d+)\s*(?:and|n|&|an)\s+(?:a\s+)?half\b", re.IGNORECASE)
""""3 n half yrs", "two and a half years": the half is part of the number."""


def _value(token: str) -> float:
    return float(token) if token[0].isdigit() else float(_NUMBER_WORDS[token.lower()])


def _low(match: re.Match[str]) -> float:
    """The lower end of a range, or the single number: plans are sized conservatively."""
    values = [_value(g) for g in match.groups()[:3] if g is not None and g.lower() != match.groupdict().get("min")]
    return min(values)


def round_half(hours: float) -> float:
    """Half-hour steps, at least half an hour, at most the ceiling."""
    return min(max(round(hours * 2) / 2, MIN_HOURS), MAX_HOURS)


def weekly(text: str) -> bool:
    """Whether the first figure in `text` is said for the week ("3 or 4 hours in week"), not for an evening."""
    match = _HOURS.search(text)
    return bool(match and _WEEKLY_AFTER.match(text, match.end()))


def parse_hours_per_week(text: str, *, bare_number: bool = True) -> float | None:
    """'5', 'about 3-4 hours', 'maybe 3', 'lots, 15', 'an hour a day', 'two evenings of 2 hours' -> hours a week.

    `bare_number`: accept a number without a unit (when the question asked for hours).
    """
    if _NO_TIME.search(text):
        return MIN_HOURS
    hours: float | None = None
    match: re.Match[str] | None = None
    if _HALF_HOUR.search(text):
        hours = 0.5
    elif match := _HOURS.search(text):
        hours = _low(match) / (60 if match.group("min") else 1)
    elif bare_number and (match := re.search(_BARE, _ONE_AS_PRONOUN.sub(_blank, text), re.IGNORECASE)):
        hours = _value(match.group(1))
    if hours is None:
        return None
    said = text[match.start():match.end() + _RATE_REACH] if match else text  # "2 hours a day", not "every day off"
    if match and _WEEKLY_AFTER.match(text, match.end()):
        return round_half(hours) if hours > 0 else None  # "3 hours a week, 1.5 each night": the week's figure
    if (times := _TIMES.search(text)) and not _PER_DAY.search(said):
        if hours <= MOST_AT_ONE_GO and not _SPREAD.search(text[:times.start()]):
            hours *= _value(times.group(1))  # "2 hours, 3 evenings" - but "21 hours over 3 days" is the week
    elif _PER_WEEKEND_DAY.search(said):
        hours *= 2
    elif _PER_DAY.search(said) and not _NOT_A_RATE.search(said):
        hours *= WEEKDAYS
    elif _PER_MONTH.search(said):
        hours /= WEEKS_A_MONTH
    return round_half(hours) if hours > 0 else None


_RANGE_HOURS = re.compile(r"\b\d+(?:\.\d+)?\s*(?:-|–|to|or)\s*(?P<high>\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)\b"
                          r"(?!\s*(?:a|per|each)\s+(?:day|night|evening|month))", re.IGNORECASE)


def hours_limit(text: str) -> float | None:
    """The most hours a week asked for: "2-3 hours" is at most 3, "4 hours" at most 4 (a unit is needed)."""
    if upper := _RANGE_HOURS.search(text):
        return float(upper.group("high"))
    return parse_hours_per_week(text, bare_number=False)


def hours_pattern(text: str) -> str | None:
    """When the hours fall, in plain words, if the answer says."""
    found = [label for label, pattern in _PATTERNS if pattern.search(text)]
    return ", ".join(dict.fromkeys(found)) or None


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("evenings", re.compile(r"\b(?:evenings?|nights?|after work|after the kids)\b", re.I)),
    ("weekends", re.compile(r"\b(?:weekends?|saturdays?|sundays?)\b", re.I)),
    ("early mornings", re.compile(r"\b(?:early mornings?|mornings?|before work)\b", re.I)),
    ("lunch breaks", re.compile(r"\blunch(?:time| breaks?)?\b", re.I)),
    ("between shifts", re.compile(r"\b(?:shifts?|on call|rota)\b", re.I)),
    ("on the commute", re.compile(r"\b(?:commute|commuting|on the train|on the bus)\b", re.I)),
    ("irregular", re.compile(r"\b(?:irregular|varies|it depends|unpredictable|on and off)\b", re.I)),
)


_YEARS_NOT = re.compile(rf"\b{_YEAR_FIGURE}\s*[,;-]?\s*(?:not|instead of|rather than)\s+(?:\d+|a|one|{_NUM_WORDS})\b",
                        re.IGNORECASE)


def denies_years(text: str) -> bool:
    """Whether `text` says the time in the work read before was wrong ("its not less than a year, its 16", "15 years
    not 12")."""
    return (_DENIED_YEARS.search(text) is not None or _YEARS_NOT.search(text) is not None) and parse_years(
        text, bare_number=False) is not None


def parse_years(text: str, *, bare_number: bool = True, now: datetime | None = None) -> float | None:
    """Years in this line of work: '6 years', 'five years', '2-3 years', 'a decade', 'since 2015',
    'none, only a 3-month internship' (0.25), 'less than a year' (0.5)."""
    text = _DENIED_YEARS.sub(" ", text)
    if _LESS_THAN_A_YEAR.search(text):
        return 0.5
    if match := _YEARS.search(text):
        later = [m for m in _YEARS.finditer(text, match.end()) if not _TENURE.match(text, m.end())]
        if _TENURE.match(text, match.end()) and later:  # "9 year on this farm, 13 year in uk dairy": the work's 13
            match = later[0]
        return min(_low(match), 60.0)
    if match := _SINCE.search(text):
        year = (now or datetime.now(UTC)).year
        return float(min(max(year - int(match.group(1)), 0), 60))
    if (match := _MONTHS.search(text)) and not _AHEAD.search(text[:match.start()]):
        return round(min(_value(match.group(1)), 11) / 12, 2)
    if match := _DECADES.search(text):
        count = _value(match.group(1)) if match.group(1) else (2.0 if "decades" in match.group(0).lower() else 1.0)
        return min(10 * count, 60.0)
    if _NONE_YEARS.search(text):
        return 0.0
    if bare_number and (match := re.fullmatch(rf"\W*(?:about |around |roughly )?{_NUM}\W*", text, re.IGNORECASE)):
        return min(_value(match.group(1)), 60.0)
    return None


def parse_leadership_years(text: str) -> float | None:
    """Of the years, those spent leading people: '20 years, 8 in leadership', '5 of them as a manager'."""
    for match in _LEADING.finditer(text):
        if _LEADERSHIP_WORDS.search(match.group(0)) and match.group(1):
            return min(_value(match.group(1)), 60.0)
    return None
