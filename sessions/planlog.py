"""Plan versions: the plan as it stood at each plan review pause and at completion, stored when it changed."""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.interrupts import DecisionAction
from sessions import crud
from sessions.access import plan_status
from sessions.tables import CoachingSession
from sessions.views import GraphState


async def record_plan(db: AsyncSession, row: CoachingSession, state: GraphState,
                      applied: DecisionAction | None) -> None:
    """A new version when the run stopped at a plan review or completed and the plan or its status changed;
    `applied` is the decision the run carried out (an edit makes an `edited` plan)."""
    plan = state.values.get("plan")
    at_review = state.pending is not None and state.pending.kind == "plan_review"
    if plan is None or not (at_review or row.status == "completed"):
        return
    latest = await crud.latest_plan_version(db=db, session_id=row.id)
    status = plan_status(row.status, edited=applied == "edit")
    plan_json = plan.model_dump(mode="json")
    if latest is not None and latest.plan == plan_json and latest.status == status:
        return
    await crud.add_plan_version(db=db, session_id=row.id, status=status, plan=plan_json,
                                interrupt_id=state.pending.id if state.pending else None, after=latest)
