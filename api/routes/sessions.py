"""`/v1/sessions`: start, list, read, resume, retry and delete coaching sessions; plan, history, events."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Query, Response
from fastapi.responses import StreamingResponse
from fastapi.sse import EventSourceResponse

from agents.planner.ics import plan_calendar
from agents.planner.render import plan_markdown
from api.auth import KeyCheck
from api.deps import CallerDep, CurrentUser, DbSession, RuntimeDep, SessionId, VisibleSession, rate_limit
from api.errors import (
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    OPEN_SESSIONS,
    PLAN_NOT_APPROVED,
    RATE_LIMITED,
    TOO_LARGE,
    json_error,
    too_many_streams,
)
from api.routes.knowledge import knowledge_for
from api.routes.traces import usage_totals
from api.runtime import AppRuntime
from sessions import crud
from sessions.events import HEARTBEAT, SessionEvent, Stream, follow_stream, sse_bytes
from sessions.public import (
    HistoryEntry,
    PlanPublic,
    PlanVersionPublic,
    ResumeRequest,
    SessionCreate,
    SessionListItem,
    SessionPublic,
)
from sessions.tables import CoachingSession
from sessions.views import session_summary

router = APIRouter(prefix="/sessions", tags=["sessions"])
TERMINAL = ("completed", "failed")
CREATE_EXAMPLES: dict[str, Any] = {
    "session": {"summary": "A full session", "value": {}},
    "checkin": {"summary": "A check-in on an approved plan", "value": {"follows": "4f6c2a9e0b1d4c7e8a3b5d6f7e8a9b0c"}},
}
RESUME_EXAMPLES: dict[str, Any] = {
    "answer": {"summary": "Answer the pending question",
               "value": {"interrupt_id": "i1-question", "answer": "Manual QA tester at a fintech, about 6 years"}},
    "approve": {"summary": "Approve the draft under review",
                "value": {"interrupt_id": "i7-assessment_review", "action": "approve"}},
    "reject": {"summary": "Send the draft back with feedback",
               "value": {"interrupt_id": "i8-plan_review", "action": "reject",
                         "feedback": "Less time: two hours a week at most."}},
    "edit": {"summary": "Change fields of the draft (validated, guards run again)",
             "value": {"interrupt_id": "i8-plan_review", "action": "edit",
                       "edits": {"summary": "My plan, in my own words."}}},
    "acknowledge": {"summary": "Approve although the guards found errors",
                    "value": {"interrupt_id": "i9-plan_review", "action": "approve", "acknowledge": True}},
}


@router.post("", status_code=201, response_model=SessionPublic,
             responses={**RATE_LIMITED, **OPEN_SESSIONS, **NOT_FOUND},
             dependencies=[Depends(rate_limit("session_creates"))])
async def create_session(
    runtime: RuntimeDep, user: CurrentUser,
    request: Annotated[SessionCreate | None, Body(openapi_examples=CREATE_EXAMPLES)] = None,
) -> SessionPublic:
    """Start a session; it comes back with its first question pending. A person with as many open (not completed)
    sessions as one may have gets 409: finish or delete one first. With `follows`, a check-in on that session's
    approved plan: one question per open action of its current stage, then one on what changed; 409 with the reason
    when that session has no approved plan."""
    return await runtime.service.start(owner=user, follows=request.follows if request else None)


@router.get("", response_model=list[SessionListItem])
async def list_sessions(
    runtime: RuntimeDep, db: DbSession, user: CurrentUser,
    limit: Annotated[int, Query(ge=1, le=200)] = 50, offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    usage: Annotated[bool, Query(description="Add each session's totals from its traces: runs, errors, tokens, "
                                             "cost, run time.")] = False,
) -> list[SessionListItem]:
    """The caller's sessions, newest first; coaches and admins see every session."""
    listed = await crud.list_sessions(db=db, user=user, limit=limit, offset=offset)
    await db.commit()  # its connection goes back before settling the rows takes others: none is held while waiting
    rows = await runtime.service.settled(listed)
    names = await crud.user_names(db=db, user_ids=[row.owner_id for row in rows])
    totals = await usage_totals(runtime, db, [row.id for row in rows]) if usage else {}
    return [
        SessionListItem(**session_summary(row, running=runtime.hub.is_running(row.id)).model_dump(),
                        owner_name=names.get(row.owner_id), usage=totals.get(row.id))
        for row in rows
    ]


@router.get("/{session_id}", response_model=SessionPublic, responses=NOT_FOUND)
async def get_session(runtime: RuntimeDep, session: VisibleSession) -> SessionPublic:
    return await runtime.service.view(session)


@router.post("/{session_id}/resume", response_model=SessionPublic,
             responses={**NOT_FOUND, **FORBIDDEN, **CONFLICT, **TOO_LARGE, **RATE_LIMITED},
             dependencies=[Depends(rate_limit("resumes"))])
async def resume_session(
    runtime: RuntimeDep, session_id: SessionId, user: CurrentUser,
    request: Annotated[ResumeRequest, Body(openapi_examples=RESUME_EXAMPLES)],
) -> SessionPublic:
    """Answer the pending question or decide the pending review; returns once the graph pauses again or ends."""
    return await runtime.service.resume(session_id=session_id, actor=user, request=request)


@router.post("/{session_id}/retry", response_model=SessionPublic, responses={**NOT_FOUND, **CONFLICT, **RATE_LIMITED},
             dependencies=[Depends(rate_limit("resumes"))])
async def retry_session(runtime: RuntimeDep, session_id: SessionId, user: CurrentUser) -> SessionPublic:
    """Re-run a session from its last checkpoint: one that failed, or whose run was cut off (its server process
    ended) with nothing pending. A conflict while a run is under way or an interrupt waits for an answer."""
    return await runtime.service.retry(session_id=session_id, actor=user)


@router.delete("/{session_id}", status_code=204, response_class=Response, responses={**NOT_FOUND, **FORBIDDEN})
async def delete_session(runtime: RuntimeDep, session_id: SessionId, user: CurrentUser) -> Response:
    """Delete the session's checkpoints, rows and spans. Its owner or an admin may."""
    await runtime.service.delete(session_id=session_id, actor=user)
    return Response(status_code=204)


@router.get(
    "/{session_id}/plan", response_model=PlanPublic,
    responses={**NOT_FOUND, **PLAN_NOT_APPROVED,
               200: {"content": {"text/markdown": {"schema": {"type": "string"}},
                                 "text/calendar": {"schema": {"type": "string"}}},
                     "description": "The plan as JSON, as Markdown with `format=markdown`, or with `format=ics` as "
                                    "an iCalendar file (RFC 5545) to import into a calendar.",
                     "headers": {"Content-Disposition": {
                         "description": "With `format=ics`: an attachment and its file name.",
                         "schema": {"type": "string"}}}}},
)
async def get_plan(
    runtime: RuntimeDep, session: VisibleSession, user: CurrentUser,
    format: Annotated[Literal["json", "markdown", "ics"], Query(description="json, markdown or ics")] = "json",
) -> Any:
    """The current plan (a draft until approved). With `format=ics`, the approved plan as a calendar: each action a
    weekly event for its duration, on the days and at the times the person said they are free (a default, said in
    each event, when they said none), the stages one after another from the day after approval; 409 while the plan
    is still a draft."""
    if format == "ics":
        approved = await runtime.service.approved_plan(session)
        ics = plan_calendar(approved.plan, approved.profile, await knowledge_for(runtime, user),
                            approved_at=approved.approved_at, key=session.id)
        return Response(ics, media_type="text/calendar; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="career-plan-{session.id}.ics"'})
    plan = await runtime.service.plan(session)
    if format == "markdown":
        # Citations of the caller's own documents resolve for them; another person's stay unresolved.
        kb = await knowledge_for(runtime, user)
        markdown = plan_markdown(plan.plan, kb, status=plan.status, version=plan.version)
        return Response(markdown, media_type="text/markdown; charset=utf-8")
    return plan


@router.get("/{session_id}/plan/versions", response_model=list[PlanVersionPublic], responses=NOT_FOUND)
async def get_plan_versions(
    runtime: RuntimeDep, session: VisibleSession, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[PlanVersionPublic]:
    """The plan as it stood at each plan review and at approval (the latest `limit`), oldest first: what a
    reviewer compares a draft with."""
    return await runtime.service.plan_versions(session, limit=limit)


@router.get("/{session_id}/history", response_model=list[HistoryEntry], responses=NOT_FOUND)
async def get_history(
    runtime: RuntimeDep, session: VisibleSession, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[HistoryEntry]:
    """The session's checkpoints, newest first."""
    return await runtime.service.history(session.id, limit=limit)


async def event_stream(runtime: RuntimeDep, user: CurrentUser, session: VisibleSession) -> AsyncIterator[Stream]:
    """A place among the open event streams, taken before the response starts (429 past the caller's or the
    server's cap) and given back when the stream ends."""
    async with runtime.streams.lease(user.id):
        with runtime.hub.subscribe(session.id, user.id) as stream:
            yield stream


EventStream = Annotated[Stream, Depends(event_stream)]


SSE_ITEM = {"type": "object", "properties": {"data": {"type": "string"}, "event": {"type": "string"},
                                             "id": {"type": "string"}, "retry": {"type": "integer", "minimum": 0}}}
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}  # proxies pass each event on at once


@router.get("/{session_id}/events", response_class=StreamingResponse, responses={
    200: {"description": "The event stream.", "content": {"text/event-stream": {"itemSchema": SSE_ITEM}}},
    401: json_error("Missing, malformed or unknown API key."),
    404: json_error("No such session, or not one the caller may see."),
    **too_many_streams(),
})
async def session_events(
    runtime: RuntimeDep, session: VisibleSession, stream: EventStream, caller: CallerDep,
    follow: Annotated[bool, Query(description="Stay open across runs until the session completes.")] = False,
) -> EventSourceResponse:
    """Server-sent events of the session's runs: run_started, node_started, node_finished, paused, completed,
    failed, and a `state` event when a run ends. Without `follow`, the stream ends with the current run
    (at once, with one `state` event, when nothing runs). A `: ping` comment comes when the stream is quiet;
    a stream that carried no event for the idle timeout, or whose reader fell too far behind, or that the
    server ends (shutdown, the session deleted), or whose key was revoked or expired (checked at each heartbeat),
    ends with a `closed` event saying why (`reason`). Each user may hold a few streams open at once, and the server
    a bounded number: past that, 429 with Retry-After."""
    if not follow and not await _running(runtime, session):
        summary = session_summary(session, running=False).model_dump_json()
        return EventSourceResponse(_once(sse_bytes("state", summary)), headers=SSE_HEADERS)
    limits = runtime.settings.limits
    events = follow_stream(stream, heartbeat_s=limits.stream_heartbeat_s, idle_timeout_s=limits.stream_idle_timeout_s)
    key = KeyCheck(database=runtime.database, key_id=caller.key_id, every_s=limits.stream_heartbeat_s)
    return EventSourceResponse(_sse(events, stream, follow=follow, key=key), headers=SSE_HEADERS)


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _sse(events: AsyncIterator[list[SessionEvent]], stream: Stream, *, follow: bool, key: KeyCheck
               ) -> AsyncIterator[bytes]:
    """The stream's wire format: what is buffered goes out in one write (each event encoded once, for every
    stream); a heartbeat when quiet; the reason last when the stream ends for one (its key revoked, say)."""
    async for batch in events:
        if not await key.works():
            stream.end("revoked")
            break
        if not batch:
            yield HEARTBEAT
            continue
        end = next((n for n, event in enumerate(batch) if event.type == "state"
                    and (not follow or event.data.get("status") in TERMINAL)), None)
        yield b"".join(event.sse for event in batch[:None if end is None else end + 1])
        if end is not None:
            return
    if stream.ended is not None:
        yield sse_bytes("closed", json.dumps({"reason": stream.ended}))


async def _running(runtime: AppRuntime, session: CoachingSession) -> bool:
    """Whether a run of the session is under way: in this process, or (events relayed) in another one, as the
    session's row says, read again now that the stream is open so that the run's end cannot be missed."""
    if runtime.hub.is_running(session.id):
        return True
    if not runtime.hub.relayed:
        return False
    async with runtime.database.sessions() as db:
        row = await crud.get_session(db=db, session_id=session.id)
    return row is not None and row.run_started_at is not None
