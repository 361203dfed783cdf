"""Time: how many hours a week the person can give, and when - never the hours they already work.

"I WORK 50 ... maybe 3 spare" is a heavy week and a budget of three hours. The latest figure wins ("8 hours, wait no
6", "6 not 12"); a time said with "not", "no" or "never" is ruled out ("NOT evenings i said"), and a time ruled out
is never a time to plan in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from knowledge.models import Vocabulary
from reading.clock import clock_times, without_clock_times
from reading.cues import PhraseSet, Polarity, clauses, find, tokens
from reading.numbers import HOURS_SAID, parse_hours_per_week, weekly, word_numbers
from reading.rules import note, rule

_ADDED = re.compile(r"^\W*(?:plus|and|also|\+|on top)\b", re.IGNORECASE)
"""A clause that adds to a figure said before ("plus random 10 min gaps"): a part, not the week."""
_DENIED_BACK = re.compile(r"[^.!?\n]*\?+\s*(?:no|nope|nah|wrong)\b[.,!]*", re.IGNORECASE)
_FIGURE_FIRST = re.compile(r"^\W*(?:about |around |like |maybe |more like |roughly )?"
                           r"\d+(?:\.\d+)?(?:\s*(?:-|to)\s*\d+)?"
                           r"(?:\s*(?:hours?|hrs|h)\b)?(?:\s+(?:a|per)\s+week)?"
                           r"(?=\s*(?:[-–,;(.!]|$|to be (?:realistic|honest|safe)\b|realistically\b|tops\b|max\b))",
                           re.IGNORECASE)
"""A correction that opens with its figure ("make that 4 - ...", "let's say 15 realistically"): what it puts right."""
_NOT_A_FIGURE = re.compile(r"\bnot\s+(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b"
                           r"(?!\s*(?:[ap]\.?m\b|o'?clock|[:.]\d\d|(?:-|–|to|til+|until|and)\s*\d))"
                           r"(?:\s*(?:hours?|hrs|h)\b)?", re.IGNORECASE)
_DENIED_HOURS = re.compile(r"\bnot\s+(?:an?\s+|\d+(?:\.\d+)?\s*)(?:hours?|hrs|h)\b"
                           r"(?:\s*(?:(?:a|per|in|each|every|for)\s+(?:the\s+|a\s+|whole\s+)*w(?:ee)?k)\b)?",
                           re.IGNORECASE)
"""A figure said to be wrong ("not one hour in week, it is 3-4", "not 2 hours, 5"): never the one meant."""
WORK_SIZED = 15.0
"""From this many hours a week, a figure said beside the job is its working week."""
_DAY_REACH = 30
"""How far before a time ruled out its days may stand ("On Friday mornings I look after ...")."""
_ASIDE = re.compile(r"\([^)]*\)")
"""A bracketed aside, which beside a working week gives the week's detail, not time to give."""
_SHIFT_NAME = re.compile(r"\b(?:night|day|late|early|evening|morning|weekend|twilight)\s+shifts?\b", re.IGNORECASE)
_MONEY = re.compile(r"(?:[£$€¥]\s*\d+(?:[.,]\d+)*(?:\s*(?:k|m)\b)?|\b\d+(?:[.,]\d+)*\s*(?:k\s+)?(?:quid|pounds?|"
                    r"euros?|eur|gbp|usd|dollars?|bucks|grand|p\b|pence|cents?|%|per\s*cent|percent))", re.IGNORECASE)
"""A sum of money or a share ("150 quid", "€300", "80%"): never a figure of hours."""
_SHOUTED = re.compile(r"\b(?:ONE|TWO|THREE|FOUR|FIVE|SIX|SEVEN|EIGHT|NINE|TEN|TWELVE|HALF)\b")
"""A figure in capitals is a figure insisted on ("TWO hours")."""


@dataclass(frozen=True)
class TimeReading:
    """What an answer says about time."""

    hours: float | None = None
    hours_loose: bool = False
    """The figure was picked among several, or read without a unit: the person should check it."""
    worked: float | None = None
    free: list[str] = field(default_factory=list)
    ruled_out: list[str] = field(default_factory=list)


def latest(text: str) -> str:
    """What stands after the last self-correction ("8 hours, wait no 6" -> "6"): the part that counts."""
    marks = rule("correction.wait").finditer(text)
    return text[marks[-1].end():].strip(" ,.;:-") if marks else text


def put_right(text: str, says: Callable[[str], object | None]) -> str:
    """What follows the last self-correction that still says what `says` looks for ("eleven years. Sorry, I should
    say twelve" -> "twelve"), else the whole text."""
    marks = sorted([*rule("correction.wait").finditer(text), *rule("correction.marker").finditer(text)],
                   key=lambda m: m.end())
    return next((text[m.end():] for m in reversed(marks) if says(text[m.end():]) is not None), text)


WEEKEND = "weekends"
WEEKEND_DAYS = ("saturday", "sunday")
_DAYS = (("monday", r"mon(?:day)?s?"), ("tuesday", r"tue(?:s(?:day)?)?s?"), ("wednesday", r"wed(?:s|nesday)?s?"),
         ("thursday", r"thu(?:r(?:s(?:day)?)?)?s?"), ("friday", r"fri(?:day)?s?"),
         ("saturday", r"sat(?:urday)?s?"), ("sunday", r"sun(?:day)?s?"))
_AMBIGUOUS = frozenset({"mon", "mons", "wed", "sat", "sats", "sun", "suns"})
_DAY = re.compile(r"\b(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _DAYS) + r")\b", re.IGNORECASE)
_NEAR_TIME = re.compile(r"^\s*(?:[/&,+-]|and\b|or\b|to\b|mornings?\b|evenings?\b|afternoons?\b|nights?\b|"
                        r"lunch)", re.IGNORECASE)
_WEEKDAYS = re.compile(r"\bweek\s?(?:days?|nights?)\b", re.IGNORECASE)
_DAY_NAME = "|".join(pattern for _, pattern in _DAYS)
_EXCEPT = re.compile(r"\b(?:except(?:\s+for)?|apart from|other than|but not|bar)\b(?=\s+(?:on\s+)?(?:the\s+)?(?:"
                     r"(?:mon|tue|wed|thu|fri|sat|sun)|early|morning|afternoon|evening|night|weekend|lunch))",
                     re.IGNORECASE)
_NOT_FREE = re.compile(r"\b(?:not|never|isn'?t|aren'?t)\s+(?:really\s+)?free\b", re.IGNORECASE)
_DAY_RANGE = re.compile(rf"\b(?P<first>{_DAY_NAME})\s*(?:-|–|to|till|until|thru|through)\s*(?P<last>{_DAY_NAME})\b",
                        re.IGNORECASE)
_DAY_LISTED = re.compile(rf"\b(?P<day>{_DAY_NAME})\s*,\s*(?=(?:and\s+|or\s+)?(?:{_DAY_NAME})\b)", re.IGNORECASE)


def _day_index(word: str) -> int:
    return next(i for i, (_, pattern) in enumerate(_DAYS) if re.fullmatch(pattern, word, re.IGNORECASE))


def day_ranges_spelt(text: str) -> str:
    """Day ranges as the days they cover ("mon-fri" -> "monday and tuesday and ... friday", "tue to sat"), and days
    listed with commas joined ("not free tuesday, wednesday or thursday": the "not" holds for each)."""
    def spelt(match: re.Match[str]) -> str:
        first, last = _day_index(match.group("first")), _day_index(match.group("last"))
        if last <= first:
            return match.group(0)
        return " and ".join(name for name, _ in _DAYS[first:last + 1])

    return _DAY_LISTED.sub(lambda m: f"{m.group('day')} and ", _DAY_RANGE.sub(spelt, text))


def days_in(text: str, *, named: bool = False) -> list[str]:
    """The days of the week a piece names ("tue and thu evenings" -> tuesday, thursday; "weeknights" -> weekdays),
    in the order said. "sun", "sat", "wed" and "mon" count only beside another day or a time of day, unless the
    piece is known to name days (`named`: "Mon Tue Wed are my work days")."""
    found: list[str] = []
    text = day_ranges_spelt(text)
    for match in _DAY.finditer(text):
        word = match.group(0).lower()
        if word in _AMBIGUOUS and not named and not (_NEAR_TIME.match(text[match.end():]) or re.search(
                r"(?:[/&,]|\band|\bor|\bnot|\bno|\bon|\bexcept|\bnever)\s*$", text[:match.start()], re.I)):
            continue
        found.append(next(name for name, _ in _DAYS if match.group(name)))
    if _WEEKDAYS.search(text) and not set(found) & set(WEEKEND_DAYS) and not re.search(r"\bweek\s?nights?\b",
                                                                                        text, re.IGNORECASE):
        found.append("weekday")  # (weeknights are evenings, said by the vocabulary)
    return list(dict.fromkeys(found))


_JOINERS = frozenset({"and", "or", "&", "/", "n", "plus"})


def _day_of(words: tuple[str, ...], i: int) -> str | None:
    """The day of the week word `i` names, if it names one (an ambiguous "sun", "sat", "wed" or "mon" only beside
    another day or a time of day)."""
    found = _DAY.fullmatch(words[i])
    if not found:
        return "weekday" if re.fullmatch(r"weekdays?", words[i]) else None
    if words[i] in _AMBIGUOUS:
        near = {words[j] for j in (i - 1, i + 1) if 0 <= j < len(words)}
        if not (near & _JOINERS or near & {"not", "no", "never", "except", "on", "only"} or any(
                _DAY.fullmatch(w) or re.match(r"(?:morning|evening|afternoon|night|lunch)", w) for w in near)):
            return None
    return next(name for name, _ in _DAYS if found.group(name))


def _days_before(words: tuple[str, ...], days: dict[int, str], start: int) -> list[tuple[int, str]]:
    """The run of days said right before a time of day ("tue and thu" before "evenings")."""
    out: list[tuple[int, str]] = []
    i = start - 1
    while i >= 0 and (i in days or (words[i] in _JOINERS and i - 1 in days)):
        if i in days:
            out.insert(0, (i, days[i]))
        i -= 1
    return out


def by_day(days: list[str], label: str) -> str:
    """A time of day said for some days: "tuesday and thursday evenings", "saturday mornings", "weekday
    afternoons"; the days alone as "sundays" or "weekends"; no day: the label as it is."""
    if not days:
        return label
    if label == "evenings" and days == ["weekday"]:
        return "evenings"  # weeknights are the evenings of the working week
    if not label:
        return WEEKEND if sorted(days) == sorted(WEEKEND_DAYS) else _listed([f"{d}s" for d in days])
    return f"{_listed(days)} {label}"


def _listed(days: list[str]) -> str:
    return days[0] if len(days) == 1 else f"{', '.join(days[:-1])} and {days[-1]}"


def _narrowest(labels: list[str]) -> list[str]:
    """Without a day said alone when a time of that day was said too ("sundays" beside "sunday afternoons")."""
    return [t for t in labels if not (t.endswith("s") and " " not in t and any(
        o != t and o.startswith(f"{t[:-1]} ") for o in labels))]


def _day_polarity(piece: str) -> Polarity:
    return "not" if re.search(r"\b(?:not|no|never|except|can'?t|cannot|off)\b", piece, re.IGNORECASE) else "yes"


def _number(text: str) -> float | None:
    found = re.search(r"\d+(?:\.\d+)?", word_numbers(text))
    return float(found.group(0)) if found else None


_PER_SHIFT = re.compile(r"(?:hours?|hrs|hr|h)[- ](?:days?|shifts?|nights?)\b", re.IGNORECASE)
_ON_OFF = re.compile(r"\b(\d)\s*on,?\s*(\d)\s*off\b", re.IGNORECASE)
_SHIFTS_A_WEEK = re.compile(r"\b(\d)\s*(?:x\s*|(?:days?|shifts?|nights?)\s+(?:a|per|each|every)\s+week\b)",
                            re.IGNORECASE)


def _shifts_a_week(text: str) -> float | None:
    """How many shifts or working days a week the person said ("4 on 4 off", "3 x 12.5", "4 days a week")."""
    if found := _ON_OFF.search(text):
        on, off = int(found.group(1)), int(found.group(2))
        return 7 * on / (on + off) if on + off else None
    if found := _SHIFTS_A_WEEK.search(text):
        return float(found.group(1))
    return None


HEAVY_WEEK = 45.0
"""From this many hours a week, the working week is a limit of its own."""


def _week_figure(said: str) -> str:
    """Of several figures in one clause, the one said for the week, with what follows it ("an hr sunday morning,
    about 3 hrs a week tops": the 3); the clause as it is when it has one figure, or none said for the week."""
    figures = list(HOURS_SAID.finditer(said))
    if len(figures) < 2:
        return said
    for figure in figures[1:]:
        if weekly(said[figure.start():]):
            return said[figure.start():]
    return said


def _surest(candidates: list[tuple[float, bool, bool, bool, bool, bool]], *, asked: bool) -> tuple[float, bool]:
    """The figure an answer means, and whether it is loose (several figures said, or a bare one in passing)."""
    # the surest figure wins, the latest among equals: one put right, then one said for the week ("3 or 4 hours
    # in week ... I can do one hour" - the hour is an evening's), then a whole week's figure over one for a time
    # of day or one added on ("plus 10 min gaps"), then said as spare time, then with a unit, then bare
    best = max(c[1:] for c in candidates)  # a figure put right ("actually make monday 2 hrs") wins outright
    hours, *_, unit = [c for c in candidates if c[1:] == best][-1]
    return hours, len({c[0] for c in candidates}) > 1 or not (unit or asked)


def worked_hours(text: str) -> float | None:
    """The hours of the working week, when said ("I work 50", "45 hr weeks")."""
    found = TimeReader._worked(word_numbers(text))
    return found[1] if found else None


class TimeReader:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    @cached_property
    def _times(self) -> PhraseSet[str]:
        return PhraseSet(self.vocabulary.times_of_day)

    @staticmethod
    def _worked(text: str) -> tuple[re.Match[str], float] | None:
        for match in rule("hours.worked").finditer(text):
            said = next((g for g in match.groups() if g), None)
            value = _number(said) if said else None
            if value is not None and _PER_SHIFT.search(text[match.start():match.end() + 8]):
                days = _shifts_a_week(text)  # "12 hour shifts, 4 on 4 off": a shift's length, not the week's
                value = value * days if days is not None else None
            if value is not None and 10 <= value <= 100:
                return match, value
        return None

    def read(self, text: str, *, asked: bool, units_only: bool = False) -> TimeReading:
        """Hours to spare and times, from an answer (`asked`: the question was about hours, so a bare number counts;
        `units_only`: a figure counts only with its unit - a correction's "2 jobs not 1" is no hours)."""
        # "half an hour?? no. TWO hours": the figure said back is denied, the one in capitals insisted on
        text = _SHOUTED.sub(lambda m: f"actually {m.group(0).lower()}", _DENIED_BACK.sub(" ", text))
        timed = text  # the times are read with their clock hours ("tue-fri im 8 till 5" is a working week)
        text = _MONEY.sub(" ", rule("time.clock").sub(" ", without_clock_times(word_numbers(text))))  # "150 quid":
        text = rule("hours.travel").sub(" ", text)  # money; "not 6 to 8pm" a time of day; "max 45 mins by bus" travel
        text = rule("correction.said_but").sub(" make that ", text)  # "i said 10 hours but its 6": 6
        denied = _DENIED_HOURS.search(text) is not None
        text = _DENIED_HOURS.sub(" ", text)
        # (hours, put right, said for the week, not a part, marked as spare, had a unit)
        candidates: list[tuple[float, bool, bool, bool, bool, bool]] = []
        worked: float | None = None
        for clause in clauses(text):
            said = latest(clause.text)
            if said != clause.text and (first := _FIGURE_FIRST.match(said)):
                said = first.group(0)  # "actually make that 4 - Tue/Thu is more like an hour": the 4
            spare = rule("hours.spare").search(said)
            given = spare is not None or (denied and weekly(said))  # a week's figure put right is time to give
            wished = rule("goal.wish").search(clause.text)  # "ideally part time, 20 hours a week": a job wanted
            if wished and not given:
                continue  # "I want a part time job, 20-25 hours": the job wished for, not time to give
            if (work := self._worked(said)) is not None and wished:
                continue
            if work is not None:
                worked = work[1]
                if spare is None:
                    continue
                said = _ASIDE.sub(" ", said)  # "40 hrs (35 contracted, an hour catch-up)": the week's detail
                # "I work 50 ... 3 spare": only the part of the clause that speaks of spare time
                said = said[work[0].end():] if work[0].start() < spare.start() else said[:work[0].start()]
            if (kept := rule("correction.instead").search(said)) and _number(kept.group("kept")) is not None:
                said = kept.group("kept")
            said = _week_figure(said)
            unit = rule("hours.said").search(said) is not None
            if units_only and not unit:
                continue
            if not asked and (not unit or not given):
                continue  # in passing, only time said to be free: "cite checking, a few hrs a week" is work
            hours = parse_hours_per_week(said, bare_number=asked or given)
            if hours is not None and hours >= WORK_SIZED and not given and rule("hours.work_context").search(
                    clause.text):  # "I said 45 hours at work before": the job's week, not time to give
                worked = worked if worked is not None else hours
                continue
            if hours is not None:  # "3 hours, also saturday morning one hour": the hour is a part of the three
                part = bool(days_in(said) or find(self._times, said) or _ADDED.match(clause.text))
                fixed = bool(rule("correction.wait").search(clause.text) or rule("correction.marker").search(
                    clause.text) or rule("correction.insist").search(clause.text)) and (
                    unit or _FIGURE_FIRST.match(said) is not None)  # "i said a LAPTOP, an old one": no figure
                candidates.append((hours, fixed, weekly(said), not part, given, unit))
        free, ruled_out = self.times(_DENIED_HOURS.sub(" ", word_numbers(timed)), spare_only=not asked)
        if not candidates:
            return TimeReading(worked=worked, free=free, ruled_out=ruled_out)
        hours, loose = _surest(candidates, asked=asked)
        return TimeReading(hours=hours, hours_loose=loose, worked=worked, free=free, ruled_out=ruled_out)

    def puts_hours_right(self, text: str) -> bool:
        """Whether `text` says a figure for the hours was wrong and gives the week's figure instead ("not one hour
        in week, it is 3-4 hours"), whatever question it answers."""
        return _DENIED_HOURS.search(word_numbers(text)) is not None and self.read(text, asked=False).hours is not None

    def times(self, text: str, *, spare_only: bool = False) -> tuple[list[str], list[str]]:
        """(times free, times ruled out), as the vocabulary's labels; a time ruled out anywhere is not free.
        `spare_only` (an answer to another question): a time is free only where the clause speaks of spare time
        ("I can do 2 hours, early mornings"), never a time word in passing ("a night auditor")."""
        free: list[str] = []
        ruled_out: list[str] = []
        text = day_ranges_spelt(_NOT_A_FIGURE.sub(" ", text))  # "three hours, not one: Fridays": the figure's "not"
        text = _EXCEPT.sub(", not ", text)  # "any day except tuesday afternoons": those are ruled out
        for clause in clauses(text):
            spare = bool(rule("hours.spare").search(clause.text) or rule("hours.said").search(clause.text)
                         or rule("time.said_free").search(clause.text))
            working = self._worked(clause.text)
            if working and not rule("hours.spare").search(clause.text):
                continue  # "I work 50 hours, nights mostly" is when the job is, not when there is time
            job_clause = bool(rule("time.work_schedule").search(clause.text)) and not (
                rule("hours.spare").search(_NOT_FREE.sub(" ", clause.text)) or rule("time.said_free").search(
                    _NOT_FREE.sub(" ", clause.text)))  # "i work full time,
            # 7:00 to 15:30 mon-fri": every piece of the clause is the job's
            said = _ASIDE.sub(" ", clause.text) if working else clause.text  # the week's detail
            said = _SHIFT_NAME.sub("shift", said)  # "after night shift I sleep": a shift's name is no time to give
            for n, piece in ((n, p) for part in said.split(",")
                             for n, p in enumerate(re.split(r"\b(?:so|but|then)\b", part))):
                # "not evenings, mornings only": the "not" ends at the comma; "I work monday to friday": the job's
                # times, never free - though "Not Saturdays, I'm working" still rules Saturdays out; what follows
                # "so" or "but" ("i work tue-sat so sundays and mondays") is no longer the job's
                job = (job_clause and n == 0) or bool(rule("time.work_schedule").search(piece) and not rule(
                    "hours.spare").search(_NOT_FREE.sub(" ", piece)))
                kept = rule("correction.instead").search(piece)
                dropped = self._labels(kept.group("dropped")) if kept else []
                spent = rule("time.exhausted").search(piece)  # "Thursdays I'm usually wiped out"
                tired = spent is not None and not re.search(r"\b(?:if|unless|when|not)\b[^.]{0,25}$",
                                                             piece[:spent.start()], re.IGNORECASE)
                for label, meant in self.said_times(piece):
                    if meant != "yes" or label in dropped or tired:
                        ruled_out.append(label)
                        note("time.ruled_out")
                    elif (spare or not spare_only) and not job:
                        free.append(label)
                for match in rule("time.ruled_out").finditer(piece):  # with the days said before ("Friday mornings I")
                    said_there = self.said_times(match.group(0))
                    wider = self.said_times(piece[max(0, match.start() - _DAY_REACH):match.end()])
                    dated = [w for w, _ in wider if any(w.endswith(t) and w != t for t, _ in said_there)]
                    ruled_out += dated or [label for label, _ in said_there]
        if rule("time.rota").search(text):  # free on early weeks, not on late ones: free, as the rota allows
            ruled_out = [t for t in ruled_out if t not in free]
        ruled_out = _narrowest(list(dict.fromkeys(ruled_out)))
        return _narrowest([t for t in dict.fromkeys(free) if t not in ruled_out]), ruled_out

    def said_times(self, piece: str) -> list[tuple[str, Polarity]]:
        """The times a piece names, each with how it is meant: a time of day with the days said right before it
        ("tue and thu evenings" -> "tuesday and thursday evenings"), a day on its own ("NOT sunday" -> "sundays"),
        else the vocabulary's label. A day and a time apart ("2 hrs sundays NOT weeknights") stay apart."""
        out: list[tuple[str, Polarity]] = []
        for clause in clauses(piece):
            words = clause.words
            days = {i: day for i, w in enumerate(words) if (day := _day_of(words, i))}
            used: set[int] = set()
            for label, start, _ in self._times.spans(clause.stemmed):
                if start in days:
                    continue  # "sunday" is a day, said below; not the vocabulary's "weekends"
                before = _days_before(words, days, start)
                used |= {i for i, _ in before}
                out.append((by_day([d for _, d in before], label), clause.polarity(start)))
            spans = self._times.spans(clause.stemmed)
            for said in clock_times(clause.text):
                at = len(tokens(clause.text[:said.at]))
                if any(at - 1 <= end and start <= at + 3 for _, start, end in spans if start not in days):
                    continue  # "after 8pm", "evening after 7": the vocabulary's evenings, said once
                before = _days_before(words, days, at)
                used |= {i for i, _ in before}
                lead = clause.text[said.at:said.at + 8].split(" ")[0].lower()
                out.append((by_day([d for _, d in before], said.said),
                            "not" if lead in ("busy", "not", "except") else clause.polarity(at)))
            alone = [(i, d) for i, d in days.items() if i not in used]
            for i, day in alone:
                out.append((by_day([day], ""), clause.polarity(i) if clause.polarity(i) != "yes"
                            else _day_polarity(" ".join(words[max(0, i - 2):i + 1]))))
        return list(dict.fromkeys(out))

    def _labels(self, text: str) -> list[str]:
        return [label for label, _, _ in find(self._times, text)]
