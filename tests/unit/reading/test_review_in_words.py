"""Corrections at the profile review, in words as people type them: a tool removed by its name, a tool kept with
only a rule on its data, years put right beside years of earlier work, a worry swapped for the one meant."""

from __future__ import annotations

import pytest

from domain.profile import Profile
from reading.answers import AnswerReader

READ = Profile(current_role="payroll clerk", situation="employed", years_experience=9, hours_per_week=2,
               ai_tools=["ChatGPT", "Grammarly", "Otter"], concerns=["being too old to retrain", "the new app"],
               skills=["accurate"], main_tasks=["timesheets"])


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("please take Otter off, never heard of it", "Otter", "ChatGPT"),
    ("I have never used grammarly", "Grammarly", "Otter"),
])
def test_a_tool_named_at_the_review_is_removed(reader: AnswerReader, text: str, gone: str, kept: str) -> None:
    tools = reader.corrected(text, READ)[0].ai_tools
    assert gone not in tools and kept in tools


@pytest.mark.parametrize("text", [
    "ChatGPT is fine at home, just not with client data",
    "chatgpt i can use, only not with real employee records",
])
def test_a_tool_kept_with_a_rule_on_its_data_stays(reader: AnswerReader, text: str) -> None:
    assert "ChatGPT" in reader.corrected(text, READ)[0].ai_tools


@pytest.mark.parametrize(("text", "years"), [
    ("Years at the council is 4, not 9. 9 years was the bank, before I moved here.", 4),
    ("I've been at this firm 3 years, before that 6 years in retail", 3),
    ("years with this company = 12", 12),
])
def test_years_put_right_beside_earlier_work(reader: AnswerReader, text: str, years: float) -> None:
    assert reader.corrected(text, READ)[0].years_experience == years


def test_years_of_earlier_work_alone_change_nothing(reader: AnswerReader) -> None:
    assert reader.corrected("Also I did 15 years in the army before all this.", READ)[0].years_experience == 9


def test_a_worry_swapped_for_the_one_meant(reader: AnswerReader) -> None:
    profile = reader.corrected("My main worry isn't being too old, it's the pay freeze with 2.5% inflation", READ)[0]
    assert profile.concerns == ["the new app", "the pay freeze with 2.5% inflation"], profile.concerns


AVOIDING = Profile(current_role="porter", ai_tools_avoided=["AI tools"], avoid=["ai"], hours_pattern="evenings",
                   times_not=["weekends"])


@pytest.mark.parametrize("text", [
    "i never said no to ai, happy to use it if its free",
    "I am not against AI at all, I'm willing to try it at home",
])
def test_ai_said_fine_after_all_is_no_longer_refused(reader: AnswerReader, text: str) -> None:
    profile = reader.corrected(text, AVOIDING)[0]
    assert profile.ai_tools_avoided == [] and profile.avoid == [], profile


@pytest.mark.parametrize(("text", "days"), [
    ("Thu Fri Sat are my work days so no, not free then", ["thursdays", "fridays", "saturdays"]),
    ("my working days are mon and wed", ["mondays", "wednesdays"]),
])
def test_days_said_to_be_work_days_are_ruled_out(reader: AnswerReader, text: str, days: list[str]) -> None:
    profile = reader.corrected(text, AVOIDING)[0]
    assert set(days) <= set(profile.times_not) and not set(days) & set((profile.hours_pattern or "").split(", "))


@pytest.mark.parametrize(("text", "used"), [
    ("copilot most days for emails, tried gemini once", ["Microsoft Copilot"]),
    ("I've used chatgpt one time only, for a recipe, it was once", []),
])
def test_a_tool_tried_once_is_not_in_use_and_others_in_the_answer_are(reader: AnswerReader, text: str,
                                                                       used: list[str]) -> None:
    from tests.support.reading import read_as
    assert read_as(reader, "ai_tools", text).ai_tools == used

