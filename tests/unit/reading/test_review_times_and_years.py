"""At the profile review, times and years put right in the person's own words: times taken off the list of times
ruled out, a free time said now winning over a wider one ruled out before, the job's clock hours ruled out, the
latest of two figures ("15 years, sorry no, 14"), and years that are no years of work ("a 6 year gap")."""

from __future__ import annotations

import pytest

from domain.profile import Profile
from reading.answers import AnswerReader

SEAMSTRESS = Profile(current_role="seamstress", situation="employed", years_experience=15, hours_per_week=4,
                     times_not=["evenings", "after 3pm", "9:30am to 2:30pm"])


def test_times_taken_off_the_ruled_out_list_go_and_a_free_time_comes_in(reader: AnswerReader) -> None:
    after, unread = reader.corrected("Please remove 9:30am to 2:30pm from times ruled out. Add Friday 9:30am to "
                                     "2:30pm", SEAMSTRESS)
    assert after.times_not == ["evenings", "after 3pm"] and after.hours_pattern == "friday 9:30am to 2:30pm"
    assert not unread


def test_a_free_time_said_now_wins_over_a_wider_one_ruled_out_before(reader: AnswerReader) -> None:
    after, _ = reader.corrected("Add Friday 9:30am to 2:30pm", SEAMSTRESS)
    assert after.hours_pattern == "friday 9:30am to 2:30pm" and "9:30am to 2:30pm" not in after.times_not


@pytest.mark.parametrize(("said", "ruled_out"), [
    ("my working week is: shop Monday to Thursday 9:30-14:30 and Saturday 9:00-13:00",
     ["monday, tuesday, wednesday and thursday 9:30am to 2:30pm", "saturday 9am to 1pm"]),
    ("i work tue-sat 8am-4pm", ["tuesday, wednesday, thursday, friday and saturday 8am to 4pm"]),
])
def test_the_jobs_clock_hours_are_ruled_out(reader: AnswerReader, said: str, ruled_out: list[str]) -> None:
    after, unread = reader.corrected(said, Profile(current_role="seamstress", hours_pattern="fridays"))
    assert after.times_not == ruled_out and after.hours_pattern == "fridays" and not unread


@pytest.mark.parametrize(("said", "years"), [
    ("I work there 15 years, sorry no, 14 years", 14.0),
    ("14 years, not 15", 14.0),
    ("ive a 6 year gap", 15.0),
])
def test_the_years_put_right(reader: AnswerReader, said: str, years: float) -> None:
    assert reader.corrected(said, SEAMSTRESS)[0].years_experience == years


@pytest.mark.parametrize(("text", "years"), [
    ("ive a 6 year gap", None),
    ("19 years at the agency, then a 6 year gap caring for mam", 19.0),
    ("made redundant 2 years ago after 12 years there", 12.0),
    ("a career break of 3 years, before that 8 years in insurance", 8.0),
])
def test_years_that_are_no_work_are_not_experience(reader: AnswerReader, text: str, years: float | None) -> None:
    from tests.support.reading import read_as
    assert read_as(reader, "years_experience", text).years_experience == years


@pytest.mark.parametrize(("text", "years"), [
    ("I've been doing it for eleven years. Sorry, I should say twelve years this March.", 12.0),
    ("15 years, sorry no, 14 years", 14.0),
])
def test_the_years_said_last_win_in_an_answer(reader: AnswerReader, text: str, years: float) -> None:
    from tests.support.reading import read_as
    assert read_as(reader, "years_experience", text).years_experience == years


def test_overtime_on_a_night_is_the_jobs_and_ruled_out(reader: AnswerReader) -> None:
    before = Profile(hours_per_week=3, hours_pattern="sunday afternoons")
    after, unread = reader.corrected("plus a friday night overtime most weeks", before)
    assert after.hours_pattern == "sunday afternoons" and after.times_not == ["friday evenings"] and not unread


def test_overtime_in_an_answer_is_no_free_time(reader: AnswerReader) -> None:
    from tests.support.reading import read_as
    profile = read_as(reader, "hours_per_week", "2-3 hrs, sunday afternoon. i do a friday night overtime most weeks")
    assert profile.hours_pattern == "sunday afternoons"


def test_years_of_earlier_work_said_at_the_review_leave_the_years_here(reader: AnswerReader) -> None:
    after, _ = reader.corrected("Also I was 12 years in factory in Poland, quality control.", SEAMSTRESS)
    assert after.years_experience == 15


def test_a_turn_back_to_the_conversation_is_no_goal_at_the_review(reader: AnswerReader) -> None:
    before = Profile(current_role="seamstress", goals=["stay with sewing"])
    after, _ = reader.corrected("You forget I want maybe bridal shop, theatre wardrobe at Curve, or alterations "
                                "from home.", before)
    assert after.goals and not any("forget" in g.lower() for g in after.goals)
    assert any("theatre wardrobe" in g for g in after.goals)
