"""Traces of a session's runs, and one trace's span tree. Visible to whoever may see the session."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path
from sqlmodel.ext.asyncio.session import AsyncSession

from api.deps import CurrentUser, DbSession, RuntimeDep, VisibleSession
from api.errors import NOT_FOUND
from api.runtime import AppRuntime
from observability.store import (
    SessionUsage,
    SpanNode,
    TraceSummary,
    get_trace_tree,
    list_session_traces,
    trace_session_id,
    usage_by_session,
)
from sessions import crud
from sessions.db import sqlmodel_session

router = APIRouter(tags=["traces"])
TraceId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="A trace id: 32 lower-case hex digits.")]


async def usage_totals(runtime: AppRuntime, db: AsyncSession, session_ids: list[str]) -> dict[str, SessionUsage]:
    """Each session's totals from the span store (zero for a session without spans)."""
    await asyncio.to_thread(runtime.service.observer.flush)
    found = await db.run_sync(lambda s: usage_by_session(session=sqlmodel_session(s), session_ids=session_ids))
    return {sid: found.get(sid) or SessionUsage(session_id=sid, trace_count=0, span_count=0, error_count=0,
                                                 input_tokens=0, output_tokens=0, cost_usd=0.0)
            for sid in session_ids}


@router.get("/sessions/{session_id}/traces", response_model=list[TraceSummary], responses=NOT_FOUND)
async def session_traces(runtime: RuntimeDep, db: DbSession, session: VisibleSession) -> list[TraceSummary]:
    """One trace per run (start, each resume, retry), newest first, with tokens, cost, latency and errors."""
    await asyncio.to_thread(runtime.service.observer.flush)
    return await db.run_sync(lambda s: list_session_traces(session=sqlmodel_session(s), session_id=session.id))


@router.get("/traces/{trace_id}", response_model=SpanNode, responses=NOT_FOUND)
async def trace_tree(runtime: RuntimeDep, db: DbSession, user: CurrentUser, trace_id: TraceId) -> SpanNode:
    """The span tree of one run: names, kinds, timings, status, attributes, events and links."""
    await asyncio.to_thread(runtime.service.observer.flush)
    session_id = await db.run_sync(lambda s: trace_session_id(session=sqlmodel_session(s), trace_id=trace_id))
    visible = session_id is not None and await crud.get_visible_session(db=db, user=user, session_id=session_id)
    tree = None
    if visible:
        tree = await db.run_sync(lambda s: get_trace_tree(session=sqlmodel_session(s), trace_id=trace_id))
    if tree is None:
        raise HTTPException(404, "no such trace")
    return tree
