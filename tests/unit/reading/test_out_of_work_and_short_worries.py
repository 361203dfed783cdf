"""Classes of misreading met by people typing live: a job lost told in passing ("they shut us 3 wks ago") read as
still in work, a past title ("was a ...") kept with its "was", "3 n half yrs" read as half a year, a short worry
("my knee") never said back, others' use of a tool read as a worry about nothing, a correction back to being in work
inside another answer, and a kind of limit said not to hold. Each case is worded afresh; the class is tested."""

from __future__ import annotations

import pytest

from domain.profile import Profile
from reading.answers import AnswerReader
from reading.text import reads_as_words
from tests.support.reading import read_as


@pytest.mark.parametrize("text", [
    "nothing at the moment tbh. was a barista at a chain coffee place 2 years, the branch shut down in may",
    "used to be a kitchen porter at a hotel, they let us go in the winter",
    "warehouse operative, got made redundant last month",
    "i was a care assistant but lost my job in june",
])
def test_a_job_lost_reads_as_out_of_work(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "current_role", text).situation == "job_seeking"


@pytest.mark.parametrize("text", [
    "shop supervisor, they say our store is closing next spring",
    "receptionist at a surgery, they laid off two of the admin team",
    "forklift driver, they let go of the agency lads last month",
])
def test_others_let_go_or_a_closure_ahead_is_no_lost_job(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "current_role", text).situation != "job_seeking"


@pytest.mark.parametrize(("text", "role", "years"), [
    ("was a waitress at a seafront cafe for 4 n half yrs, it closed last week", "waitress at a seafront cafe", 4.5),
    ("worked as a bank cashier for two and a half years", "bank cashier", 2.5),
])
def test_a_past_title_and_a_half_year(reader: AnswerReader, text: str, role: str, years: float) -> None:
    profile = read_as(reader, "current_role", text)
    assert profile.current_role == role
    assert profile.years_experience == years


@pytest.mark.parametrize("worry", ["my knee", "bad back", "my eyesight"])
def test_a_short_plain_worry_reads_as_words(worry: str) -> None:
    assert reads_as_words(worry)


@pytest.mark.parametrize("junk", ["ok", "x1 y2", "rm -rf", "a"])
def test_fragments_still_do_not(junk: str) -> None:
    assert not reads_as_words(junk)


@pytest.mark.parametrize(("text", "kept"), [
    ("clients turn up with chatgpt answers and argue with me", "clients turn up with chatgpt answers"),
    ("my hands more than the ai stuff honestly", "my hands more than the ai stuff"),
])
def test_a_worry_naming_a_tool_others_use_is_kept_and_no_tool_of_theirs(reader: AnswerReader, text: str,
                                                                       kept: str) -> None:
    profile = read_as(reader, "concerns", text)
    assert any(kept in c for c in profile.concerns), profile.concerns
    assert not profile.ai_tools


def test_back_in_work_said_inside_another_answer(reader: AnswerReader) -> None:
    before = Profile(current_role="planner", situation="career_break")
    said = "sorry, you've got that wrong, I am definitely in work, full time. About 4 hours a week for this."
    profile = read_as(reader, "hours_per_week", said, before)
    assert profile.situation == "employed"
    assert profile.hours_per_week == 4


@pytest.mark.parametrize("said", ["Money isn't a problem for us", "budget is fine", "not short of money"])
def test_a_kind_of_limit_said_not_to_hold_goes_at_the_review(reader: AnswerReader, said: str) -> None:
    before = Profile(current_role="planner", constraints=["money is tight", "only a phone"],
                     constraint_kinds=["money", "device"])
    after, not_applied = reader.corrected(said, before)
    assert after.constraints == ["only a phone"]
    assert "money" not in after.constraint_kinds
    assert not not_applied


@pytest.mark.parametrize(("field", "text"), [
    ("goals", "deputy manager when ours retires, she's 64 so not long"),
    ("goals", "shift into training, definitely not retraining as a coder at 50"),
    ("concerns", "one slip on the rota and a family can't pay their bills that month"),
])
def test_what_is_said_of_others_sets_no_situation_limit_or_money_worry(reader: AnswerReader, field: str,
                                                                      text: str) -> None:
    profile = read_as(reader, field, text, Profile(current_role="planner", situation="employed"))
    assert profile.situation == "employed"
    assert "money" not in profile.constraint_kinds and "time_pattern" not in profile.constraint_kinds
    assert "income" not in profile.concern_kinds


@pytest.mark.parametrize(("text", "role"), [
    ("Good morning, sorry for my bad english. Right now I dont work, the factory closed in May. Before I was quality "
     "inspector in a car parts factory, 11 years there.", "quality inspector in a car parts factory"),
    ("hi, excuse me my spelling. i used to be a bank cashier for 9 years, now nothing", "bank cashier"),
])
def test_an_apology_and_no_job_now_leave_the_job_they_had(reader: AnswerReader, text: str, role: str) -> None:
    profile = read_as(reader, "current_role", text)
    assert profile.current_role == role
    assert profile.situation in ("job_seeking", "career_break")


@pytest.mark.parametrize("text", ["clinical coder at a district hospital", "medical coding for a GP federation"])
def test_coding_records_is_no_software_role(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "current_role", text).matched_role != "role.software-engineer"


def test_a_figure_said_to_be_too_much_is_put_right_by_the_one_after_it(reader: AnswerReader) -> None:
    said = ("maybe 20 hours a week? weekdays mostly. Actually 20 is too much honestly, with the kids and the house, "
            "say 8 hours real.")
    assert read_as(reader, "hours_per_week", said).hours_per_week == 8


def test_a_refusal_beside_an_employer_rule_naming_a_tool_still_refuses_all(reader: AnswerReader) -> None:
    said = "nope. not going to use it, told you. the council says no resident names in copilot anyway."
    assert read_as(reader, "ai_tools", said).refuses_ai
    assert not read_as(reader, "ai_tools", "the ones i will not use are chatgpt and gemini").refuses_ai


@pytest.mark.parametrize(("avoided", "refuses"), [
    ("all AI tools - wont use AI myself", True), ("any AI (never)", True), ("AI tools", True),
    ("AI tools for client data", False), ("ChatGPT", False),
])
def test_ai_avoided_as_a_whole_with_a_reason_after_it_is_a_refusal(avoided: str, refuses: bool) -> None:
    assert Profile(ai_tools_avoided=[avoided]).refuses_ai is refuses
