"""Corrections in words at the profile review, as people typing live put them: a sentence listing the work they do
("i also do room service, the bar till 12, rounds every 2 hrs") gives tasks, never hours or free times; "I'm also
worried about ..." is a worry, never a job; days said to be out at some part of the day ("thu fri sat are only out
in the evenings") are ruled out then and no longer whole days; a bracket is never cut in two ("wednesdays off
(well, kids and netball)" keeps the day ruled out and the free times said before it)."""

from __future__ import annotations

from domain.profile import Profile
from reading.answers import AnswerReader

BEFORE = Profile(current_role="hotel receptionist", hours_per_week=5, hours_pattern="monday and tuesday afternoons",
                 times_not=["mornings"], main_tasks=["check-ins"])


def test_the_work_listed_gives_tasks_not_hours(reader: AnswerReader) -> None:
    after, _ = reader.corrected("i also do the lobby bar till 11, fire checks every 3 hrs n set up breakfast from "
                                "6.", BEFORE)
    assert after.hours_per_week == 5 and after.hours_pattern == BEFORE.hours_pattern
    assert after.times_not == BEFORE.times_not
    assert any("breakfast" in t for t in after.main_tasks)


def test_a_worry_said_with_im_also_is_no_job(reader: AnswerReader) -> None:
    after, _ = reader.corrected("I'm also scared the self check-in screens take the desk.", BEFORE)
    assert after.current_role == BEFORE.current_role
    assert any("check-in screens" in c for c in after.concerns)


def test_days_out_at_a_part_of_the_day_are_ruled_out_then(reader: AnswerReader) -> None:
    before = BEFORE.model_copy(update={"times_not": ["mornings", "fridays", "saturdays"]})
    after, _ = reader.corrected("friday and saturday are only out in the evenings cos of the pub, not all day.",
                                before)
    assert "friday and saturday evenings" in after.times_not
    assert "fridays" not in after.times_not and "saturdays" not in after.times_not


def test_a_bracket_is_read_whole(reader: AnswerReader) -> None:
    before = BEFORE.model_copy(update={"hours_pattern": "monday, wednesday and thursday evenings",
                                       "times_not": ["wednesdays"]})
    after, _ = reader.corrected("when im free: monday and thursday evenings 8 to 10, thats it. my working week is "
                                "mon tue thu fri 8 til 2.30, wednesdays off (well, gym, kids and the house).", before)
    assert after.hours_pattern is not None and "wednesday" not in after.hours_pattern
    assert "wednesdays" in after.times_not


def test_not_just_goes_the_way_of_its_sentence(reader: AnswerReader) -> None:
    before = BEFORE.model_copy(update={"times_not": ["friday evenings"]})
    after, _ = reader.corrected("Also, Saturdays are ruled out too, not just Friday evenings.", before)
    assert "saturdays" in after.times_not and "friday evenings" in after.times_not
    assert after.hours_pattern == BEFORE.hours_pattern


def test_a_working_week_said_in_words_is_its_hours_not_whole_days(reader: AnswerReader) -> None:
    after, _ = reader.corrected("My working week is Monday to Thursday, eight to half past four.", BEFORE)
    assert any("8am to 4:30pm" in t for t in after.times_not), after.times_not
    assert "mondays" not in after.times_not and after.hours_pattern == BEFORE.hours_pattern


def test_a_mistake_made_earlier_is_no_earlier_job(reader: AnswerReader) -> None:
    after, _ = reader.corrected("I made a mistake earlier: I have been at this shop for 12 years, not 14.",
                                BEFORE.model_copy(update={"years_experience": 14}))
    assert after.years_experience == 12
