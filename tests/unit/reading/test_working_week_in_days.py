"""A working week said with its days ("21 hours over 3 days", "its 22.5 hrs, 3 long days") is the job's week, in an
answer and at the profile review alike: never hours to spare, never multiplied by its days. A small figure beside
its evenings ("2 hours, 3 evenings") is still a figure for each of them."""

from __future__ import annotations

import pytest

from domain.profile import Profile
from reading.answers import AnswerReader
from tests.support.reading import read_as


@pytest.mark.parametrize(("text", "worked", "spare"), [
    ("21 hours over 3 days at the pharmacy, spare maybe 4", 21.0, 4.0),
    ("i do 22.5 hrs, 3 long days. could give 3 hours", 22.5, 3.0),
])
def test_a_working_week_said_with_its_days_is_the_jobs(reader: AnswerReader, text: str, worked: float,
                                                       spare: float) -> None:
    profile = read_as(reader, "hours_per_week", text)
    assert (profile.hours_worked, profile.hours_per_week) == (worked, spare)


@pytest.mark.parametrize(("text", "hours"), [
    ("2 hours, 3 evenings", 6.0),
    ("6 hours across 3 evenings", 6.0),
    ("30 hours over 4 days", None),
])
def test_a_figure_spread_over_days_is_the_weeks(reader: AnswerReader, text: str, hours: float | None) -> None:
    assert read_as(reader, "hours_per_week", text).hours_per_week == hours


@pytest.mark.parametrize("said", ["its 21 hours, 3 days", "I work 21 hours over 3 days", "22.5 hrs, 3 long days"])
def test_the_working_week_put_right_at_the_review_leaves_the_spare_hours(reader: AnswerReader, said: str) -> None:
    before = Profile(hours_per_week=5, current_role="pharmacy dispenser", situation="employed")
    after, unread = reader.corrected(said, before)
    assert after.hours_per_week == 5 and after.hours_worked in (21.0, 22.5) and not unread
