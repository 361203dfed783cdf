"""A session's plan as readers see it: the current draft or approved plan, the approved plan with the profile it
was made for, and the stored versions - reads only, from the graph's state and the plan log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.plan import Plan
from domain.profile import Profile
from sessions import crud
from sessions.access import plan_status
from sessions.db import Database
from sessions.errors import Conflict, NotFound
from sessions.public import PlanPublic, PlanVersionPublic
from sessions.tables import CoachingSession, aware
from sessions.views import GraphState


@dataclass(frozen=True)
class ApprovedPlan:
    """An approved plan, the profile it was made for, and when it was approved."""

    plan: Plan
    profile: Profile
    approved_at: datetime


async def plan_of(row: CoachingSession, state: GraphState, database: Database) -> PlanPublic:
    """The session's current plan with its status (a draft until approved); `NotFound` before there is one."""
    plan = state.values.get("plan")
    if plan is None:
        raise NotFound("this session has no plan yet")
    async with database.sessions() as db:
        latest = await crud.latest_plan_version(db=db, session_id=row.id)
    return PlanPublic(session_id=row.id, status=plan_status(row.status, latest=latest),
                      version=latest.number if latest else None, plan=plan, follows=state.values.get("follows"))


async def approved_plan_of(row: CoachingSession, state: GraphState, database: Database) -> ApprovedPlan:
    """The session's plan once approved, with the profile it was made for and when it was approved (its approved
    version's time); `NotFound` before there is a plan, `Conflict` while it is still a draft."""
    plan = state.values.get("plan")
    if plan is None:
        raise NotFound("this session has no plan yet")
    if row.status != "completed":
        raise Conflict("the plan is not approved yet: it can be put in a calendar once it is approved at the "
                       "plan review", status=row.status, pending=state.pending)
    async with database.sessions() as db:
        latest = await crud.latest_plan_version(db=db, session_id=row.id)
    approved_at = aware(latest.created_at if latest is not None else row.updated_at)
    return ApprovedPlan(plan=plan, profile=state.values["profile"], approved_at=approved_at)


async def plan_versions_of(row: CoachingSession, database: Database, *, limit: int) -> list[PlanVersionPublic]:
    """The session's stored plan versions (latest `limit`), oldest first."""
    async with database.sessions() as db:
        versions = await crud.list_plan_versions(db=db, session_id=row.id, limit=limit)
    return [PlanVersionPublic(number=v.number, status=v.status, interrupt_id=v.interrupt_id,
                              created_at=aware(v.created_at), plan=v.plan) for v in versions]
