"""`/v1/inbox`: review checkpoints waiting for a decision the caller may take."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import CurrentUser, RuntimeDep
from sessions.public import InboxItem

router = APIRouter(tags=["inbox"])


@router.get("/inbox", response_model=list[InboxItem])
async def inbox(
    runtime: RuntimeDep, user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[InboxItem]:
    """Pending assessment and plan reviews, longest waiting first: every session's for coaches and admins;
    a coachee's own, unless the server requires a coach to decide reviews. Each names whose session it is,
    what kind of review, since when, a line about the draft, and how many issues the guards found in it."""
    return await runtime.service.inbox(user, limit=limit, offset=offset)
