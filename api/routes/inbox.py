"""`/v1/inbox`: review checkpoints waiting for a decision the caller may take."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, DbSession, RuntimeDep
from sessions import crud
from sessions.public import InboxItem
from sessions.tables import aware

router = APIRouter(tags=["inbox"])


@router.get("/inbox", response_model=list[InboxItem])
async def inbox(
    runtime: RuntimeDep, db: DbSession, user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[InboxItem]:
    """Pending assessment and plan reviews, longest waiting first: every session's for coaches and admins;
    a coachee's own, unless the server requires a coach to decide reviews."""
    rows = await crud.list_inbox(db=db, user=user, require_coach_review=runtime.settings.require_coach_review,
                                 limit=limit, offset=offset)
    return [
        InboxItem(session_id=session.id, owner_id=owner.id, owner_name=owner.name, interrupt_id=session.pending_id,
                  kind=session.pending_kind, waiting_since=aware(session.updated_at))
        for session, owner in rows
        if session.pending_id is not None and session.pending_kind is not None  # always, by the query
    ]
