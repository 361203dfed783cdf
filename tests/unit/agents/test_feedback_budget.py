"""The weekly budget a coach's feedback asks for: hours said of a journey, a distance or one event are none."""

from __future__ import annotations

import pytest

from agents.planner.budget import weekly_budget


@pytest.mark.parametrize("text", [
    "2) Name the jobs she wants, within 1 hour of Leith by bus, with a 24k floor.",
    "only roles no more than an hour away by train",
    "he can travel up to 1 hour each way",
    "add an hour-long mock interview with a friend",
    "book a 2 hour webinar on payroll law",
])
def test_hours_of_a_journey_or_one_event_are_no_budget(text: str) -> None:
    assert weekly_budget(text) is None


@pytest.mark.parametrize(("text", "hours"), [
    ("keep it to 3 hours a week", 3),
    ("cut it to one hour a week please", 1),
    ("two hours a week, not more, within the evenings", 2),
])
def test_a_budget_said_is_read(text: str, hours: float) -> None:
    assert weekly_budget(text) == hours


@pytest.mark.parametrize("text", [
    'Add an action: "Ask the owner in writing for training before go-live" - 0.5 h, in week 1, then send it.',
    "make the CV action 1 hour, not 3",
    "add a step of 2 hours on Sunday to visit the college open day",
])
def test_the_hours_of_one_action_are_no_budget(text: str) -> None:
    assert weekly_budget(text) is None


@pytest.mark.parametrize(("text", "hours"), [
    ("The CV rewrite must come first and takes 2 hours a week, not 6.", None),
    ("He has 10 hours a week for this. Only the portfolio step should take 1 hour a week.", 10),
    ("Drop the course. Add an action in its place: ask the deputy head to observe a lesson. 1 hour a week.", None),
    ("Add a step: phone the union rep. Keep the whole plan to 3 hours a week.", 3),
    ("the plan should take 2 hours a week, no more", 2),
    ("Give 'Ask the site engineer for a shadow shift' 2 hours a week instead of 1.", None),
    ("She has 6 hours. Set \"Practise the theory test\" at 1 hour a week.", 6),
])
def test_what_one_thing_takes_is_its_size_and_the_plan_keeps_its_budget(text: str, hours: float | None) -> None:
    assert weekly_budget(text) == hours



@pytest.mark.parametrize("text", [
    "3 hours a week on that is wasted, she has no time for it",
    "The plan sets fixed weekly blocks (2 h/week for 6 weeks) as if she has a regular timetable",
])
def test_the_drafts_own_figure_or_time_called_wasted_is_no_budget(text: str) -> None:
    assert weekly_budget(text) is None


@pytest.mark.parametrize(("text", "hours"), [
    ("keep it short (2 hrs a week max)", 2),
    ("Make it 2 hours a week (she has kids)", 2),
    ("Too much for 4 hrs a wk on nights. Cut the LEAD stage.", 4),
])
def test_a_budget_beside_an_aside_is_still_read(text: str, hours: float) -> None:
    assert weekly_budget(text) == hours


@pytest.mark.parametrize("text", [
    "Drop the newsletter action - she has no readers, and 2 h/week is most of her time.",
    "Cut the course: 3 hours a week would be all he has for it.",
])
def test_hours_said_as_what_an_action_takes_up_are_no_budget(text: str) -> None:
    assert weekly_budget(text) is None


@pytest.mark.parametrize(("text", "hours"), [
    ("Nobody asked for at most 1 hour a week: she has 4, on Sundays.", 4),
    ("I never said 2 hours, he can do 5 in the quiet weeks", 5),
])
def test_a_figure_denied_gives_way_to_the_one_they_have(text: str, hours: float) -> None:
    assert weekly_budget(text) == hours
