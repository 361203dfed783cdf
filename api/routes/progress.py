"""`/v1/progress`: a person's progress on their plan, from their check-ins; and, for coaches, whose check-in is due."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from sqlmodel import col, select

from api.deps import CurrentUser, DbSession, RuntimeDep
from api.errors import ErrorBody, Responses
from sessions.access import is_staff
from sessions.errors import Forbidden, NotFound
from sessions.progress import DueItem, Progress, due_list, read_progress
from sessions.tables import User

router = APIRouter(tags=["progress"])
STAFF_ONLY: Responses = {403: {"model": ErrorBody, "description": "The caller is not a coach or an admin (code "
                                                                "forbidden)."}}
NO_PERSON: Responses = {404: {"model": ErrorBody, "description": "No such user (code not_found)."}}
PersonId = Annotated[str, Path(pattern=r"^[0-9a-f]{1,32}$", description="The person's user id.")]


@router.get("/progress", response_model=Progress)
async def my_progress(runtime: RuntimeDep, user: CurrentUser) -> Progress:
    """The caller's progress on their latest approved plan: each action's status at every check-in, hours planned
    against reported, each stage's progress and goal rating, and when the next check-in is due."""
    return await read_progress(runtime.service.store, user.id, now=runtime.service.clock())


@router.get("/users/{user_id}/progress", response_model=Progress, responses={**NO_PERSON, **STAFF_ONLY})
async def user_progress(runtime: RuntimeDep, user: CurrentUser, db: DbSession, user_id: PersonId) -> Progress:
    """A person's progress (coaches and admins)."""
    if not is_staff(user):
        raise Forbidden("only coaches and admins see other people's progress")
    if await db.get(User, user_id) is None:
        raise NotFound("no such user")
    return await read_progress(runtime.service.store, user_id, now=runtime.service.clock())


@router.get("/progress/due", response_model=list[DueItem], responses=STAFF_ONLY)
async def due(runtime: RuntimeDep, user: CurrentUser, db: DbSession) -> list[DueItem]:
    """People whose check-in is due, or who have had none for four weeks, longest overdue first (coaches and
    admins): what a coach's inbox lists beside the reviews."""
    if not is_staff(user):
        raise Forbidden("only coaches and admins see whose check-in is due")
    people = (await db.exec(select(User.id, User.name).order_by(col(User.created_at)))).all()
    return await due_list(runtime.service.store, [(p, n) for p, n in people], now=runtime.service.clock())
