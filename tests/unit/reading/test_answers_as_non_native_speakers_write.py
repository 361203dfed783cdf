"""Answers as people write them in a second language or in a hurry: "hours week" for hours a week, "was make
redundant", "without job since", the employer called a contractor, a commute in minutes beside the hours, a list
of the work that names a bill or a "no" without being a limit, and worries said without the catalog's words."""

from __future__ import annotations

from reading.answers import AnswerReader
from tests.support.reading import read_as


def test_hours_week_without_an_article_is_time_to_give_not_a_heavy_working_week(reader: AnswerReader) -> None:
    profile = read_as(reader, "hours_per_week", "5-6 hours week fine, mornings mostly")
    assert profile.hours_per_week == 5 and profile.hours_worked is None
    assert "workload" not in profile.constraint_kinds


def test_a_journeys_minutes_are_how_far_to_travel_never_the_weeks_budget(reader: AnswerReader) -> None:
    profile = read_as(reader, "hours_per_week", "6 hours a week. no car, by train max 30 minutes")
    assert profile.hours_per_week == 6
    alone = read_as(reader, "hours_per_week", "4 hrs a week ok. commute an hour each way is too much")
    assert alone.hours_per_week == 4


def test_an_employer_called_a_contractor_is_no_freelance_work(reader: AnswerReader) -> None:
    assert read_as(reader, "current_role", "security guard, 6 years for a contractor company at the "
                                           "hospital").situation != "freelance"
    assert read_as(reader, "current_role", "porter. the company is subcontractor of the council").situation \
        != "freelance"
    assert read_as(reader, "current_role", "I'm a contractor now, day rate").situation == "freelance"


def test_a_job_lost_as_second_language_speakers_say_it(reader: AnswerReader) -> None:
    profile = read_as(reader, "current_role", "forklift driver 9 years, i was make redundant in june, now "
                                              "without work since 4 months")
    assert profile.situation == "job_seeking" and profile.years_experience == 9


def test_time_out_of_work_is_not_years_in_the_work(reader: AnswerReader) -> None:
    profile = read_as(reader, "current_role", "warehouse picker, unemployed for 2 years now")
    assert profile.years_experience != 2


def test_a_denied_freelance_and_the_work_after_it_are_not_tasks(reader: AnswerReader) -> None:
    before = read_as(reader, "current_role", "courier for a contractor")
    profile = read_as(reader, "main_tasks", "no, not self-employed, i was employed. in job i scan parcels, load "
                                            "the van, no signal in flats, customers angry about late bills.", before)
    assert not any("employed" in t for t in profile.main_tasks)
    assert "money" not in profile.constraint_kinds  # a bill named in the work is no limit on money


def test_worries_without_the_catalogs_words(reader: AnswerReader) -> None:
    profile = read_as(reader, "concerns", "i am 56 and my accent, employers see cv and no reply. my english "
                                          "writing is weak. if i study jobcentre maybe sanction me")
    assert {"age", "language", "income"} <= set(profile.concern_kinds)
    assert "entry_level" not in profile.concern_kinds


def test_a_label_heading_the_aims_is_not_said_back_as_one(reader: AnswerReader) -> None:
    profile = read_as(reader, "goals", "full time days. options: bus driver, postman, or parks department")
    assert not any(g.lower().startswith("options") for g in profile.goals)
