"""The profile review's readers of time: when the person is free and not, the hours they can give and work, their
age, their deadline and their years in the work.

"ruled out = weekends, nights" adds times ruled out; "evenings are NOT ruled out" takes them out again; "4 shifts
of 12 hours, not 12 hours a week" puts in no figure said to be wrong; "TL for 6 years, not 1" puts the first figure
in. `ProfileCorrection` hands each sentence about one of these fields to the reader of that field here.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from domain.profile import Profile, same_item
from reading.clock import WEEKDAY, clock_time, spoken_clock
from reading.numbers import parse_years, word_numbers
from reading.rules import rule
from reading.time import by_day, day_ranges_spelt, days_in

if TYPE_CHECKING:
    from reading.answers import AnswerReader
    from reading.review import Reviewed


_AT_WORK = re.compile(r"(?i)\b(?:i|we)\s+(?:\w+\s+)?(?:work|am working|'m working|im working)\b")
_DAY = rf"(?:weekdays|weeknights|weekends|{WEEKDAY})"
_MEANS = re.compile(r"(?i)\b(mornings?|afternoons?|evenings?|nights?|weekends?|weekdays?|daytime)\s+"
                    r"(?:means?|=|is|are)\s+(?:only\s+|just\s+)?(?!free\b|fine\b|ok\b|out\b|no\b|not\b)")
"""A time of day defined ("evenings means weekdays after 6"): it refines that time; the other free times stay."""
_CLOCK_THEN_DAYS = re.compile(rf"(?i)\b((?:after|before|from|till|until|til)\s+\d{{1,2}}(?:[:.]\d\d)?\s*(?:am|pm)?)\s+"
                              rf"({_DAY})\b|\b((?:mornings?|afternoons?|evenings?|nights?))\s+"
                              rf"({_DAY}(?:\s*(?:,|and|&|/|\+)?\s*{_DAY})*)\b")
"""A time said before the days it holds on ("after 4pm weekdays", "afternoon tuesday thursday"): the days are ruled
out, or free, only then."""
_FREE_SAID = re.compile(r"(?i)\b(?:free|spare|available|can do|fine|ok|okay|(?:not|aren'?t|isn'?t) ruled out)\b")


class TimesCorrection:
    """Reads what a correction says of the times, hours, age, deadline and years, with the answer reader's time
    reader."""

    def __init__(self, reader: AnswerReader) -> None:
        self.reader = reader

    def times(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        if (label := rule("review.times_out_label").match(sentence)) is not None:  # "ruled out = weekends, nights"
            named = [t for t, _ in self.reader.time.said_times(re.sub(r"(?i)\b(?:and|or|nor)\b", ",",
                                                                       sentence[label.end():]))]
            if named:
                out.added["times_not"] = [*out.added.get("times_not", []), *named]
                return True
        if (label := rule("review.times_free_label").match(sentence)) is not None:  # "free = weekdays, after 8pm"
            free, ruled_out = self._free_and_out(sentence[label.end():])
            named = free or [t for t, meant in self.reader.time.said_times(sentence[label.end():]) if meant == "yes"]
            if named:
                out.set["hours_pattern"] = ", ".join(named)
                out.removed["times_not"] = [*out.removed.get("times_not", []), *named]
                if ruled_out:
                    out.added["times_not"] = [*out.added.get("times_not", []), *ruled_out]
                return True
        if (busy := rule("review.days_busy").search(sentence)) is not None:  # "thu fri sat are out in the evenings"
            days = days_in(busy.group("days") or busy.group("days2"), named=True)
            part = (busy.group("part") or "").lower().rstrip("s")
            out.added["times_not"] = [*out.added.get("times_not", []), by_day(days, f"{part}s" if part else "")]
            out.removed["times_not"] = [*out.removed.get("times_not", []), *(f"{d}s" for d in days if part)]
            return True
        if (fine := rule("review.not_ruled_out").search(sentence)) is not None:  # "evenings are NOT ruled out"
            named = [t for t, _ in self.reader.time.said_times(sentence[:fine.start()])]
            if named:
                out.removed["times_not"] = [*out.removed.get("times_not", []), *named]
                return True
        free_too = re.search(r"(?i)\b(?<!not )(?:free|gap|between shifts)\b", sentence)  # "free is the 3-5 gap"
        if self._work_times(sentence, profile, out, free_too=bool(free_too)):
            return True
        if (out_of := rule("review.out_of_ruled_out").search(sentence)) is not None:  # "remove 9:30 to 2:30 from
            # times ruled out": those times are no longer ruled out, and nothing is said of them being free
            named = [t for t, _ in self.reader.time.said_times(out_of.group("what"))]
            gone = [n for n in profile.times_not if any(same_item(t, n) for t in named)]
            if gone:
                out.removed["times_not"] = [*out.removed.get("times_not", []), *gone]
                return True
        free, ruled_out = self._free_and_out(sentence)
        if free and _AT_WORK.search(sentence) and not _FREE_SAID.search(sentence):
            free = []  # "i DO work mondays": a day of work, never a day free
        if not (free or ruled_out):
            return False
        if free and (meant := _MEANS.search(sentence)) and profile.hours_pattern:  # "evenings means weekdays
            kept = [p.strip() for p in profile.hours_pattern.split(",")  # after 6": only the evenings said again
                    if p.strip() and meant.group(1).lower().rstrip("s") not in p.lower()]
            free = list(dict.fromkeys([*kept, *(f for f in free if f.lower() != meant.group(1).lower())]))
        if free:  # "Only Friday mornings are taken" frees nothing: the times said free stay as they were
            out.set["hours_pattern"] = ", ".join(free)
        elif rule("correction.retract").search(sentence) and not ruled_out:
            out.set["hours_pattern"] = None
        if ruled_out:
            out.added["times_not"] = ruled_out
        if free:  # the latest word wins: a time said free now is no longer ruled out, nor is a wider one that holds
            # it ("not 9:30 to 2:30" before, "friday 9:30 to 2:30" now)
            out.removed["times_not"] = [*free, *(n for n in profile.times_not if any(same_item(f, n) for f in free))]
        return True

    def _work_times(self, sentence: str, profile: Profile, out: Reviewed, *, free_too: bool) -> bool:
        """The person's working week said at the review: its days and hours are times ruled out, never free."""
        said = day_ranges_spelt(spoken_clock(sentence))  # "monday to friday, nine to half past five"
        if rule("time.work_schedule").search(sentence) and not free_too and not rule("review.not_ruled_out").search(
                sentence) and (worked := [
                t for t, _ in self.reader.time.said_times(said) if clock_time(t) or (
                    days_in(t) and t not in profile.times_not)]):
            # "my working week is: shop Monday to Thursday 9:30-14:30", "plus a friday night overtime": the job's
            # hours are times ruled out
            out.added["times_not"] = [*out.added.get("times_not", []), *worked]
            return True
        if rule("review.work_days").search(sentence) and not free_too and (days := days_in(sentence, named=True)):
            # "Mon Tue Wed are my WORK days so I'm not free then": those days are ruled out, never free
            out.added["times_not"] = [*out.added.get("times_not", []), *(f"{d}s" for d in days)]
            return True
        return False

    def _free_and_out(self, sentence: str) -> tuple[list[str], list[str]]:
        """The times a sentence says free and ruled out; what follows "not just" or "as well as" goes the way of the
        sentence ("sundays are out too, not just wednesday evenings", "thursday nights are out as well as tuesdays":
        all out; "free daytime and evenings, not only tuesday thursday": nothing ruled out)."""
        sentence = _CLOCK_THEN_DAYS.sub(lambda m: f"{m[2] or m[4]} {m[1] or m[3]}", sentence)  # "after 4pm weekdays":
        # weekdays after 4pm, never all day
        if rule("review.times_out_after").search(sentence):  # "after 4pm weekdays and saturdays thats out"
            return [], [t for t, _ in self.reader.time.said_times(sentence)]
        free, ruled_out = self.reader.time.times(re.sub(r"(?i)\bnot (just|only)\b", r"\1", sentence))
        if (also := re.search(r"(?i),?\s*\b(?:not (?:just|only)|as well as)\b", sentence)) is not None:
            head = self.reader.time.times(sentence[:also.start()])
            tail = [t for t, _ in self.reader.time.said_times(sentence[also.end():])]
            if head[1] and not head[0]:
                return [f for f in free if f not in tail], list(dict.fromkeys([*head[1], *tail]))
            if head[0] and not head[1]:
                return list(dict.fromkeys([*head[0], *tail])), [r for r in ruled_out if r not in tail]
        return free, ruled_out

    def hours(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        """Hours only where hours are said: "2 jobs not 1", "8-10 valuations a week" and "an hour then" (a part of
        the week) put no figure in."""
        if rule("review.no_working_week").search(sentence):  # "my working week is 0 hours, no job now"
            out.set["hours_worked"] = 0.0
            return True
        if not rule("review.hour_word").search(sentence):
            return False
        read = self.reader.time.read(sentence, asked=True, units_only=True)
        if read.hours is None and read.worked is None and (labelled := rule("review.hours_is").search(sentence)):
            out.set["hours_per_week"] = float(labelled.group("hours") or labelled.group("hours2"))  # "hours: 4"
            return True
        if read.worked is not None:
            out.set["hours_worked"] = read.worked
        denied = rule("review.hours_denied").search(sentence)  # "4 shifts of 12 hours, not 12 hours a week": the
        weekly = not (denied and read.hours == float(denied.group("hours"))) and bool(  # figure said to be wrong
            rule("review.hours_for_week").search(sentence) or not rule("review.hours_slot").search(sentence))
        if read.hours is not None and not (read.worked and read.hours == read.worked) and weekly:
            out.set["hours_per_week"] = read.hours
        return (read.hours is not None and bool(weekly)) or read.worked is not None

    def age(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        found = rule("review.age").search(sentence)
        if found is None:
            return False
        age = int(found.group("age") or found.group("age2"))
        if not 14 <= age <= 100:
            return False
        out.set["age"] = age
        return True

    def deadline(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        """A deadline said at the review replaces the one read before; "there's no rush" clears it."""
        if (said := self.reader.deadline_of(sentence)) is not None:
            out.set |= {"deadline_weeks": said.weeks, "deadline": said.words}
            return True
        if rule("review.deadline").search(sentence):
            out.cleared += ["deadline_weeks", "deadline"]
            return True
        return False

    def years(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        """"TL for 6 years, not 1": the first figure said is the one meant; leading years when it speaks of
        leading, else the years in the work. Years ahead ("branch manager in 2 years") are a goal's, not these."""
        if rule("goal.wish").search(sentence) or rule("review.years_ahead").search(sentence):
            return False
        sentence = rule("signal.not_experience").sub(" ", sentence)  # "a 6 year gap": no years of work
        said = re.split(r"\s+(?:not|instead of|rather than)\s+", sentence, maxsplit=1)[0]
        put = next((m.group("years_is") for m in rule("review.years").finditer(word_numbers(said))
                    if (m.group("years_is") or "")[:1].isdigit()), None)
        if put is not None:  # "Years in hospice is 6, not 8"
            said = f"{put} years"
        elif (elsewhere := rule("review.years_elsewhere").search(said)) is not None:
            said = said[:elsewhere.start()]  # "11 years here, before that 4 in the army": the years before the cue
            if parse_years(word_numbers(said), bare_number=False) is None:
                return False  # "8 years was the office in Poland": earlier work, not the years in this one
        years = parse_years(word_numbers(said), bare_number=False)
        if years is None:
            return False
        out.set["leadership_years" if rule("review.leads").search(sentence) else "years_experience"] = years
        return True
