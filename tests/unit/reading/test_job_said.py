"""The person's job is read only where it is said: in an answer to the role question, in words that name a job or
the place they work; never from a fragment of a list, nor from an answer about something else ("I am sleeping whole
day"), and a later statement of the job replaces it."""

from __future__ import annotations

import pytest

from domain.profile import Profile
from reading.answers import AnswerReader
from reading.numbers import parse_hours_per_week
from tests.support.reading import asked


@pytest.mark.parametrize(("answer", "part", "never"), [
    ("um idk if it counts as work lol. i work at a supermarket, checkouts mostly and i supervise the self checkouts "
     "sometimes, and pick online orders. its casual", "supermarket", "pick online orders"),
    ("i work in a care home, nights mostly, and do the meds round", "care home", "meds round"),
    ("well i work for the council, planning side, and answer the phones", "council", "answer the phones"),
    ("im a chef de partie at an italian place in town, plus i do mornings at a bakery", "chef de partie", "bakery"),
    ("i work at a warehouse, and drive the forklift sometimes", "warehouse", "forklift"),
])
def test_the_job_is_the_words_that_name_it_never_a_list_piece(reader: AnswerReader, answer: str, part: str,
                                                               never: str) -> None:
    role = reader.read(asked("current_role"), answer).updates.current_role or ""
    assert part in role.lower() and never not in role.lower()


@pytest.mark.parametrize(("field", "answer"), [
    ("hours_per_week", "Maybe 3 hour a week. No wait, 2 hour, after night shift I am sleeping whole day so not every "
                       "day off is free."),
    ("hours_per_week", "about 4, i am knackered after the late shift, not every evening is free"),
    ("concerns", "i am worried sick, not sleeping, the tablet might cut my shift"),
    ("skills", "im quick on the grill, not slow when its busy"),
    ("goals", "i am staying in cooking, not an office job"),
])
def test_an_answer_about_something_else_never_names_the_job(reader: AnswerReader, field: str, answer: str) -> None:
    updates = reader.read(asked(field), answer, Profile(current_role="senior carer")).updates  # type: ignore[arg-type]
    assert "current_role" not in updates.model_fields_set


@pytest.mark.parametrize("answer", [
    "I am a night porter, not a receptionist",
    "im ops manager, not forklift driver",
])
def test_a_job_put_right_in_passing_still_counts(reader: AnswerReader, answer: str) -> None:
    updates = reader.read(asked("hours_per_week"), f"3 hours. {answer}").updates
    assert updates.current_role and updates.current_role.split()[0] in answer.lower()


@pytest.mark.parametrize(("feedback", "job"), [
    ("its gotten worse sorry. my job: supermarket checkout operator", "supermarket checkout operator"),
    ("3 years not 2. my role: night porter at a hotel", "night porter at a hotel"),
    ("my job is line cook", "line cook"),
])
def test_the_latest_statement_of_the_job_replaces_it(reader: AnswerReader, feedback: str, job: str) -> None:
    profile, _ = reader.corrected(feedback, Profile(current_role="and pick online orders"))
    assert profile.current_role == job


@pytest.mark.parametrize(("text", "hours"), [
    ("2 hour, not every day off is free", 2),
    ("3 hours on a day off", 3),
    ("an hour a day", 5),
    ("1 hour every evening", 5),
])
def test_a_day_off_is_no_daily_figure(text: str, hours: float) -> None:
    assert parse_hours_per_week(text) == hours
