"""People typing live say more than one thing at a time: facts with a wary question at the end, a job kept now and
feared lost next year, a week described day by day with the hours and a number put right inside it, a limit said
as "no more than about 40 minutes", a session's length beside the week's. Each is read for what it is. The texts
are worded afresh: the class is tested, never a sentence someone typed."""

from __future__ import annotations

import pytest

from agents.planner.budget import weekly_budget
from domain.profile import Profile
from reading.answers import AnswerReader
from tests.support.reading import read_as


@pytest.mark.parametrize(("text", "role", "years"), [
    ("i am shepherd on hill farm, 1200 ewes, 11 year there. lambing, scanning, dipping. why you ask all this?",
     "shepherd on hill farm", 11),
    ("Warehouse team member at a parcel hub, 6 years, mostly sortation and loading. Is this going to my employer?",
     "warehouse team member at a parcel hub", 6),
])
def test_an_answer_ending_in_a_question_back_is_still_read(reader: AnswerReader, text: str, role: str,
                                                           years: int) -> None:
    profile = read_as(reader, "current_role", text)
    assert (profile.current_role or "").lower().startswith(role) and profile.years_experience == years


@pytest.mark.parametrize("text", ["what do you mean by that?", "why do you need to know?"])
def test_a_question_back_alone_is_no_answer(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "current_role", text).current_role is None


@pytest.mark.parametrize("text", [
    "employed. the plant shuts the line in june so maybe i am not employed next year",
    "in work still, full time. im not employed from march if the buyout goes ahead",
])
def test_a_job_feared_lost_later_is_a_job_now(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "situation", text).situation == "employed"


def test_a_week_described_day_by_day_gives_tasks_only(reader: AnswerReader) -> None:
    text = ("um no, more than that, 6 years in the team. usual week: monday is payroll queries, tues/thurs is "
            "mostly pension transfers, reconciling is the big time sink. fri chasing managers for timesheets. "
            "i do 28 hrs - no 26 actually, mon to thu 9 to 3.30, fridays off for my dad")
    profile = read_as(reader, "main_tasks", text, Profile(situation="employed"))
    tasks = [t.lower() for t in profile.main_tasks]
    assert {"payroll queries", "pension transfers", "reconciling"} <= set(tasks), tasks
    assert any(t.startswith("chasing managers") for t in tasks), tasks
    assert not any(w in t for t in tasks for w in ("mon to thu", "fridays off", "usual week", "more than",
                                                    "time sink", "monday")), tasks
    assert "mondays" not in profile.times_not and profile.hours_worked == 26


@pytest.mark.parametrize(("text", "kinds"), [
    ("i take the train, wont do more than about 45 mins commute, no car", {"location"}),
    ("hearing aids, so phone calls are hard for me", {"health"}),
    ("tennis elbow from the ladders and i dont drive", {"health", "location"}),
])
def test_a_limit_said_as_a_most_is_a_limit_not_a_thing_avoided(reader: AnswerReader, text: str,
                                                                kinds: set[str]) -> None:
    profile = read_as(reader, "constraints", text)
    assert kinds <= set(profile.constraint_kinds), profile.constraint_kinds
    assert not any(a.startswith(("than", "more than", "about")) for a in profile.avoid), profile.avoid


@pytest.mark.parametrize(("feedback", "budget"), [
    ("1.5 h is the most per evening session, her budget is still 4.5 h a week", 4.5),
    ("keep any single session to an hour and a half", None),
    ("max 2 hours per sitting please", None),
    ("no more than an hour at a time, 4 hours a week in all", 4),
    ("keep it to 3 hours a week", 3),
])
def test_a_sessions_length_is_never_the_weeks_budget(feedback: str, budget: float | None) -> None:
    assert weekly_budget(feedback) == budget


@pytest.mark.parametrize("text", [
    "nothing. my son showed me chatgpt on his phone once",
    "my wife set up copilot for me but i never touch it",
])
def test_a_tool_someone_else_showed_is_not_theirs(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "ai_tools", text).ai_tools == []


def test_a_tool_they_use_is_still_theirs_whoever_showed_it(reader: AnswerReader) -> None:
    assert read_as(reader, "ai_tools", "i use chatgpt for rotas, my manager showed me it").ai_tools == ["ChatGPT"]


@pytest.mark.parametrize(("feedback", "weeks"), [
    ("Add: visit one robot dairy before Christmas", None),
    ("get the CV done by March", None),
    ("Everything must be doable before the van MOT in March", 12),
    ("make the whole plan 10 weeks", 10),
    ("i was on the old line before the merger in may 2019", None),
])
def test_a_date_for_one_step_is_not_the_plans_end(feedback: str, weeks: int | None) -> None:
    from datetime import date

    from reading.deadline import deadline_in
    found = deadline_in(feedback, today=date(2026, 12, 7), feedback=True)
    assert (found.weeks if found else None) == weeks


def test_money_said_while_answering_the_hours_is_a_limit(reader: AnswerReader) -> None:
    profile = read_as(reader, "hours_per_week", "about 12 hours a week, mornings. I'd be willing to spend up to 400 "
                                                "pounds on a course but no more than that")
    assert profile.hours_per_week == 12 and "money" in profile.constraint_kinds


def test_a_day_said_not_ruled_out_is_taken_off_even_beside_the_work(reader: AnswerReader) -> None:
    before = Profile(times_not=["tuesdays", "saturdays"], hours_per_week=4)
    after, _ = reader.corrected("i DO work tuesdays, tuesdays arent ruled out its just evenings 6-8 that are.",
                                before)
    assert after.times_not == ["saturdays"] and after.hours_pattern != "tuesdays"


def test_a_list_headed_what_they_wont_do_is_left_out_of_the_plan(reader: AnswerReader) -> None:
    after, missed = reader.corrected("what i wont do: leave the council, drive more than 30 mins, put tenant data "
                                     "in chatgpt.", Profile(hours_per_week=3))
    assert {"leave the council", "put tenant data in chatgpt"} <= set(after.avoid) and not missed
    assert after.ai_tools == [] and after.constraints == []


@pytest.mark.parametrize(("text", "years"), [
    ("i am milker on a dairy farm, 9 year on this farm, 13 year in uk dairy", 13),
    ("care assistant, 4 years here and 11 years in care altogether", 11),
    ("12 years at the same company", 12),
])
def test_years_at_this_employer_are_not_the_years_in_the_work(reader: AnswerReader, text: str, years: int) -> None:
    assert read_as(reader, "current_role", text).years_experience == years


def test_the_situation_put_right_in_a_goals_answer_is_no_goal(reader: AnswerReader) -> None:
    profile = read_as(reader, "goals", "no. i am NOT out of work, i work every day from 6. i say employed. what i "
                                       "want: get the robot supervisor job at this plant")
    assert profile.situation == "employed"
    assert profile.goals and all("employed" not in g and "out of work" not in g.lower() for g in profile.goals)


@pytest.mark.parametrize("text", [
    "my father lives with us since his stroke, i do his morning care before my shift",
    "i do her personal care on my days off",
])
def test_care_said_as_the_care_they_give_is_caring(reader: AnswerReader, text: str) -> None:
    assert "caregiving" in read_as(reader, "constraints", text).constraint_kinds


def test_their_own_health_holds_beside_a_relatives(reader: AnswerReader) -> None:
    profile = read_as(reader, "constraints", "my son has ADHD so mornings are chaos. and i have hearing aids")
    assert {"caregiving", "health"} <= set(profile.constraint_kinds)
