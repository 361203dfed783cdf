"""The knowledge engine's reading of single answers: negation, refusals, vague numbers, seniority words."""

from __future__ import annotations

import pytest

from domain.profile import Profile
from knowledge.models import ProfileField
from reading.answers import AnswerReader
from reading.cues import is_blank
from reading.numbers import parse_hours_per_week, parse_leadership_years, parse_years
from reading.privacy import strip_personal
from tests.support.reading import asked


@pytest.mark.parametrize(("answer", "used", "avoided"), [
    ("I refuse to use Midjourney", [], ["Midjourney"]),
    ("None at work", [], []),
    ("None at work, but ChatGPT at home", ["ChatGPT"], []),
    ("ChatGPT and Copilot, but not Midjourney", ["ChatGPT", "Microsoft Copilot"], []),
    ("ChatGPT is blocked at my hospital", [], ["ChatGPT"]),
    ("I don't use ChatGPT, Claude or Gemini", [], []),
    ("Midjourney, reluctantly", ["Midjourney"], []),
])
def test_tools_are_read_with_their_negation(reader: AnswerReader, answer: str, used: list[str],
                                            avoided: list[str]) -> None:
    updates = reader.read(asked("ai_tools"), answer).updates
    assert updates.ai_tools == used and updates.ai_tools_avoided == avoided


def test_a_refused_kind_of_tool_is_left_out_of_the_plan(reader: AnswerReader) -> None:
    updates = reader.read(asked("ai_tools"), "I refuse to use image generators").updates
    assert updates.ai_tools == [] and "image generators" in updates.avoid


@pytest.mark.parametrize(("answer", "skip", "answered"), [
    ("skip", True, False), ("prefer not to say", True, False), ("I don't want to talk about that", True, False),
    ("none of your business", True, False), ("idk", False, False), ("whatever", False, False),
])
def test_declines_and_non_answers_are_not_goals(reader: AnswerReader, answer: str, skip: bool,
                                                answered: bool) -> None:
    extraction = reader.read(asked("goals"), answer)
    assert extraction.skip is skip and extraction.answered is answered and not extraction.updates.goals


@pytest.mark.parametrize(("answer", "level", "manages"), [
    ("individual contributor", "mid", False), ("senior individual contributor", "senior", False),
    ("staff engineer", "senior", False), ("lead hand on a building site", "lead", True),
    ("executive", "executive", True), ("new grad", "entry", False), ("manager of 6 people", "lead", True),
])
def test_seniority_words(reader: AnswerReader, answer: str, level: str, manages: bool) -> None:
    updates = reader.read(asked("seniority"), answer).updates
    assert updates.seniority == level and updates.manages_people is manages


def test_a_job_title_with_manager_in_it_is_not_a_lead(reader: AnswerReader) -> None:
    updates = reader.read(asked("current_role"), "Customer success manager, 4 years").updates
    assert updates.matched_role == "role.customer-success" and updates.seniority == "mid"


@pytest.mark.parametrize(("text", "years", "leading"), [
    ("none, only a 3-month internship", 0.25, None), ("20 years, 8 in leadership", 20, 8), ("five years", 5, None),
    ("a decade", 10, None), ("less than a year", 0.5, None), ("about 15 years, 5 of them as a lead", 15, 5),
])
def test_years_in_words_and_ranges(text: str, years: float, leading: float | None) -> None:
    assert parse_years(text) == years and parse_leadership_years(text) == leading


@pytest.mark.parametrize(("text", "hours"), [
    ("1-2 hours", 1), ("maybe 3", 3), ("lots, 15", 15), ("an hour a day", 5), ("30 minutes a day", 2.5),
    ("two evenings of 2 hours", 4), ("10 hours a month", 2.5), ("half an hour each evening", 2.5),
])
def test_hours_in_ranges_and_hedges(text: str, hours: float) -> None:
    assert parse_hours_per_week(text) == hours


def test_future_years_are_not_experience(reader: AnswerReader) -> None:
    updates = reader.read(asked("goals"), "Open my own place in a few years").updates
    assert updates.years_experience is None


def test_one_answer_fills_several_fields(reader: AnswerReader) -> None:
    updates = reader.read(asked("current_role"), "Senior PM at a fintech, nine years, freelance since March").updates
    assert (updates.matched_role, updates.seniority, updates.years_experience, updates.situation) == (
        "role.product-manager", "senior", 9, "freelance")


def test_what_was_said_when_asked_beats_what_was_said_in_passing(reader: AnswerReader) -> None:
    known = Profile(situation="employed")
    updates = reader.read(asked("skills"), "teaching students, statistics", known).updates
    assert updates.situation is None


@pytest.mark.parametrize("answer", ["", "   ", "\u200b", "\u200b\u200d\ufeff", "\n\t"])
def test_invisible_answers_are_blank(answer: str) -> None:
    assert is_blank(answer)


def test_personal_data_is_not_kept(reader: AnswerReader) -> None:
    updates = reader.read(asked("concerns"), "Spam at jane@example.com and calls on +44 7700 900123").updates
    assert updates.concerns and not any("@" in c or "7700" in c for c in updates.concerns)


def test_a_question_back_is_not_an_answer(reader: AnswerReader) -> None:
    assert not reader.read(asked("current_role"), "can you recommend a good pizza place?").answered


@pytest.mark.parametrize("answer", ["maybe move into operations management?", "not sure honestly. maybe teach?",
                                    "something with data, I guess?"])
def test_a_hedged_goal_is_an_answer(reader: AnswerReader, answer: str) -> None:
    extraction = reader.read(asked("goals"), answer)
    assert extraction.answered and extraction.updates.goals
    assert not any(g.lower().startswith("not sure") for g in extraction.updates.goals)


@pytest.mark.parametrize("answer", ["what do you mean by goals?", "why is that relevant?",
                                    "is this going to take long"])
def test_questions_back_stay_questions(reader: AnswerReader, answer: str) -> None:
    assert not reader.read(asked("goals"), answer).answered


def test_working_hours_are_not_hours_to_spare(reader: AnswerReader) -> None:
    updates = reader.read(asked("constraints"), "I work 50 hour weeks and I have no degree").updates
    assert updates.hours_per_week is None
    assert set(updates.constraint_kinds) == {"workload", "credentials"} and updates.avoid == []


def test_hours_to_spare_said_in_passing_are_kept(reader: AnswerReader) -> None:
    updates = reader.read(asked("constraints"), "Full-time job, but I can give 3 hours a week").updates
    assert updates.hours_per_week == 3


@pytest.mark.parametrize("answer", ["none really, I'm not worried about being replaced",
                                    "I'm not worried about AI taking my job at all, honestly",
                                    "Not really. I don't worry about pay"])
def test_a_denied_worry_is_no_worry(reader: AnswerReader, answer: str) -> None:
    updates = reader.read(asked("concerns"), answer).updates
    assert updates.concern_kinds == [] and updates.declared_none == ["concerns"]


def test_a_denied_worry_beside_a_real_one(reader: AnswerReader) -> None:
    answer = "I'm not worried about being replaced, but my rates keep dropping"
    updates = reader.read(asked("concerns"), answer).updates
    assert updates.concern_kinds == ["income"]


@pytest.mark.parametrize(("answer", "used"), [
    ("Chemistry teacher. My pupils use ChatGPT for their lab reports", []),
    ("Teacher; the kids use ChatGPT and I use Claude to plan lessons", ["Claude"]),
    ("Translator; my clients use DeepL and send me the output", []),
    ("They gave us Copilot at work", ["Microsoft Copilot"]),
    ("I write prompts for clients using ChatGPT", ["ChatGPT"]),
])
def test_tools_other_people_use_are_not_the_persons(reader: AnswerReader, answer: str, used: list[str]) -> None:
    assert reader.read(asked("current_role"), answer).updates.ai_tools == used


def test_everything_said_at_once_is_read_at_once(reader: AnswerReader) -> None:
    answer = ("I'm Sam, a senior accountant at a mid-size manufacturing firm (10 yrs). Month-end close, "
              "reconciliations, variance analysis. Worried Copilot in Excel will make half our team redundant. I want "
              "to move toward FP&A or finance systems. I have maybe 4 hours a week, evenings, two kids. I use ChatGPT "
              "a bit but our company bans pasting client data into it.")
    updates = reader.read(asked("current_role"), answer).updates
    assert "Sam" not in (updates.current_role or "")
    assert updates.main_tasks == ["Month-end close", "reconciliations", "variance analysis"]
    assert updates.goals and "FP&A" in updates.goals[0]
    assert updates.ai_tools == ["ChatGPT"]  # Copilot is named in a worry, not as a tool in use
    assert {"employer_ai_rules", "caregiving"} <= set(updates.constraint_kinds)
    assert updates.concern_kinds == ["replacement"] and updates.hours_per_week == 4
    assert updates.situation == "employed" and updates.years_experience == 10


@pytest.mark.parametrize("answer", ["as I said", "as above", "I already told you that", "see above"])
def test_a_pointer_back_asks_again_kindly(reader: AnswerReader, answer: str) -> None:
    extraction = reader.read(asked("main_tasks"), answer)
    assert not extraction.answered and not extraction.updates.main_tasks and "again" in (extraction.note or "")


@pytest.mark.parametrize(("text", "kept"), [
    ("I'm Sam, a senior accountant", "I'm a senior accountant"),
    ("My name is Ana Ruiz. I teach maths", "I teach maths"),
    ("I'm Head of Data, at a bank", "I'm Head of Data, at a bank"),
    ("I am a nurse, 10 years", "I am a nurse, 10 years"),
])
def test_a_name_given_in_passing_is_not_kept(text: str, kept: str) -> None:
    assert strip_personal(text) == kept


def test_none_then_a_reason_names_no_tool(reader: AnswerReader) -> None:
    updates = reader.read(asked("ai_tools"), "none. not allowed at work").updates
    assert updates.ai_tools == [] and updates.declared_none == ["ai_tools"]
    assert "employer_ai_rules" in updates.constraint_kinds


def test_a_hedge_before_a_goal_is_not_part_of_it(reader: AnswerReader) -> None:
    goals = reader.read(asked("goals"), "idk maybe get into something more techy?? or team leader").updates.goals
    assert goals and goals[0].startswith("get into something more techy")


@pytest.mark.parametrize(("field", "answer"), [
    ("constraints", "none really, I have lots of time"), ("ai_tools", "never used any"),
    ("ai_tools", "I haven't tried any yet"), ("concerns", "nothing really, I'm mostly curious about it"),
])
def test_none_with_nothing_of_substance_after_it(reader: AnswerReader, field: ProfileField, answer: str) -> None:
    updates = reader.read(asked(field), answer).updates
    assert updates.declared_none == [field] and not getattr(updates, field)


def test_none_then_a_limit_is_a_limit(reader: AnswerReader) -> None:
    updates = reader.read(asked("constraints"), "none really, except I can't afford courses").updates
    assert "money" in updates.constraint_kinds


@pytest.mark.parametrize(("answer", "situation"), [
    ("retired but want to do some consulting", "freelance"), ("retired last year", "career_break"),
])
def test_retirement_and_consulting(reader: AnswerReader, answer: str, situation: str) -> None:
    assert reader.read(asked("situation"), answer).updates.situation == situation


def test_an_avoided_thing_is_what_follows_the_cue(reader: AnswerReader) -> None:
    goals = reader.read(asked("goals"), "Keep earning from art without racing image generators on price").updates
    assert goals.avoid == ["image generators"]  # not "income": price is what the racing is on


@pytest.mark.parametrize("feedback", ["i have worked there 3 years not 2", "its 6 years actually", "10 yrs not 2"])
def test_a_level_the_person_said_outlasts_a_correction_of_the_years(reader: AnswerReader, feedback: str) -> None:
    said = Profile(seniority="junior", years_experience=2)
    assert reader.corrected(feedback, said)[0].seniority == "junior"


def test_a_level_guessed_from_years_follows_them(reader: AnswerReader) -> None:
    guessed = Profile(seniority="junior", years_experience=2, uncertain=["seniority"])
    assert reader.corrected("i have worked there 6 years not 2", guessed)[0].seniority == "mid"
