"""Clock times people give for when they are free or not ("not 3 til 8pm, kids", "after 7 is fine", "busy 9am-1pm"):
kept as said, in one form, ruled out or free as the words around them say, and kept out of the plan's calendar.
Counts and spans that only look like clocks ("3-4 hours", "from 2010 to 2015", "after 3 years") are no times."""

from __future__ import annotations

from datetime import time

import pytest

from agents.planner.ics import availability
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from reading.answers import AnswerReader
from reading.clock import clock_times
from tests.support.reading import read_as


@pytest.mark.parametrize(("text", "said"), [
    ("not 3 til 8pm, kids", ["3pm to 8pm"]),
    ("busy 9am-1pm", ["9am to 1pm"]),
    ("after 7 is fine", ["after 7pm"]),
    ("before 9am only", ["before 9am"]),
    ("between 15:00 and 20:30", ["3pm to 8:30pm"]),
    ("from 6 to 9 most nights", ["6pm to 9pm"]),
    ("10am-2 on wednesdays", ["10am to 2pm"]),
    ("7.30pm-9pm", ["7:30pm to 9pm"]),
])
def test_a_clock_time_is_kept_in_one_form(text: str, said: list[str]) -> None:
    assert [c.said for c in clock_times(text)] == said


@pytest.mark.parametrize("text", [
    "3-4 hours a week", "2 to 3 a week", "i was there from 2010 to 2015", "age 45 to 50", "after 3 years",
    "before 40 i want a new job", "i work 9-5",
])
def test_counts_and_years_are_no_clock_times(text: str) -> None:
    assert clock_times(text) == []


@pytest.mark.parametrize(("text", "ruled_out"), [
    ("maybe 5 hrs a week but not 3 til 8pm, kids", "3pm to 8pm"),
    ("4 hrs. busy 9am-1pm with my mum", "9am to 1pm"),
    ("5 hours, weekends, not before 10am", "before 10am"),
    ("three hours a week, but never 4pm to 7pm - tea and homework", "4pm to 7pm"),
])
def test_a_clock_time_said_with_not_is_ruled_out(reader: AnswerReader, text: str, ruled_out: str) -> None:
    profile = read_as(reader, "hours_per_week", text)
    assert ruled_out in profile.times_not
    assert ruled_out not in (profile.hours_pattern or "")
    assert profile.hours_per_week is not None and profile.hours_per_week <= 5


def test_a_clock_time_given_as_free_is_when_they_are_free(reader: AnswerReader) -> None:
    profile = read_as(reader, "hours_per_week", "2 hrs, tue and thu 7-9pm")
    assert profile.hours_pattern == "tuesday and thursday 7pm to 9pm"
    assert profile.times_not == []


def test_the_calendar_keeps_out_of_a_clock_time_ruled_out(kb: KnowledgeBase) -> None:
    profile = Profile(hours_per_week=3, hours_pattern="evenings", times_not=["3pm to 8pm"])
    slots = availability(profile, kb.catalog.vocabulary.times_of_day).slots
    assert slots and all(not time(15) <= s.start < time(20) for s in slots)


def test_the_calendar_places_a_clock_time_given_as_free(kb: KnowledgeBase) -> None:
    profile = Profile(hours_per_week=2, hours_pattern="tuesday and thursday 7pm to 9pm")
    slots = availability(profile, kb.catalog.vocabulary.times_of_day).slots
    assert {(s.day, s.start) for s in slots} == {(1, time(19)), (3, time(19))}


def test_with_no_time_given_the_default_moves_past_a_clock_time_ruled_out(kb: KnowledgeBase) -> None:
    profile = Profile(hours_per_week=2, times_not=["6pm to 8pm"])
    found = availability(profile, kb.catalog.vocabulary.times_of_day)
    assert found.slots and all(s.start >= time(20) or s.start < time(18) for s in found.slots)


@pytest.mark.parametrize(("text", "hours"), [
    ("3 hrs, evenings but not 6 to 8pm", 3.0),
    ("not 3 til 8pm, kids. 4 hrs", 4.0),
    ("from 7pm, 2 hours", 2.0),
])
def test_the_figures_of_a_clock_are_no_hours(reader: AnswerReader, text: str, hours: float) -> None:
    assert read_as(reader, "hours_per_week", text).hours_per_week == hours


def test_a_clock_time_ruled_out_at_the_profile_review_is_kept(reader: AnswerReader) -> None:
    before = Profile(hours_per_week=4, hours_pattern="evenings")
    after, unread = reader.corrected("no, NOT 3 til 8pm i said, thats school run", before)
    assert after.times_not == ["3pm to 8pm"] and after.hours_per_week == 4 and not unread
