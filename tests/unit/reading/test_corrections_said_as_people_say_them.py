"""Corrections at the profile review and answers in the interview as people put them: "put hours back to 4", "the
AI part is back to front", "add Rotaready to my AI tools", "after 5pm weekdays and sundays thats out", a duty that
fills a time ("morning monday wednesday i take my dad to physio"), a label said to be wrong ("times ruled out is
wrong, ..."), time away said loosely ("home w the kids about 4 yrs", "not 4 yrs in, 4 yrs out"), a level that is
someone else's or left behind ("training three juniors", "if u count my apprentice yr"), the aim after "what I
want:", and an age that is a target ("until I'm 66")."""

from __future__ import annotations

from domain.profile import Profile
from reading.answers import AnswerReader
from tests.support.reading import read_as

READ = Profile(current_role="rota coordinator", situation="employed", years_experience=7, hours_per_week=9,
               hours_pattern="weekday mornings", times_not=["evenings"], ai_at_work=False,
               constraint_kinds=["employer_ai_rules"], constraints=["no patient names in chatgpt"])


def test_hours_put_back_to_a_bare_figure(reader: AnswerReader) -> None:
    fixed, missed = reader.corrected("no, please put hours back to 4", READ)
    assert fixed.hours_per_week == 4 and missed == []


def test_the_ai_rule_said_to_be_back_to_front_and_a_tool_added_by_name(reader: AnswerReader) -> None:
    fixed, _ = reader.corrected("the ai part is back to front, they are not banning AI. add Rotaready to my AI "
                                "tools", READ)
    assert fixed.ai_at_work is True and "Rotaready" in fixed.ai_tools


def test_times_said_to_be_out_at_the_end_and_a_clock_before_its_days(reader: AnswerReader) -> None:
    fixed, _ = reader.corrected("times ruled out is wrong, i am free weekday mornings. its after 5pm weekdays and "
                                "sundays thats out", READ)
    assert "sundays" in fixed.times_not and "weekdays" not in fixed.times_not
    assert any("after 5pm" in t for t in fixed.times_not) and "weekday mornings" not in fixed.times_not


def test_a_duty_that_fills_a_time_rules_it_out(reader: AnswerReader) -> None:
    fixed, _ = reader.corrected("morning monday wednesday i take my dad to physio", READ)
    assert any("monday" in t and "wednesday" in t and "morning" in t for t in fixed.times_not), fixed.times_not
    assert fixed.hours_pattern == "weekday mornings"


def test_time_away_said_loosely_is_not_years_in_the_work(reader: AnswerReader) -> None:
    assert read_as(reader, "current_role", "care assistant. was. home w the kids about 4 yrs").years_experience \
        != 4
    profile = read_as(reader, "situation", "career break. not 4 yrs in, 4 yrs out. i worked 10 yrs before that")
    assert profile.years_experience == 10


def test_a_level_that_is_someone_elses_or_left_behind(reader: AnswerReader) -> None:
    assert read_as(reader, "main_tasks", "quotes, site visits, training three juniors on the software").seniority \
        is None
    assert read_as(reader, "situation", "on a break. 11 yrs, 12 if u count my apprentice yr").seniority != "entry"


def test_the_aim_after_what_i_want_and_an_age_that_is_a_target(reader: AnswerReader) -> None:
    profile = read_as(reader, "goals", "Apprentice?? I run the depot. What I want: keep my job until I'm 66 and "
                                       "retire on my terms.")
    assert profile.goals and profile.goals[0].startswith("keep my job")
    assert profile.age is None and not any("apprentice" in g.lower() for g in profile.goals)
