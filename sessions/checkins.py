"""Starting a check-in: the session it follows must have an approved plan, which the memory then holds.

A plan approved before the memory kept plans is written to it here, from that session's own state, so every
completed session can be checked in on.
"""

from __future__ import annotations

from typing import Any

from langgraph.store.base import BaseStore

from graphs.memory import PlanMemory, aplan, aremember_plan
from sessions.errors import Conflict
from sessions.tables import CoachingSession
from sessions.views import GraphState

NO_PLAN = ("session {id} has no approved plan yet: a check-in follows a session whose plan a coach approved; "
           "finish that session first")
NO_STORE = "this server keeps no memory of people, so it cannot run check-ins"


async def checkin_input(*, store: BaseStore | None, prior: CoachingSession, state: GraphState) -> dict[str, Any]:
    """The graph input that starts a check-in on `prior`'s approved plan; a conflict saying why not otherwise."""
    plan, profile = state.values.get("plan"), state.values.get("profile")
    if prior.status != "completed" or plan is None or profile is None:
        raise Conflict(NO_PLAN.format(id=prior.id), status=prior.status, pending=state.pending)
    if store is None:
        raise Conflict(NO_STORE, status=prior.status, pending=None)
    if await aplan(store, prior.owner_id, prior.id) is None:
        await aremember_plan(store, prior.owner_id, PlanMemory(
            session_id=prior.id, plan=plan, profile=profile, assessment=state.values.get("assessment")))
    return {"person": prior.owner_id, "follows": prior.id}
