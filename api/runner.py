"""The session runner: one writer per session, the graph run to its next pause or end, the row kept in step.

Every run goes the same way: take the session's lock, re-read its row (which records the pending interrupt),
check the request against it, claim the next version (compare-and-set, with the decision row in the same
transaction), run the graph, then record where it stopped. A failing run marks the session failed with its
message and leaves the checkpoint in place, so `retry` continues from it.

Tracing hooks in at `run_config` and `api.tracing` (the observer wrapped around each run).

Runs are detached from the request that started them: a client that disconnects does not cancel a run
half-way through its bookkeeping.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from fastapi import HTTPException
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, Durability
from sqlalchemy import orm
from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from agents.deps import AgentDeps
from api import crud
from api.db import Database, sqlmodel_session
from api.errors import SessionConflict
from api.events import EventHub, publish_outcome, publish_task
from api.locks import SessionBusy, SessionLocks
from api.models import (
    CoachingSession,
    DecisionAction,
    HistoryEntry,
    PendingInterrupt,
    PlanStatus,
    ResumeRequest,
    SessionPublic,
    SessionStatus,
    User,
    new_id,
)
from api.resume import Resume, check_authority, check_request_text, resume_value
from api.rowcache import RowCache
from api.tracing import RunObservation, RunObserver
from api.views import GraphState, graph_state, history_entry, session_public
from coach.settings import Settings
from observability.store import delete_session_spans

T = TypeVar("T")
logger = logging.getLogger(__name__)

ERROR_CHARS = 2000
RUN_NAME = "coaching"
# One checkpoint per run, written when the run pauses, ends or fails: a failed run keeps the steps that
# succeeded, and `retry` goes on from there. A run cut off by a crash is settled by `_settle_abandoned`.
DURABILITY: Durability = "exit"
ABANDONED = "the previous run stopped before it finished (was the server restarted?); retry to continue it"


def thread_config(session_id: str) -> RunnableConfig:
    """The config that names a session's graph thread (reads: state, history)."""
    return {"configurable": {"thread_id": session_id}}


def run_config(session_id: str, observation: RunObservation) -> RunnableConfig:
    """SEAM for tracing: the config of one graph run. Callbacks come from the run's observation."""
    return {
        "configurable": {"thread_id": session_id},
        "callbacks": list(observation.callbacks),
        "run_name": RUN_NAME,
        "metadata": {"session_id": session_id},
    }


def describe_failure(exc: BaseException) -> str:
    message = str(exc).strip() or "no message"
    return f"{type(exc).__name__}: {message}"[:ERROR_CHARS]


class SessionRunner:
    def __init__(
        self,
        *,
        graph: CompiledStateGraph[Any, Any, Any, Any],
        checkpointer: BaseCheckpointSaver[Any],
        deps: AgentDeps,
        database: Database,
        hub: EventHub,
        observer: RunObserver,
        settings: Settings,
        locks: SessionLocks | None = None,
    ) -> None:
        self.graph = graph
        self.checkpointer = checkpointer
        self.deps = deps
        self.database = database
        self.hub = hub
        self.observer = observer
        self.settings = settings
        self.locks = locks or SessionLocks(database)
        self._tasks: set[asyncio.Task[Any]] = set()
        # SQLite means one server process: the rows it wrote last are current, and skip a read per resume.
        self._rows = RowCache() if not database.is_postgres else None

    # --- reads -------------------------------------------------------------------------------------------

    async def state(self, session_id: str) -> GraphState:
        return graph_state(await self.graph.aget_state(thread_config(session_id)))

    async def view(self, row: CoachingSession) -> SessionPublic:
        return session_public(row, await self.state(row.id), running=self.hub.is_running(row.id))

    async def history(self, session_id: str, *, limit: int) -> list[HistoryEntry]:
        return [history_entry(s) async for s in self.graph.aget_state_history(thread_config(session_id), limit=limit)]

    # --- writes ------------------------------------------------------------------------------------------

    async def start(self, *, owner: User) -> SessionPublic:
        """Record the session, then run the graph to its first question."""
        async with self.database.transaction() as db:
            row = await crud.create_session(db=db, owner=owner, session_id=new_id())
        return await self._detached(self._start(row))

    async def resume(self, *, session_id: str, actor: User, request: ResumeRequest) -> SessionPublic:
        return await self._detached(self._resume(session_id, actor, request))

    async def retry(self, *, session_id: str, actor: User) -> SessionPublic:
        return await self._detached(self._retry(session_id, actor))

    async def delete(self, *, session_id: str, actor: User) -> None:
        """Remove the session's checkpoints, rows and spans (after any run in progress has finished)."""
        await self._detached(self._delete(session_id, actor))

    async def _start(self, row: CoachingSession) -> SessionPublic:
        async with self._hold(row.id):
            await self._claim(row)
            return await self._run(row, {})

    async def _resume(self, session_id: str, actor: User, request: ResumeRequest) -> SessionPublic:
        async with self._hold(session_id):
            # Under the lock, the row records the pending interrupt of the last finished run; the graph's state
            # is read only when the draft is needed (an edit) or to show the pending interrupt in a 409.
            row = await self._current(session_id, actor)
            check_request_text(request, self.settings)  # after the 404, before anything else
            if row.status == "failed":
                raise await self._conflict(row, "the last run of this session failed; POST .../retry to continue it")
            if row.pending_id is None or row.pending_kind is None:
                raise await self._conflict(row, "the session is not waiting for any input")
            if row.pending_id != request.interrupt_id:
                raise await self._conflict(row, f"interrupt {request.interrupt_id!r} is not pending (stale or already "
                                                f"answered); the session waits on {row.pending_id!r}")
            kind = row.pending_kind
            check_authority(kind=kind, actor=actor, owner_id=row.owner_id, settings=self.settings)
            draft = None
            if request.action == "edit":
                state = await self.state(session_id)
                draft = state.draft_for(kind)
            resume = resume_value(kind=kind, request=request, draft=draft)
            await self._claim(row, resume=resume, actor=actor)
            return await self._run(row, Command(resume=resume.value), applied=resume.action)

    async def _retry(self, session_id: str, actor: User) -> SessionPublic:
        async with self._hold(session_id):
            row = await self._current(session_id, actor)
            if row.status != "failed":
                raise await self._conflict(row, "nothing to retry: the last run of this session did not fail")
            state = await self.state(session_id)
            await self._claim(row)
            # Without any checkpoint (the very first step failed) there is nothing to continue: start over.
            return await self._run(row, None if state.exists else {})

    async def _delete(self, session_id: str, actor: User) -> None:
        async with self._hold(session_id):
            row = await self._visible_row(session_id, actor)
            if row.owner_id != actor.id and actor.role != "admin":
                raise HTTPException(403, "only the session's owner or an admin deletes a session")
            await self.checkpointer.adelete_thread(session_id)
            await asyncio.to_thread(self.observer.flush)  # no span of this session may land after the delete
            async with self.database.transaction() as db:
                await crud.delete_session_rows(db=db, session_id=session_id)
                await db.run_sync(_delete_spans, session_id)
            if self._rows is not None:
                self._rows.forget(session_id)
        self.hub.close(session_id)

    # --- the steps of a run ------------------------------------------------------------------------------

    async def _visible_row(self, session_id: str, actor: User) -> CoachingSession:
        """The row, if `actor` may see it (404 otherwise). Called under the session's lock."""
        row = self._rows.get(session_id) if self._rows is not None else None
        if row is None:
            async with self.database.sessions() as db:
                row = await crud.get_session(db=db, session_id=session_id)
            if row is not None:
                self._remember(row)
        if row is None or (row.owner_id != actor.id and not crud.is_staff(actor)):
            raise HTTPException(404, "no such session")
        return row

    def _remember(self, row: CoachingSession) -> None:
        if self._rows is not None:
            self._rows.put(row)

    async def _current(self, session_id: str, actor: User) -> CoachingSession:
        """The row, read under the lock; a run that died half-way is settled first."""
        row = await self._visible_row(session_id, actor)
        if row.run_started_at is not None:  # the lock is ours, so no run is under way: the last one never finished
            await self._settle_abandoned(row, await self.state(session_id))
        return row

    async def _settle_abandoned(self, row: CoachingSession, state: GraphState) -> None:
        """Record where the graph really stopped. A decision on the interrupt still pending never took effect."""
        pending = state.pending
        stopped_mid_run = pending is None and state.status != "completed"
        async with self.database.transaction() as db:
            settled = await crud.finish_run(
                db=db, row=row, status="failed" if stopped_mid_run else state.status,
                pending_id=pending.id if pending else None, pending_kind=pending.kind if pending else None,
                error=ABANDONED if stopped_mid_run else None, traceparent=row.traceparent)
            if pending is not None:
                await crud.delete_decision(db=db, session_id=row.id, interrupt_id=pending.id)
        if settled:
            self._remember(row)

    async def _conflict(self, row: CoachingSession, detail: str) -> SessionConflict:
        """A 409 that shows what the session waits for now."""
        return SessionConflict(detail, status=row.status, pending=(await self.state(row.id)).pending)

    async def _claim(self, row: CoachingSession, *, resume: Resume | None = None, actor: User | None = None) -> None:
        """Move the row to the next version, with the decision row in the same transaction; 409 if beaten."""
        interrupt_id, kind = row.pending_id, row.pending_kind
        lost = False
        try:
            async with self.database.transaction() as db:
                if not await crud.claim_session(db=db, row=row):
                    raise _Lost
                if resume is not None and actor is not None and interrupt_id is not None and kind is not None:
                    await crud.add_decision(
                        db=db, session_id=row.id, interrupt_id=interrupt_id, kind=kind, action=resume.action,
                        actor=actor, edits=resume.edits, feedback=resume.feedback)
        except (_Lost, IntegrityError):
            lost = True
        if lost:
            if self._rows is not None:
                self._rows.forget(row.id)
            async with self.database.sessions() as db:
                current = await crud.get_session(db=db, session_id=row.id)
            raise await self._conflict(current or row, "another request changed this session first; read it again")
        self._remember(row)

    async def _run(self, row: CoachingSession, graph_input: Any, *, applied: DecisionAction | None = None
                   ) -> SessionPublic:
        session_id = row.id
        error: str | None = None
        state: GraphState | None = None
        with self.hub.running(session_id), self.observer.observe(
                session_id=session_id, resumed_from=row.traceparent) as observation:
            self.hub.publish(session_id, "run_started", {"version": row.version})
            try:
                state = await self._stream(session_id, graph_input, run_config(session_id, observation))
            except Exception as exc:
                logger.exception("run of session %s failed", session_id)
                observation.failed(exc)
                error = describe_failure(exc)
            if state is None:
                state = await self.state(session_id)
            if state.pending is not None and error is None:
                observation.paused(state.pending.id, state.pending.kind)
            traceparent = observation.traceparent or row.traceparent
        status: SessionStatus = "failed" if error else state.status
        pending = state.pending
        async with self.database.transaction() as db:
            if not await crud.finish_run(
                    db=db, row=row, status=status, pending_id=pending.id if pending else None,
                    pending_kind=pending.kind if pending else None, error=error, traceparent=traceparent):
                raise SessionConflict("another writer moved this session on during the run", status=status,
                                      pending=pending)
            await self._record_plan(db, row, state, applied)
        self._remember(row)
        publish_outcome(self.hub, row, pending, error)
        return session_public(row, state, running=False)

    async def _stream(self, session_id: str, graph_input: Any, config: RunnableConfig) -> GraphState | None:
        """Run the graph, publishing node events; where it stopped, from the stream (no extra state read)."""
        values: dict[str, Any] | None = None
        interrupts: list[Any] = []
        stream = self.graph.astream(graph_input, config, context=self.deps, stream_mode=["tasks", "values"],
                                    durability=DURABILITY)
        async for mode, chunk in stream:
            if mode == "values" and isinstance(chunk, dict):
                values = {key: value for key, value in chunk.items() if key != "__interrupt__"}
            elif mode == "tasks" and isinstance(chunk, dict):
                publish_task(self.hub, session_id, chunk)
                interrupts = chunk.get("interrupts") or interrupts
        if values is None:
            return None
        pending = PendingInterrupt.model_validate(interrupts[0]["value"]) if interrupts else None
        return GraphState(values=values, pending=pending)

    async def _record_plan(self, db: AsyncSession, row: CoachingSession, state: GraphState,
                           applied: DecisionAction | None) -> None:
        """A plan version at each plan review pause and at completion, when the plan or its status changed."""
        plan = state.values.get("plan")
        at_review = state.pending is not None and state.pending.kind == "plan_review"
        if plan is None or not (at_review or row.status == "completed"):
            return
        status: PlanStatus = "approved" if row.status == "completed" else "edited" if applied == "edit" else "draft"
        plan_json = plan.model_dump(mode="json")
        latest = await crud.latest_plan_version(db=db, session_id=row.id)
        if latest is not None and latest.plan == plan_json and latest.status == status:
            return
        await crud.add_plan_version(db=db, session_id=row.id, status=status, plan=plan_json,
                                    interrupt_id=state.pending.id if state.pending else None, after=latest)

    # --- plumbing ----------------------------------------------------------------------------------------

    @asynccontextmanager
    async def _hold(self, session_id: str) -> AsyncIterator[None]:
        """The session's lock; a lock that stays taken past the timeout is a 409, not an error."""
        try:
            async with self.locks.hold(session_id):
                yield
        except SessionBusy as exc:
            async with self.database.sessions() as db:
                row = await crud.get_session(db=db, session_id=session_id)
            if row is None:
                raise HTTPException(404, "no such session") from exc
            raise SessionConflict(str(exc), status=row.status, pending=(await self.state(session_id)).pending) from exc

    async def _detached(self, work: Coroutine[Any, Any, T]) -> T:
        task = asyncio.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._forget)
        return await asyncio.shield(task)

    def _forget(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved: a caller that went away must not leave it "never retrieved"

    async def drain(self) -> None:
        """Wait for detached runs (shutdown)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


class _Lost(Exception):
    """The compare-and-set of a claim found another version."""


def _delete_spans(session: orm.Session, session_id: str, /) -> None:
    delete_session_spans(session=sqlmodel_session(session), session_id=session_id, commit=False)
