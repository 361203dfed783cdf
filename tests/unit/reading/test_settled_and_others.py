"""Classes of misreading met by people typing live: a figure settled on after thinking aloud ("so more like 20 ...
let's say 15"), the age of someone else ("they'd hire some 19 year old"), a wish to lead read as the person's level,
a first rung of leading aimed for read as an executive's aim, a job lost beside "not working" read as a chosen
break, and a phone used for everything read as the one AI tool an employer approves. Each is worded afresh."""

from __future__ import annotations

import pytest

from domain.profile import Profile
from reading.answers import AnswerReader
from reading.employer import employer_ai_rule
from tests.support.reading import read_as


@pytest.mark.parametrize(("text", "hours"), [
    ("roughly 10 hours a week, weekday afternoons 1 till 3. hmm afternoons are 2 hours each so 10 if i use them all "
     "- but let's say 6 to be realistic", 6.0),
    ("8 hours a week in the evenings, or more like 12 if the kids sleep - lets just say 8 realistically", 8.0),
    ("maybe 4 hours, saturday mornings. call it 5 hours a week", 5.0),
])
def test_the_figure_settled_on_wins_and_the_times_stay(reader: AnswerReader, text: str, hours: float) -> None:
    profile = read_as(reader, "hours_per_week", text)
    assert profile.hours_per_week == hours
    assert profile.hours_pattern, profile


@pytest.mark.parametrize("text", [
    "my worry is they get a machine and some 19 year old to babysit it for minimum wage",
    "the boss says a 25 year old with a laptop could do what I do",
    "they want a 22-year-old who knows the apps",
])
def test_someone_elses_age_is_not_the_persons(reader: AnswerReader, text: str) -> None:
    profile = read_as(reader, "concerns", text)
    assert profile.age is None
    assert profile.years_experience is None


def test_the_persons_own_age_still_counts(reader: AnswerReader) -> None:
    assert read_as(reader, "concerns", "I'm a 58 year old welder and I worry about my back").age == 58


@pytest.mark.parametrize("text", [
    "one day become a senior nurse or a ward sister",
    "maybe step up to shift supervisor in a year or two",
    "id like to be team leader eventually",
])
def test_a_level_wished_for_is_not_the_persons_level(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "goals", text).seniority is None


@pytest.mark.parametrize("text", [
    "become a shift supervisor on the packing line",
    "move up to team leader, or assistant practice manager one day",
    "deputy manager at the care home",
])
def test_a_first_rung_of_leading_is_no_executive_aim(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "goals", text).target_role is None


def test_an_executive_aim_still_points_at_the_role(reader: AnswerReader) -> None:
    assert read_as(reader, "goals", "I want to be a regional operations director").target_role is not None


@pytest.mark.parametrize("text", [
    "Not working right now. The depot shut and I was made redundant in September, I'd done 12 years there as a "
    "transport planner",
    "I'm not in work at the moment - got laid off from the call centre last month after 6 years as a team member",
])
def test_a_job_lost_beside_not_working_is_looking_for_work(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "current_role", text).situation == "job_seeking"


@pytest.mark.parametrize("limits", [
    ["no customer details in any AI, ChatGPT is blocked at work", "mostly i just use my phone, the laptop is ancient"],
    ["the trust bans AI tools on patient data", "I only use my tablet at home"],
])
def test_a_device_used_only_is_no_approved_tool(reader: AnswerReader, limits: list[str]) -> None:
    profile = Profile(constraints=limits, constraint_kinds=["employer_ai_rules", "device"], ai_at_work=False)
    rule = employer_ai_rule(profile, reader)
    assert rule.approved is None
    assert rule.banned


@pytest.mark.parametrize(("limit", "kind"), [
    ("my husband has parkinsons and I do most of the caring at weekends", "caregiving"),
    ("company memo says no client files in ChatGPT or any AI, ever", "employer_ai_rules"),
    ("the trust policy: no patient letters into any online tool", "employer_ai_rules"),
])
def test_a_limit_in_its_own_words_has_its_kind(reader: AnswerReader, limit: str, kind: str) -> None:
    assert kind in reader.constraint_kinds_in(limit)


@pytest.mark.parametrize("said", [
    "oh and copilot IS allowed at work, its chatgpt thats banned",
    "to be clear Gemini is fine to use at work, only chatgpt is blocked",
])
def test_a_tool_said_allowed_is_no_longer_avoided(reader: AnswerReader, said: str) -> None:
    before = Profile(current_role="purchase ledger clerk", ai_tools_avoided=["ChatGPT", "Microsoft Copilot", "Gemini"])
    after = read_as(reader, "hours_per_week", f"3 hours a week. {said}", before)
    assert "ChatGPT" in after.ai_tools_avoided
    assert not any(t in after.ai_tools_avoided for t in ("Microsoft Copilot", "Gemini") if t.split()[-1].lower() in
                   said.lower())


@pytest.mark.parametrize(("text", "age"), [("I am sixty-one and I intend to stay until sixty-five", 61),
                                           ("im fifty two, been a cook for years", 52)])
def test_an_age_in_words_is_read(reader: AnswerReader, text: str, age: int) -> None:
    assert read_as(reader, "goals", text).age == age
