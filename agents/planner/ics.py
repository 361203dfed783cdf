"""The approved plan as an iCalendar file (RFC 5545), for the person's own calendar.

Each action is one weekly event that repeats for the action's duration, on the days and at the times the person said
they are free. The stages follow one another from the day after approval; the actions of a stage run side by side,
so on a shared evening they are placed one after the other, never on top of each other. An action's weekly hours are
split over its sessions of the week: about an hour each, on as many of the free days as that takes.

Times are floating (no time zone): "19:00" is seven in the evening wherever the person is, which is what they said.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event, vRecur

from agents.planner.render import STAGE_TITLES, effort, source_text
from domain.plan import Plan, PlanAction, PlanStage
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from reading.clock import clock_time
from reading.time import WEEKEND_DAYS, days_in

PRODID = "-//career-coach//plan calendar//EN"
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:career-coach:plan-calendar")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WORKING_WEEK = (0, 1, 2, 3, 4)
WEEKEND = tuple(DAYS.index(d) for d in WEEKEND_DAYS)

STARTS: dict[str, time] = {
    "early mornings": time(6, 30), "mornings": time(9, 0), "daytime": time(10, 0), "lunch breaks": time(12, 15),
    "afternoons": time(14, 0), "evenings": time(19, 0), "on the commute": time(8, 0),
}
"""When a session starts, by the time of day the person said (the vocabulary's labels)."""
LAST_START = time(21, 0)
"""The latest a session starts: a time ruled out that ends later pushes the session to another time."""
DAY_ALONE = {"weekday": time(19, 0), "weekend": time(10, 0)}
"""A day said without a time: an evening on a working day, a morning at the weekend."""
Phrases = Mapping[str, Sequence[str]]
"""The vocabulary's times of day: label -> ways people say it ("after work" is an evening)."""

SESSION_HOURS = 1.0
"""A session's length to aim for: a weekly figure is split into about this many hours per sitting."""
ROUND_MINUTES = 5
DAY_MINUTES = 24 * 60


@dataclass(frozen=True, order=True)
class Slot:
    """A free time in the week: a weekday (0 is Monday) and the time a session starts."""

    day: int
    start: time


DEFAULT = ((Slot(1, STARTS["evenings"]), Slot(3, STARTS["evenings"])), (Slot(5, DAY_ALONE["weekend"]),),
           (Slot(1, STARTS["early mornings"]), Slot(3, STARTS["early mornings"])),
           (Slot(1, STARTS["lunch breaks"]), Slot(3, STARTS["lunch breaks"])))
"""Where sessions go when the person said no time, the first not ruled out: tuesday and thursday evenings, else a
saturday morning, else early mornings, else lunch breaks."""


@dataclass(frozen=True)
class Availability:
    """When sessions go, and what the person should know about how that was chosen."""

    slots: tuple[Slot, ...]
    note: str | None = None


@dataclass
class _Group:
    """Free days sharing a start time; a cursor per day says where the next session can begin."""

    start: time
    days: list[int]
    cursor: dict[int, int] = field(default_factory=dict)  # minutes after `start` already taken, per day
    hours: float = 0.0


def _label(item: str, phrases: Phrases) -> str | None:
    """The time of day a said time names: a label as said ("tuesday evenings"), else one of its ways of saying
    ("after work")."""
    text, labels = item.casefold(), sorted(STARTS, key=len, reverse=True)
    return next((label for label in labels if label in text), None) or next(
        (label for label in labels if any(re.search(rf"\b{re.escape(p)}\b", text) for p in phrases.get(label, ()))),
        None)


def _days(item: str) -> list[int]:
    """The weekdays a said time names (0 is Monday): "tuesday and thursday", "weekday", "weekends"."""
    days = {d for s in days_in(item) for d in (WORKING_WEEK if s == "weekday" else (DAYS.index(s),))}
    if re.search(r"\bweekends?\b", item, re.IGNORECASE) and not days & set(WEEKEND):
        days |= set(WEEKEND)
    return sorted(days)


def _slots(item: str, phrases: Phrases) -> list[Slot]:
    """The slots one said time names: "tuesday and thursday evenings", "weekends", "saturday mornings", "sundays",
    "evenings" (the working week)."""
    days = _days(item)
    label, clock = _label(item, phrases), clock_time(item)
    if clock is not None and label is None:
        start = clock.start if clock.start.hour >= 6 else time(6, 30)  # "before 9am": early, not at midnight
        return [Slot(d, start) for d in days or WORKING_WEEK]
    if label is None and not days:
        return []
    if label is None:
        return [Slot(d, DAY_ALONE["weekend" if d in WEEKEND else "weekday"]) for d in days]
    return [Slot(d, STARTS[label]) for d in days or WORKING_WEEK]


def _ruled_out(slot: Slot, times_not: list[str], phrases: Phrases) -> bool:
    """A slot a ruled-out time covers: "evenings" rules out every evening, "fridays" every friday, "weekends" both
    days whatever the time."""
    for said in times_not:
        covered, label, clock = _days(said), _label(said, phrases), clock_time(said)
        if clock is not None:
            if clock.holds(slot.start) and (not covered or slot.day in covered):
                return True
        elif (covered or label) and (not covered or slot.day in covered) and (
                label is None or STARTS[label] == slot.start):
            return True
    return False


def _after(slot: Slot, times_not: list[str]) -> Slot:
    """`slot` moved to the end of a clock time ruled out that holds it, while still in the evening ("not 3pm to
    8pm": the evening's session starts at eight)."""
    for said in times_not:
        clock = clock_time(said)
        if clock is not None and clock.holds(slot.start) and clock.end <= LAST_START and slot.day in (
                _days(said) or range(7)):
            return Slot(slot.day, clock.end)
    return slot


def availability(profile: Profile, phrases: Phrases) -> Availability:
    """The slots the person's stated times give, less any time they ruled out; a default, with a note saying so,
    when they said none that a clock can place ("between shifts", "irregular")."""
    items = [i.strip() for i in (profile.hours_pattern or "").split(",") if i.strip()]
    placed = [_after(s, profile.times_not) for item in items for s in _slots(item, phrases)]
    slots = sorted({s for s in placed if not _ruled_out(s, profile.times_not, phrases)})
    if slots:
        return Availability(tuple(slots))
    defaults = [[_after(s, profile.times_not) for s in d] for d in DEFAULT]
    fallback = next((d for d in defaults if not any(_ruled_out(s, profile.times_not, phrases) for s in d)),
                    list(DEFAULT[0]))
    when = _say(fallback)
    unplaced = [i for i in items if not _slots(i, phrases)]
    said = (f"You said your time is {' and '.join(unplaced)}, which no clock time fixes" if unplaced
            else "You did not say when you are free")
    return Availability(tuple(fallback), note=f"{said}: these sessions are set on {when} for now. Move them to "
                                              "times that suit you.")


def _say(slots: list[Slot]) -> str:
    days = " and ".join(dict.fromkeys(DAYS[s.day] + "s" for s in slots))
    return f"{days} at {slots[0].start:%H:%M}"


def _groups(slots: tuple[Slot, ...]) -> list[_Group]:
    """Slots gathered by start time, the group with most days first."""
    by_start: dict[time, list[int]] = {}
    for slot in slots:
        by_start.setdefault(slot.start, []).append(slot.day)
    groups = [_Group(start, sorted(set(days))) for start, days in by_start.items()]
    return sorted(groups, key=lambda g: (-len(g.days), g.start))


@dataclass(frozen=True)
class Sessions:
    """When an action's weekly sessions fall: on `days` at `start`, `minutes` long each; `later` is 1 when they
    start after midnight, on the day after each of `days`."""

    days: tuple[int, ...]
    start: time
    minutes: int
    later: int = 0

    @property
    def weekdays(self) -> list[int]:
        """The days the sessions start on."""
        return sorted((d + self.later) % 7 for d in self.days)


def _offer(action: PlanAction, group: _Group) -> tuple[list[int], int, int]:
    """Where the action would go in `group`: (its days, minutes after the group's start, minutes a session)."""
    count = min(len(group.days), max(1, round(action.hours_per_week / SESSION_HOURS)))
    minutes = max(ROUND_MINUTES, round(action.hours_per_week * 60 / count / ROUND_MINUTES) * ROUND_MINUTES)
    days = sorted(sorted(group.days, key=lambda d: (group.cursor.get(d, 0), d))[:count])
    return days, max(group.cursor.get(d, 0) for d in days), minutes


def _place(action: PlanAction, groups: list[_Group]) -> Sessions:
    """The action's sessions: about an hour each, in the least busy group where they end by midnight, on its least
    busy days, each starting when what is already placed that day has ended. Past midnight (more hours than one
    evening holds), a session falls early on the next day, after what is there."""
    offers = [(group, _offer(action, group)) for group in groups]
    fitting = [(g, o) for g, o in offers if _minute(g.start) + o[1] + o[2] <= DAY_MINUTES]
    group, (days, offset, minutes) = min(fitting or offers, key=lambda go: go[0].hours / len(go[0].days))
    for day in days:
        group.cursor[day] = offset + minutes
    group.hours += action.hours_per_week
    later, at = divmod(_minute(group.start) + offset, DAY_MINUTES)
    return Sessions(tuple(days), time(at // 60, at % 60), minutes, later)


def _minute(at: time) -> int:
    return at.hour * 60 + at.minute


def _first(on_or_after: date, days: tuple[int, ...]) -> date:
    return next(d for d in (on_or_after + timedelta(n) for n in range(7)) if d.weekday() in days)


def _description(stage: PlanStage, number: int, of: int, action: PlanAction, sessions: Sessions,
                 kb: KnowledgeBase, note: str | None) -> str:
    title = STAGE_TITLES.get(stage.stage, stage.stage.title())
    count = len(sessions.days)
    lines = [f"Stage {number} of {of}, {title}: {stage.goal}", "", f"Why: {action.why}", "", "Steps:",
             *(f"{i}. {step}" for i, step in enumerate(action.steps, 1)), "",
             f"Success: {action.success_metric}", "",
             f"Effort: {effort(action)}, in {count} "
             f"session{'s' if count != 1 else ''} of {sessions.minutes} min a week.",
             "", "Sources:", *(f"- {source_text(kb, cid)}" for cid in action.citations)]
    if note:
        lines += ["", note]
    return "\n".join(lines)


def plan_calendar(plan: Plan, profile: Profile, kb: KnowledgeBase, *, approved_at: datetime, key: str) -> bytes:
    """The plan as an iCalendar file. `approved_at` (timezone-aware) stamps every event and sets the start: the
    first stage begins the day after. `key` (the session's id) makes the events' UIDs, stable across downloads, so
    that importing the file again updates the events instead of doubling them."""
    stamp = approved_at.astimezone(UTC)
    free = availability(profile, kb.catalog.vocabulary.times_of_day)
    calendar = Calendar.new(prodid=PRODID, name="Career plan", description=plan.summary,
                            uid=uuid.uuid5(UID_NAMESPACE, key))
    calendar.add("calscale", "GREGORIAN")
    begins = approved_at.date() + timedelta(days=1)
    for number, stage in enumerate(plan.stages, 1):
        groups = _groups(free.slots)
        for index, action in enumerate(stage.actions):
            sessions = _place(action, groups)
            start = datetime.combine(_first(begins, sessions.days) + timedelta(sessions.later), sessions.start)
            event = Event.new(
                uid=f"{uuid.uuid5(UID_NAMESPACE, f'{key}/{stage.stage}/{index}')}@career-coach",
                stamp=stamp, start=start, end=start + timedelta(minutes=sessions.minutes), summary=action.title,
                description=_description(stage, number, len(plan.stages), action, sessions, kb, free.note),
                categories=[STAGE_TITLES.get(stage.stage, stage.stage.title())],
            )
            event.add("rrule", vRecur(freq="WEEKLY", count=action.duration_weeks * len(sessions.days),
                                      byday=[ICAL_DAYS[d] for d in sessions.weekdays]))
            calendar.add_component(event)
        # a stage lasts its horizon, or as long as its longest action if an edit left that longer: never overlapping
        begins += timedelta(weeks=max(stage.horizon_weeks, *(a.duration_weeks for a in stage.actions)))
    ical: bytes = calendar.to_ical()
    return ical
