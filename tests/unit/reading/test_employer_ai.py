"""Which Copilot a person means, whose use a trial in other teams is, and what an employer's AI rule allows: one
approved tool, no work data in AI, or AI banned outright. Each case is worded afresh: the class of failure is tested,
never a sentence someone typed."""

from __future__ import annotations

import pytest

from domain.profile import Profile
from reading.answers import AnswerReader
from reading.employer import UNNAMED_TOOL, employer_ai_rule
from tests.support.reading import read_as


@pytest.mark.parametrize("text", [
    "Copilot on the work laptop to tidy up emails",
    "work gave us all copilot last month, I use it for meeting notes",
    "copilot chat, it's the one we're given",
    "Mostly Copilot in Outlook, sometimes ChatGPT at home",
    "microsoft 365 copilot for summaries",
])
def test_a_bare_copilot_at_work_is_microsofts(reader: AnswerReader, text: str) -> None:
    tools = read_as(reader, "ai_tools", text).ai_tools
    assert "Microsoft Copilot" in tools and "GitHub Copilot" not in tools, tools


@pytest.mark.parametrize(("text", "profile"), [
    ("copilot for coding, and chatgpt when I'm stuck", None),
    ("I use Copilot in VS Code all day", None),
    ("GitHub Copilot", None),
    ("copilot autocomplete mostly", None),
    ("Copilot and ChatGPT", Profile(current_role="junior frontend developer")),
    ("just copilot tbh", Profile(current_role="QA engineer",
                                 main_tasks=["writing unit tests", "reviewing pull requests"])),
])
def test_copilot_is_githubs_only_with_code_in_the_words_or_the_work(reader: AnswerReader, text: str,
                                                                     profile: Profile | None) -> None:
    tools = read_as(reader, "ai_tools", text, profile).ai_tools
    assert "GitHub Copilot" in tools and "Microsoft Copilot" not in tools, tools


@pytest.mark.parametrize("text", [
    "It's Copilot in Microsoft 365, not GitHub - I don't code.",
    "copilot, the office one. I'm not a developer",
])
def test_code_denied_is_no_code_context(reader: AnswerReader, text: str) -> None:
    tools = read_as(reader, "ai_tools", text).ai_tools
    assert "GitHub Copilot" not in tools, tools


@pytest.mark.parametrize("text", [
    "Copilot is only being trialled in other teams. I use nothing.",
    "No ChatGPT at work. Copilot is being piloted in a couple of back-office teams, not mine",
    "there's a copilot pilot in the finance department, I'm not in it",
    "other departments have Gemini, we don't",
    "Copilot got rolled out to the managers only",
])
def test_a_tool_trialled_for_other_people_is_not_the_persons(reader: AnswerReader, text: str) -> None:
    profile = read_as(reader, "ai_tools", text)
    assert not {"Microsoft Copilot", "GitHub Copilot", "Gemini"} & set(profile.ai_tools), profile.ai_tools


@pytest.mark.parametrize("text", [
    "I'm in the Copilot pilot and use it every day",
    "our team trialled copilot and I still use it for minutes",
])
def test_a_trial_the_person_is_in_is_their_use(reader: AnswerReader, text: str) -> None:
    assert "Microsoft Copilot" in read_as(reader, "ai_tools", text).ai_tools


@pytest.mark.parametrize(("text", "tool"), [
    ("Copilot Chat is approved on the work laptop, but never any member data in it. ChatGPT is blocked.",
     "Microsoft Copilot"),
    ("the only AI allowed at work is Copilot, and no lab data goes in any AI", "Microsoft Copilot"),
    ("company only lets us use their own copilot thing, on the work laptop", "Microsoft Copilot"),
    ("Gemini is the only approved tool at the firm, nothing else", "Gemini"),
    ("AI sites are blocked on the PCs and we must never paste customer info anywhere, only the built in "
     "suggested replies", UNNAMED_TOOL),
])
def test_an_approved_tool_is_read_with_its_name(reader: AnswerReader, text: str, tool: str) -> None:
    profile = read_as(reader, "constraints", text)
    said = employer_ai_rule(profile, reader)
    assert said.approved == tool and not said.banned, said
    assert profile.ai_at_work is True, "one tool allowed at work is no ban"


@pytest.mark.parametrize("text", [
    "No ChatGPT or any public AI for council work, full stop. Copilot is piloted in other teams, not mine.",
    "All AI is banned on trust systems and putting patient details in one is a sacking offence",
    "our firm blocks every AI tool on the network",
])
def test_a_ban_with_no_tool_of_theirs_is_a_ban(reader: AnswerReader, text: str) -> None:
    profile = read_as(reader, "constraints", text)
    said = employer_ai_rule(profile, reader)
    assert said.banned and said.approved is None, said
    assert profile.ai_at_work is False


@pytest.mark.parametrize("text", [
    "we can never put customer details into AI",
    "no client names in any AI tool, it's a disciplinary",
    "claimant data must not go anywhere near chatgpt",
])
def test_work_data_kept_out_of_ai_is_a_privacy_limit(reader: AnswerReader, text: str) -> None:
    profile = read_as(reader, "constraints", text)
    assert "privacy" in profile.constraint_kinds and employer_ai_rule(profile, reader).no_work_data


def test_customer_records_as_a_task_are_no_limit(reader: AnswerReader) -> None:
    profile = read_as(reader, "main_tasks", "updating customer records, chasing payments, month-end reports")
    assert "privacy" not in profile.constraint_kinds and not employer_ai_rule(profile, reader).any
