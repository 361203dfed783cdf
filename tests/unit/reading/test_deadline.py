"""Time pressure: a deadline said in any answer or at the profile review becomes weeks from today, with the words kept;
goals years ahead and time already gone set none."""

from __future__ import annotations

from datetime import date

import pytest

from domain.interview import AskedQuestion
from domain.profile import Profile
from domain.understanding import understood
from knowledge.base import KnowledgeBase
from knowledge.models import AnswerSpec, ProfileField
from reading.answers import AnswerReader
from reading.deadline import deadline_in

TODAY = date(2027, 1, 11)  # a Monday in January


@pytest.fixture(scope="module")
def dated(kb: KnowledgeBase) -> AnswerReader:
    return AnswerReader(kb, today=lambda: TODAY)


def _asked(field: ProfileField) -> AskedQuestion:
    return AskedQuestion(question_id=f"q.{field}", field=field, text="?", hint="e.g.", attempt=1, answer=AnswerSpec())


@pytest.mark.parametrize(("text", "weeks"), [
    ("honestly the savings will be gone in about 5 months so i need something", 22),
    ("my fixed term contract finishes in 10 weeks", 10),
    ("I need to be earning again within 2 months", 9),
    ("i have to land something in the next 12 weeks or we lose the flat", 12),
    ("she's got about 14 weeks of redundancy pay", 14),
    ("Severance covers me for roughly 3 months", 13),
    ("I have 8 weeks left on my notice", 8),
    ("must have a job before May", 15),  # 11 Jan to 1 May
    ("the site shuts at the end of March", 11),  # to 31 March
    ("my visa expires in august so I need a sponsor", 33),
    ("Ideally I'm sorted by xmas", 49),
    ("we have till the end of this year", 50),
    ("the grant runs out in a couple of months", 9),
])
def test_a_deadline_is_weeks_from_today(text: str, weeks: int) -> None:
    found = deadline_in(text, today=TODAY)
    assert found is not None and found.weeks == weeks
    assert found.words  # the words it was said in are kept


@pytest.mark.parametrize("text", [
    "in 2-3 years I'd like to be running a team",
    "I want to retire at 62",
    "I was laid off 2 months ago",
    "I've been looking for 4 months now",
    "I did a bootcamp in 12 weeks last year",
    "I worked at the bank until June",
    "i'd like to learn python in a few months",
    "a 6 week course would be nice",
    "I need 3 hours a week",
    "my husband's contract ends in June",
])
def test_no_deadline_from_far_goals_past_time_or_spans_without_pressure(dated: AnswerReader, text: str) -> None:
    assert dated.deadline_of(text) is None


def test_the_nearer_of_two_deadlines_binds() -> None:
    found = deadline_in("i need a proper job by june, the redundancy money only lasts about 3 months", today=TODAY)
    assert found is not None and found.weeks == 13 and "3 months" in found.words


def test_a_deadline_said_in_passing_fills_the_profile(dated: AnswerReader) -> None:
    profile = Profile()
    for field, text in [("current_role", "warehouse supervisor, made redundant in november"),
                        ("concerns", "mainly money tbh, my payout runs out in about 4 months")]:
        profile = profile.applied(dated.read(_asked(field), text, profile))
    assert profile.deadline_weeks == 17
    assert profile.deadline is not None and "4 months" in profile.deadline


def test_a_later_deadline_replaces_the_earlier(dated: AnswerReader) -> None:
    profile = Profile()
    for field, text in [("goals", "need a job within 3 months"), ("constraints", "actually the money lasts 6 months")]:
        profile = profile.applied(dated.read(_asked(field), text, profile))
    assert profile.deadline_weeks == 26


def test_the_review_shows_the_deadline_with_the_words() -> None:
    profile = Profile(deadline_weeks=16, deadline="money runs out in 4 months")
    line = next(x for x in understood(profile) if x.field == "deadline_weeks")
    assert line.label == "Your deadline" and "16 weeks from now" in line.value and "4 months" in line.value
    assert all(x.field != "deadline_weeks" for x in understood(Profile()))  # shown when known


@pytest.mark.parametrize(("text", "weeks"), [
    ("the money actually lasts until june, not april", 20),
    ("deadline is more like 10 weeks left", 10),
    ("i need something before the summer", 20),
])
def test_a_deadline_said_at_the_review_replaces_it(dated: AnswerReader, text: str, weeks: int) -> None:
    profile = Profile(current_role="admin", deadline_weeks=12, deadline="by april")
    fixed, _ = dated.corrected(text, profile)
    assert fixed.deadline_weeks == weeks


@pytest.mark.parametrize("text", ["there's no deadline really, I'm fine for money", "no rush, honestly"])
def test_no_rush_at_the_review_clears_it(dated: AnswerReader, text: str) -> None:
    profile = Profile(current_role="admin", deadline_weeks=12, deadline="by april")
    fixed, _ = dated.corrected(text, profile)
    assert fixed.deadline_weeks is None and fixed.deadline is None


def test_an_edited_deadline_drops_the_old_words(dated: AnswerReader) -> None:
    edited = Profile(deadline_weeks=20, deadline="by april")
    assert dated.rederived(edited, {"deadline_weeks"}).deadline is None


@pytest.mark.parametrize("text", ["Exams until June, student budget", "I'm on maternity leave until March",
                                  "3 hrs a week tops", "can pay £20 a month at most", "home for christmas"])
def test_a_busy_spell_or_a_rate_is_no_deadline(text: str) -> None:
    assert deadline_in(text, today=TODAY) is None


@pytest.mark.parametrize(("text", "weeks"), [("my contract runs until March", 7), ("we have till June", 20)])
def test_time_held_until_a_month_is_a_deadline(text: str, weeks: int) -> None:
    found = deadline_in(text, today=TODAY)
    assert found is not None and found.weeks == weeks


@pytest.mark.parametrize("text", [
    "add a step: ask past customers for testimonials, aiming for 6 testimonials in 4 weeks",
    "send 10 applications within 2 weeks, then follow up",
])
def test_a_steps_target_is_no_deadline(text: str) -> None:
    assert deadline_in(text, feedback=True) is None
