"""Each sentence goes to the field it is about: an answer to one question often says several things at once, and
what belongs elsewhere (a correction of the hours, a worry, a limit, an aside) is neither lost nor pasted into the
field that was asked. Lists split where the person listed things, never inside one thing."""

from __future__ import annotations

import pytest

from domain.profile import Profile
from reading.answers import AnswerReader
from reading.text import split_items
from tests.support.reading import read_as


@pytest.mark.parametrize(("text", "role"), [
    ("Hey :) I'm an account coordinator (so basically admin lol) at a logistics firm, I set up calls with the "
     "sales managers and chase invoices", "account coordinator"),
    ("i am care assistant in nursing home, 9 years. i help residents wash, eat, i do the notes on tablet",
     "care assistant"),
    ("Mostly I sit with the team leads and plan rotas, but I'm a scheduler at a bus depot", "scheduler"),
])
def test_the_role_is_what_the_person_says_they_are_not_whom_they_work_with(reader: AnswerReader, text: str,
                                                                             role: str) -> None:
    profile = read_as(reader, "current_role", text)
    assert (profile.current_role or "").lower().startswith(role), profile.current_role


@pytest.mark.parametrize(("text", "together", "apart"), [
    ("Filing, emails from clients and their lawyers, updating the case tracker", "emails from clients and their",
     ["filing", "updating the case tracker"]),
    ("Teaching year 7 and A-level chemistry, marking, parents evenings", "teaching year 7 and a-level chemistry",
     ["marking"]),
    ("I run a crew of 4: two fitters and an apprentice. Quotes, ordering parts", "crew of 4",
     ["quotes", "ordering parts"]),
])
def test_a_list_splits_where_things_were_listed_not_inside_one_thing(reader: AnswerReader, text: str, together: str,
                                                                      apart: list[str]) -> None:
    tasks = [t.lower() for t in read_as(reader, "main_tasks", text).main_tasks]
    assert any(together in t for t in tasks), tasks
    assert all(any(a == t for t in tasks) for a in apart), tasks
    assert not any(t in ("an apprentice", "their lawyers", "a-level chemistry", "two fitters") for t in tasks), tasks


def test_python_and_sql_are_still_two_skills() -> None:
    assert split_items("Python and SQL, dashboards") == ["Python", "SQL", "dashboards"]


def test_a_correction_of_the_hours_inside_a_tasks_answer_is_not_a_task(reader: AnswerReader) -> None:
    profile = read_as(reader, "main_tasks",
                    "Mainly rotas, stock counts and cashing up. Oh and I should say - im part time not full time, "
                    "25 hours, wed to sat. Mondays I'm off.", Profile(situation="employed"))
    assert profile.main_tasks == ["rotas", "stock counts", "cashing up"], profile.main_tasks
    assert profile.hours_worked == 25 and profile.hours_per_week is None, "hours worked are not hours to spare"
    assert profile.situation == "employed", "part time is still in work"


@pytest.mark.parametrize("text", [
    "I know the till system inside out, quicker than the managers, they come to me. Very patient, I am organised.",
])
def test_skills_are_named_without_asides_or_comparisons(reader: AnswerReader, text: str) -> None:
    skills = [s.lower() for s in read_as(reader, "skills", text).skills]
    assert not any(s.startswith(("quicker", "they ", "am ", "i am")) for s in skills), skills
    assert "organised" in skills, skills


@pytest.mark.parametrize(("text", "goal", "not_goal"), [
    ("The council is moving everything online next spring. I am 58, who takes on someone my age? I want to stay "
     "in the council and help people with the new portal.", "stay in the council", "58"),
    ("Honestly, I'm not leaving nursing. What I'd like is to lead how the ward uses these tools.", "lead how the ward",
     "not leaving"),
])
def test_goals_are_what_the_person_wants_not_how_things_are(reader: AnswerReader, text: str, goal: str,
                                                               not_goal: str) -> None:
    profile = read_as(reader, "goals", text)
    joined = " | ".join(profile.goals).lower()
    assert goal in joined and not_goal not in joined, profile.goals
    if "my age" in text:
        assert "age" in profile.concern_kinds, "a question of who will hire them is a worry"


def test_levels_come_from_what_the_person_says_of_themselves(reader: AnswerReader) -> None:
    profile = read_as(reader, "main_tasks", "scheduling interviews with the senior managers, phone screens, offers",
                    Profile(years_experience=4, seniority="mid"))
    assert profile.seniority == "mid", "other people's titles say nothing of the person's level"


def test_limits_are_limits_not_everything_said_while_asked(reader: AnswerReader) -> None:
    profile = read_as(reader, "constraints",
                    "On the office PCs Copilot is disabled and we must never paste customer data into any AI. "
                    "Money is tight, maybe 40 euro for a course. I do have an old laptop at home.")
    assert {"employer_ai_rules", "money"} <= set(profile.constraint_kinds), profile.constraint_kinds
    assert not any("laptop at home" in c for c in profile.constraints), profile.constraints
    assert profile.ai_at_work is False


def test_a_correction_of_what_was_said_back_goes_to_its_field(reader: AnswerReader) -> None:
    before = Profile(goals=["Good question"], current_role="recruiter")
    profile = read_as(reader, "constraints",
                    "ha, my goal is not 'good question', it's moving into HR business partner! Limits: no AI at "
                    "work until legal decides. Evenings are out, I have a toddler.", before)
    assert profile.goals == ["moving into HR business partner"], profile.goals
    assert not any("goal" in c.lower() or "question" in c.lower() for c in profile.constraints), profile.constraints
    assert {"employer_ai_rules", "caregiving"} <= set(profile.constraint_kinds)


@pytest.mark.parametrize(("text", "kept", "dropped"), [
    ("like i said really. the filing going to ai. and i never did a degree", ["filing going to ai"],
     ["like i said"]),
    ("a robot isnt going to rewire a house is it. cheap lads undercutting me is the worry", ["undercutting"],
     ["rewire a house"]),
])
def test_worries_are_worries_not_remarks(reader: AnswerReader, text: str, kept: list[str],
                                         dropped: list[str]) -> None:
    profile = read_as(reader, "concerns", text)
    joined = " | ".join(profile.concerns).lower()
    assert all(k in joined for k in kept) and not any(d in joined for d in dropped), profile.concerns
    if "going to ai" in text:
        assert "replacement" in profile.concern_kinds
