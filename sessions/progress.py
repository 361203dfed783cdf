"""A person's progress on their plan, from what the memory keeps: each action's status at every check-in, hours
planned against hours reported, how far each stage has gone, the goal-attainment rating of each stage goal at each
check-in, and when the next check-in is due (the shortest open action of the current stage, from the plan's
approval; the clock is the caller's, so tests set it).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from langgraph.store.base import BaseStore
from pydantic import BaseModel, Field

from domain.checkin import RATING_LABELS, ActionStatus, CheckinRecord, current_stage
from domain.plan import STAGE_ORDER
from graphs.memory import PlanMemory, acheckins, aplans
from knowledge.models import StageId

QUIET_AFTER = timedelta(weeks=4)
"""A person with a plan and no check-in for this long is one a coach should hear from."""


class StatusPoint(BaseModel):
    at: datetime = Field(description="When the check-in was.")
    status: ActionStatus = Field(description="done, partly, not_started or blocked.")
    hours_planned: float = Field(description="Hours a week the plan gave the action then.")
    hours_reported: float | None = Field(default=None, description="Hours a week the person said they spent.")
    blocker: str | None = Field(default=None, description="What blocked it, in the person's words.")


class ActionProgress(BaseModel):
    stage: StageId = Field(description="The stage the action belongs to.")
    title: str = Field(description="The action.")
    state: str = Field(description="open (in the plan now), done, or out (blocked and replaced, or taken out).")
    hours_per_week: float = Field(description="Hours a week the latest plan gives it (its last, when out).")
    history: list[StatusPoint] = Field(default_factory=list, description="Its status at each check-in, oldest first.")


class RatingPoint(BaseModel):
    at: datetime = Field(description="When the check-in was.")
    rating: int = Field(ge=-2, le=2, description="Goal Attainment Scaling: -2 much less than hoped .. +2 much more.")
    label: str = Field(description="The rating in the person's words.")


class StageProgress(BaseModel):
    stage: StageId = Field(description="survive, adapt or lead.")
    goal: str = Field(description="What the stage is for.")
    state: str = Field(description="done, current (the next check-in asks about it) or later.")
    actions_done: int = Field(ge=0, description="Actions recorded done.")
    actions_open: int = Field(ge=0, description="Actions still in the plan.")
    ratings: list[RatingPoint] = Field(default_factory=list, description="The stage goal's rating at each check-in.")


class HoursPoint(BaseModel):
    at: datetime = Field(description="The check-in (or the plan's approval, for the first point).")
    planned: float = Field(ge=0, description="Hours a week the plan asked of the actions asked about.")
    reported: float = Field(ge=0, description="Hours a week the person reported on them.")


class Progress(BaseModel):
    """One person's progress on their latest approved plan."""

    person_id: str = Field(description="Whose progress this is.")
    session_id: str | None = Field(default=None, description="The session that approved the latest plan.")
    version: int = Field(default=0, ge=0, description="The latest plan's version (1 for a full session's plan).")
    approved_at: datetime | None = Field(default=None, description="When the latest plan was approved.")
    checkins: int = Field(default=0, ge=0, description="Check-ins so far.")
    last_checkin_at: datetime | None = Field(default=None, description="When the last check-in was.")
    next_due: datetime | None = Field(default=None, description="When the next check-in is due.")
    overdue: bool = Field(default=False, description="The next check-in's date has passed.")
    quiet: bool = Field(default=False, description="A plan, and no check-in for four weeks.")
    stages: list[StageProgress] = Field(default_factory=list, description="Each stage, in order.")
    actions: list[ActionProgress] = Field(default_factory=list, description="Every action any version held.")
    hours: list[HoursPoint] = Field(default_factory=list, description="Planned against reported hours a week, "
                                                                         "one point per check-in.")


def _history(records: list[CheckinRecord]) -> dict[str, list[StatusPoint]]:
    points: dict[str, list[StatusPoint]] = {}
    for record in records:
        for answer in record.actions:
            points.setdefault(answer.action.title, []).append(StatusPoint(
                at=record.at, status=answer.report.status, hours_planned=answer.action.hours_per_week,
                hours_reported=answer.report.hours_per_week, blocker=answer.report.blocker))
    return points


def _reported(record: CheckinRecord) -> float:
    """Hours a week reported on the actions asked about; a done action reported without hours took its plan's."""
    total = 0.0
    for answer in record.actions:
        hours = answer.report.hours_per_week
        total += hours if hours is not None else answer.action.hours_per_week if answer.report.status == "done" else 0
    return total


def progress_of(person: str, plans: list[PlanMemory], records: list[CheckinRecord], *, now: datetime) -> Progress:
    """Progress from the memory's plans (oldest first) and check-ins (oldest first)."""
    if not plans:
        return Progress(person_id=person)
    latest = plans[-1]
    done = {d.title for d in latest.done}
    in_plan = {a.title: (s.stage, a.hours_per_week) for s in latest.plan.stages for a in s.actions}
    history = _history(records)
    actions: dict[str, ActionProgress] = {}
    for memory in plans:
        for stage in memory.plan.stages:
            for action in stage.actions:
                state = "done" if action.title in done else "open" if action.title in in_plan else "out"
                actions[action.title] = ActionProgress(
                    stage=stage.stage, title=action.title, state=state, history=history.get(action.title, []),
                    hours_per_week=in_plan.get(action.title, (stage.stage, action.hours_per_week))[1])
    current = current_stage(latest.plan, latest.done)
    stages = []
    first_plan = plans[0].plan
    for key in STAGE_ORDER:
        planned = first_plan.stage(key)
        if planned is None:
            continue
        state = "done" if key in latest.done_stages else "current" if current and current.stage == key else "later"
        ratings = [RatingPoint(at=r.at, rating=r.changes.rating, label=RATING_LABELS[r.changes.rating])
                   for r in records if r.stage == key and r.changes.rating is not None]
        stages.append(StageProgress(
            stage=key, goal=planned.goal, state=state, ratings=ratings,
            actions_done=sum(a.stage == key and a.state == "done" for a in actions.values()),
            actions_open=sum(a.stage == key and a.state == "open" for a in actions.values())))
    points = [HoursPoint(at=r.at, planned=sum(a.action.hours_per_week for a in r.actions), reported=_reported(r))
              for r in records]
    open_weeks = [a.duration_weeks for a in current.actions if a.title not in done] if current else []
    next_due = latest.approved_at + timedelta(weeks=min(open_weeks)) if open_weeks else None
    last = records[-1].at if records else None
    return Progress(
        person_id=person, session_id=latest.session_id, version=latest.version, approved_at=latest.approved_at,
        checkins=len(records), last_checkin_at=last, next_due=next_due,
        overdue=next_due is not None and next_due <= now,
        quiet=next_due is not None and now - (last or latest.approved_at) >= QUIET_AFTER,
        stages=stages, actions=list(actions.values()), hours=points)


class DueItem(BaseModel):
    """A person a coach should hear from: a check-in due, or none for four weeks."""

    person_id: str = Field(description="Whose plan it is.")
    name: str = Field(description="Their display name.")
    session_id: str | None = Field(description="The session that approved their latest plan.")
    next_due: datetime | None = Field(description="When their next check-in is due.")
    overdue: bool = Field(description="That date has passed.")
    quiet: bool = Field(description="No check-in for four weeks.")
    last_checkin_at: datetime | None = Field(description="When their last check-in was.")


async def read_progress(store: BaseStore | None, person: str, *, now: datetime) -> Progress:
    if store is None:
        return Progress(person_id=person)
    return progress_of(person, await aplans(store, person), await acheckins(store, person), now=now)


async def due_list(store: BaseStore | None, people: list[tuple[str, str]], *, now: datetime) -> list[DueItem]:
    """Of `people` (id, name), those with a check-in due or none for four weeks, the longest overdue first."""
    items = []
    for person, name in people:
        seen = await read_progress(store, person, now=now)
        if seen.overdue or seen.quiet:
            items.append(DueItem(person_id=person, name=name, session_id=seen.session_id, next_due=seen.next_due,
                                 overdue=seen.overdue, quiet=seen.quiet, last_checkin_at=seen.last_checkin_at))
    return sorted(items, key=lambda i: i.next_due or now)
