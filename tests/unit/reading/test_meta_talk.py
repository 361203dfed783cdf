"""Talk about the conversation is never a fact about the person: what people say back to a coach that misread them
("i never said that", "like I mentioned", "are you even reading this"), labels heading an answer, a coach's
assumption denied ("there's no shifts"), an item said not to be one, and a change at work told as what ended the
job. Each case is worded afresh, in several typing styles; real work that merely sounds alike stays."""

from __future__ import annotations

import pytest

from domain.profile import Profile
from reading.answers import AnswerReader
from tests.support.reading import asked, read_as

META = ("never said", "i said", "told you", "mentioned", "anyway", "question", "numpty", "muppet", "reading this",
        "listening", "day to day", "what i want", "skills:")


def _said(profile: Profile) -> str:
    return " | ".join([*profile.main_tasks, *profile.skills, *profile.constraints, *profile.concerns,
                       *profile.goals]).lower()


@pytest.mark.parametrize(("field", "text", "kept"), [
    ("main_tasks", "no i never said i hated the tills, i said the shop shut. anyway: cashing up, ordering stock, "
     "the weekly rota", "ordering stock"),
    ("main_tasks", "As I told you before, payroll for 40 staff, VAT returns and chasing invoices.", "vat returns"),
    ("main_tasks", "like i mentioned its mostly route planning, checking tachos, sorting breakdowns",
     "checking tachos"),
    ("main_tasks", "To answer your question: triaging tickets, writing release notes, onboarding new clients",
     "writing release notes"),
    ("skills", "are you even reading this?? skills: rostering, calming angry parents, first aid", "first aid"),
    ("skills", "i told you, excel and people. also sign language", "sign language"),
    ("goals", "ANYWAY. what i want: a part time job in a library by summer", "library"),
    ("goals", "day to day doesnt matter ya muppet. what i'd like: move into payroll", "payroll"),
])
def test_talk_about_the_conversation_is_never_an_item(reader: AnswerReader, field: str, text: str,
                                                      kept: str) -> None:
    said = _said(read_as(reader, field, text))  # type: ignore[arg-type]
    assert kept in said, said
    assert not any(m in said for m in META), said


@pytest.mark.parametrize(("field", "text"), [
    ("main_tasks", "saying no to suppliers, told off late payers, answering the phone"),
    ("main_tasks", "I said no to overtime requests and told the drivers their routes each morning"),
    ("skills", "reading the room, listening to upset callers"),
])
def test_real_work_that_sounds_like_talk_stays(reader: AnswerReader, field: str, text: str) -> None:
    said = _said(read_as(reader, field, text))  # type: ignore[arg-type]
    assert ("suppliers" in said or "overtime" in said or "listening" in said), said
    assert "late payers" in said or "routes" in said or "room" in said, said


@pytest.mark.parametrize(("field", "text", "item"), [
    ("goals", "'said the shop shut' is no a task ya numpty", "said the shop shut"),
    ("constraints", "\"the rota\" isn't a task. are you even reading this", "the rota"),
    ("hours_per_week", "cashing up is NOT a task lol", "cashing up"),
])
def test_an_item_said_not_to_be_one_is_taken_out_and_nothing_added(reader: AnswerReader, field: str, text: str,
                                                                     item: str) -> None:
    before = Profile(main_tasks=[item, "ordering stock"], goals=["a job in a library"])
    extraction = reader.read(asked(field), text, before)  # type: ignore[arg-type]
    after = before.applied(extraction)
    assert item not in after.main_tasks and "ordering stock" in after.main_tasks, after.main_tasks
    assert extraction.updates.model_dump(exclude_defaults=True) == {}, extraction.updates
    assert after.goals == ["a job in a library"]


def test_a_worry_said_not_to_be_one_goes_with_its_kind(reader: AnswerReader) -> None:
    before = Profile(concerns=["keeping up with the new system"], concern_kinds=["keeping_up"])
    after = read_as(reader, "main_tasks", "i never said i was worried about keeping up. stock takes, deliveries",
                    before)
    assert after.concerns == [] and "keeping_up" not in after.concern_kinds, after
    assert "deliveries" in " ".join(after.main_tasks)


@pytest.mark.parametrize("text", [
    "like i said theres no shifts, im out of work. about 10 hrs a week, mornings",
    "There is no rota any more, I was laid off. 8 hours, weekday mornings",
    "i have no boss now lol. 12 hrs a week evenings",
])
def test_a_coachs_assumption_denied_is_no_limit(reader: AnswerReader, text: str) -> None:
    profile = read_as(reader, "hours_per_week", text)
    assert profile.hours_per_week is not None
    assert not profile.constraints and "time_pattern" not in profile.constraint_kinds, profile.constraints


@pytest.mark.parametrize("text", [
    "theres no money for courses, only a phone",
    "I have no car and no childcare after 3",
])
def test_a_real_lack_is_still_a_limit(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "constraints", text).constraints


@pytest.mark.parametrize("text", [
    "was a cashier at a supermarket for 9 years. they put in self checkouts and laid half of us off",
    "Claims handler, 6 yrs. The insurer rolled out an AI triage system and I was made redundant in May.",
    "warehouse picker til march, company brought in robots n the depot closed",
])
def test_a_change_that_ended_the_job_is_no_worry_about_keeping_up(reader: AnswerReader, text: str) -> None:
    profile = read_as(reader, "current_role", text)
    assert not profile.concerns and "keeping_up" not in profile.concern_kinds, profile.concerns


def test_a_change_coming_at_work_is_still_kept_beside_the_worries(reader: AnswerReader) -> None:
    profile = read_as(reader, "current_role", "receptionist at a GP surgery, the practice is bringing in a new "
                                              "booking system")
    assert profile.concerns, profile


@pytest.mark.parametrize(("text", "kept"), [
    ("You forget I want maybe bridal shop", "bridal shop"),
    ("you forgot that i want to drive for the council", "drive for the council"),
    ("i told you before, a tourist office job", "tourist office"),
])
def test_a_turn_back_to_the_conversation_is_no_part_of_a_goal(reader: AnswerReader, text: str, kept: str) -> None:
    goals = read_as(reader, "goals", text).goals
    assert goals and all("forg" not in g.lower() and "told" not in g.lower() for g in goals)
    assert any(kept in g for g in goals)


@pytest.mark.parametrize("text", ["what i just typed", "see what i wrote above", "like i said"])
def test_an_answer_that_only_points_back_is_no_goal(reader: AnswerReader, text: str) -> None:
    assert read_as(reader, "goals", text).goals == []


def test_what_others_want_is_never_the_aim() -> None:
    from agents.planner.aims import aim
    assert aim(["they all want young ones", "a job in a bridal shop"]) == "a job in a bridal shop"


def test_a_remark_beside_an_option_is_no_direction() -> None:
    from agents.planner.aims import directions
    assert directions(["QA technician at a food factory, theres loads round wakefield and leeds"]) == ()
    assert directions(["QA technician, food safety auditor or day-shift baker"]) == (
        "QA technician", "food safety auditor", "day-shift baker")


def test_days_put_right_after_the_situation_leave_the_situation(reader: AnswerReader) -> None:
    said = "Employed, but part-time - 0.6 ... no wait, it's Monday, Tuesday and Thursday"
    assert read_as(reader, "situation", said).situation == "employed"


@pytest.mark.parametrize(("goals", "said"), [
    (["move up, area manager ideally"], "area manager"),
    (["I want to move up, area manager ideally, or into training"], "area manager or training"),
    (["frontend, fullstack junior, qa automation, whatever pays"], "frontend, fullstack junior or qa automation"),
])
def test_an_aim_names_the_place_not_the_move_or_the_hedge(goals: list[str], said: str) -> None:
    from agents.planner.aims import aim
    assert aim(goals) == said
