"""The approved plan as an iCalendar file: each action a weekly event on the times the person said they are free, for
its duration, its weekly hours kept; parsed back with `icalendar`, and the rules expanded by `dateutil` on their own."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event

from agents.planner.ics import availability, plan_calendar
from domain.plan import Plan, PlanAction, PlanStage
from domain.profile import Profile
from knowledge.base import KnowledgeBase

APPROVED = datetime(2026, 12, 6, 17, 30, tzinfo=UTC)  # a Sunday: the plan starts on Monday the 7th
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _action(title: str, hours: float, weeks: int, cite: str) -> PlanAction:
    return PlanAction(title=title, why="Because it fits this person's week.", steps=["Do the first step."],
                      hours_per_week=hours, duration_weeks=weeks, success_metric="Done, and shown to someone.",
                      citations=[cite])


@pytest.fixture
def plan(kb: KnowledgeBase) -> Plan:
    cite = kb.catalog.actions[0].id
    return Plan(summary="Three stages, one after another.", stages=[
        PlanStage(stage="survive", goal="Learn where AI helps, safely.", horizon_weeks=3, actions=[
            _action("Map one week of your work; see what AI could draft", 1.5, 2, cite),
            _action("Try AI on one routine task", 2.0, 3, cite)]),
        PlanStage(stage="adapt", goal="Make your judgement the edge.", horizon_weeks=6, actions=[
            _action("Check AI tools before your team trusts them", 3.0, 6, cite)]),
        PlanStage(stage="lead", goal="Guide others.", horizon_weeks=8, actions=[
            _action("Mentor a newer colleague", 1.0, 8, cite)]),
    ])


def _events(ics: bytes) -> list[Event]:
    return list(Calendar.from_ical(ics).walk("VEVENT"))


def _occurrences(event: Event) -> list[datetime]:
    """The event's dates as dateutil reads its rule text, apart from icalendar's own recurrence code."""
    rule = event["RRULE"].to_ical().decode()
    return list(rrulestr(f"RRULE:{rule}", dtstart=event.start))


def _days(event: Event) -> list[str]:
    return [str(d) for d in event["RRULE"]["BYDAY"]]


@pytest.mark.parametrize(("said", "ruled_out", "days", "start"), [
    ("evenings", [], ["MO", "TU", "WE", "TH", "FR"], "19:00"),
    ("weekends", [], ["SA", "SU"], "10:00"),
    ("tuesday and thursday evenings", [], ["TU", "TH"], "19:00"),
    ("saturday mornings", [], ["SA"], "09:00"),
    ("weekday early mornings", ["fridays"], ["MO", "TU", "WE", "TH"], "06:30"),
    ("after work, sunday arvo", [], ["MO", "TU", "WE", "TH", "FR", "SU"], "14:00"),
])
def test_the_sessions_fall_on_the_times_said(kb: KnowledgeBase, plan: Plan, said: str, ruled_out: list[str],
                                             days: list[str], start: str) -> None:
    profile = Profile(hours_per_week=4, hours_pattern=said, times_not=ruled_out)
    events = _events(plan_calendar(plan, profile, kb, approved_at=APPROVED, key="s1"))
    assert len(events) == sum(len(s.actions) for s in plan.stages)
    for event in events:
        assert set(_days(event)) <= set(days)
        assert event.start.weekday() in [DAYS.index(d) for d in _days(event)]
        assert "did not say" not in event["DESCRIPTION"]
    firsts = [e for e in events if e.start.strftime("%H:%M") == start]
    assert firsts, [e.start for e in events]


@pytest.mark.parametrize(("said", "ruled_out", "days", "note"), [
    (None, [], ["TU", "TH"], "You did not say when you are free: these sessions are set on tuesdays and thursdays "
                             "at 19:00 for now."),
    (None, ["evenings"], ["SA"], "set on saturdays at 10:00"),
    (None, ["evenings", "weekends"], ["TU", "TH"], "set on tuesdays and thursdays at 06:30"),
    ("between shifts", [], ["TU", "TH"], "You said your time is between shifts, which no clock time fixes"),
])
def test_nothing_placeable_said_gives_a_default_that_says_so(kb: KnowledgeBase, plan: Plan, said: str | None,
                                                             ruled_out: list[str], days: list[str],
                                                             note: str) -> None:
    profile = Profile(hours_pattern=said, times_not=ruled_out)
    assert availability(profile, kb.catalog.vocabulary.times_of_day).note is not None
    for event in _events(plan_calendar(plan, profile, kb, approved_at=APPROVED, key="s1")):
        assert set(_days(event)) <= set(days)
        assert note in event["DESCRIPTION"].replace("\n", " ")


@pytest.mark.parametrize("said", ["evenings", "weekends", "tuesday and thursday evenings", None])
def test_each_action_keeps_its_hours_and_duration(kb: KnowledgeBase, plan: Plan, said: str | None) -> None:
    events = _events(plan_calendar(plan, Profile(hours_pattern=said), kb, approved_at=APPROVED, key="s1"))
    actions = [a for s in plan.stages for a in s.actions]
    for action, event in zip(actions, events, strict=True):
        assert event["SUMMARY"] == action.title
        rule = event["RRULE"]
        assert rule["FREQ"] == ["WEEKLY"] and rule["COUNT"] == [action.duration_weeks * len(_days(event))]
        minutes = event.duration.total_seconds() / 60 * len(_days(event))
        assert abs(minutes - action.hours_per_week * 60) <= 2.5 * len(_days(event))  # sessions of whole 5 minutes
        dates = _occurrences(event)
        assert len(dates) == rule["COUNT"][0]
        assert dates[-1] - dates[0] < timedelta(weeks=action.duration_weeks)
        assert {d.weekday() for d in dates} == {DAYS.index(d) for d in _days(event)}


@pytest.mark.parametrize("said", ["evenings", "weekends", "tuesday and thursday evenings", None])
def test_stages_follow_one_another_and_actions_never_overlap(kb: KnowledgeBase, plan: Plan, said: str | None
                                                             ) -> None:
    events = iter(_events(plan_calendar(plan, Profile(hours_pattern=said), kb, approved_at=APPROVED, key="s1")))
    begins = date(2026, 12, 7)
    for stage in plan.stages:
        sessions = []
        for _ in stage.actions:
            event = next(events)
            assert begins <= event.start.date() < begins + timedelta(days=7)
            sessions += [(d, d + event.duration) for d in _occurrences(event)]
        sessions.sort()
        assert all(end <= following for (_, end), (following, _) in pairwise(sessions))
        begins += timedelta(weeks=stage.horizon_weeks)


def test_the_file_is_well_formed(kb: KnowledgeBase, plan: Plan) -> None:
    odd = plan.model_copy(update={"stages": [plan.stages[0].model_copy(update={"actions": [
        _action("Tools, tests; and a \\ backslash, in one title", 1.0, 2, kb.catalog.actions[0].id)]})]})
    ics = plan_calendar(odd, Profile(hours_pattern="evenings"), kb, approved_at=APPROVED, key="s1")
    lines = ics.split(b"\r\n")
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-2] == b"END:VCALENDAR" and lines[-1] == b""
    assert all(len(line) <= 75 for line in lines)  # folded at 75 octets
    assert b"SUMMARY:Tools\\, tests\\; and a \\\\ backslash\\, in one title" in ics.replace(b"\r\n ", b"")
    calendar = Calendar.from_ical(ics)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"].startswith("-//career-coach//")
    event = _events(ics)[0]
    assert event["SUMMARY"] == "Tools, tests; and a \\ backslash, in one title"
    assert event["DTSTAMP"].dt == APPROVED and event.start.tzinfo is None  # floating: the person's own clock
    source = kb.catalog.actions[0]
    assert "Stage 1 of 1, Survive: Learn where AI helps, safely." in event["DESCRIPTION"]
    assert "Why: Because it fits this person's week." in event["DESCRIPTION"]
    assert f"{source.title} ({source.id};" in event["DESCRIPTION"]


def test_uids_are_stable_per_session_and_action(kb: KnowledgeBase, plan: Plan) -> None:
    profile = Profile(hours_pattern="evenings")
    first = plan_calendar(plan, profile, kb, approved_at=APPROVED, key="s1")
    assert plan_calendar(plan, profile, kb, approved_at=APPROVED, key="s1") == first
    uids = [str(e["UID"]) for e in _events(first)]
    assert len(set(uids)) == len(uids)
    other = [str(e["UID"]) for e in _events(plan_calendar(plan, profile, kb, approved_at=APPROVED, key="s2"))]
    assert not set(uids) & set(other)


def test_a_stage_shorter_than_its_action_still_ends_before_the_next_begins(kb: KnowledgeBase, plan: Plan) -> None:
    short = plan.model_copy(update={"stages": [plan.stages[0].model_copy(update={"horizon_weeks": 1}),
                                               *plan.stages[1:]]})
    events = _events(plan_calendar(short, Profile(hours_pattern="evenings"), kb, approved_at=APPROVED, key="s1"))
    last_of_first = max(d for e in events[:2] for d in _occurrences(e))
    assert events[2].start > last_of_first and events[2].start.date() >= date(2026, 12, 7) + timedelta(weeks=3)


def test_more_hours_than_one_evening_holds_run_on_past_midnight_without_overlap(kb: KnowledgeBase) -> None:
    cite = kb.catalog.actions[0].id
    heavy = Plan(summary="A heavy stage.", stages=[PlanStage(stage="survive", goal="All at once.", horizon_weeks=2,
                                                             actions=[_action(f"Action {n}", 2.0, 2, cite)
                                                                      for n in range(4)])])
    events = _events(plan_calendar(heavy, Profile(hours_pattern="sunday evenings"), kb, approved_at=APPROVED,
                                   key="s1"))
    sessions = sorted((d, d + e.duration) for e in events for d in _occurrences(e))
    assert all(end <= following for (_, end), (following, _) in pairwise(sessions))
    assert [(e.start.strftime("%a %d %H:%M"), _days(e)) for e in events] == [  # the first sunday is the 13th
        ("Sun 13 19:00", ["SU"]), ("Sun 13 21:00", ["SU"]), ("Sun 13 23:00", ["SU"]), ("Mon 14 01:00", ["MO"])]
