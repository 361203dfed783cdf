"""The session service: start, resume, retry and delete sessions, one writer per session at a time.

Every write: take the session's lock, re-read its row (it records the pending interrupt), check the request
against it, claim the next version (compare-and-set, with the decision row in the same transaction), run the graph,
record where it stopped. A failing run marks the session failed (a classified failure) and leaves the checkpoint, so
`retry` continues from it; a run whose process died is settled by `sessions.recovery` when next read or written.
Runs are detached from their caller (a client that disconnects does not cancel a run half-way through its
bookkeeping). Errors are the domain's (`sessions.errors`); nothing here knows about HTTP.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.store.base import BaseStore
from langgraph.types import Command
from sqlalchemy import orm
from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from agents.guards import unknown_references
from domain.interrupts import DecisionAction, InterruptKind
from graphs.memory import aforget_person, aforget_session
from observability.store import delete_session_spans
from sessions import crud
from sessions.access import can_delete, can_see, check_authority
from sessions.checkins import checkin_input
from sessions.db import Database, sqlmodel_session
from sessions.errors import Busy, Conflict, Forbidden, LimitReached, NotFound
from sessions.events import publish_outcome
from sessions.locks import SessionBusy, SessionLocks
from sessions.owners import RunOwners
from sessions.planlog import record_plan
from sessions.plans_read import ApprovedPlan, approved_plan_of, plan_of, plan_versions_of
from sessions.public import HistoryEntry, InboxItem, PlanPublic, PlanVersionPublic, ResumeRequest, SessionPublic
from sessions.recovery import RunRecovery
from sessions.resume import References, Resume, check_acknowledged, check_request_text, resume_value
from sessions.rowcache import RowCache
from sessions.runs import GraphRunner, thread_config
from sessions.tables import CoachingSession, User, new_id, utcnow
from sessions.views import GraphState, history_entry, inbox_item, session_public
from settings import Settings

T = TypeVar("T")


class SessionService:
    def __init__(self, *, runner: GraphRunner, checkpointer: BaseCheckpointSaver[Any], database: Database,
                 settings: Settings, owners: RunOwners, locks: SessionLocks | None = None,
                 store: BaseStore | None = None) -> None:
        self.runner = runner
        self.checkpointer = checkpointer
        self.database = database
        self.settings = settings
        self.hub = runner.hub
        self.observer = runner.observer
        self.locks = locks or SessionLocks(database)
        self.store = store
        """The memory of people (`graphs.memory`); None keeps nothing between sessions."""
        self.clock: Callable[[], datetime] = utcnow
        """What time it is, for due dates (tests set it)."""
        self._tasks: set[asyncio.Task[Any]] = set()
        # The rows this process wrote last skip a read per resume. With several processes (PostgreSQL) another may
        # have moved a session on since: a resume that a remembered row refuses reads the row and checks again.
        self._rows = RowCache()
        self.recovery = RunRecovery(database=database, owners=owners, locks=self.locks, state=self.state,
                                    hub=self.hub, rows=self._rows)

    # --- reads -----------------------------------------------------------------------------------------------
    async def state(self, session_id: str) -> GraphState:
        return await self.runner.state(session_id)

    async def visible(self, session_id: str, viewer: User) -> CoachingSession:
        """The session's row, if `viewer` may see it; `NotFound` otherwise (never `Forbidden`). A run of it whose
        server process died is settled first: a read never shows such a run as running."""
        async with self.database.sessions() as db:
            row = await crud.get_visible_session(db=db, user=viewer, session_id=session_id)
        if row is None:
            raise NotFound("no such session")
        return (await self.recovery.settled([row]))[0]

    async def settled(self, rows: Sequence[CoachingSession]) -> list[CoachingSession]:
        """Rows read for a list, with the runs among them whose server process died settled."""
        return await self.recovery.settled(rows)

    async def view(self, row: CoachingSession) -> SessionPublic:
        return session_public(row, await self.state(row.id), running=self.hub.is_running(row.id))

    async def history(self, session_id: str, *, limit: int) -> list[HistoryEntry]:
        snapshots = self.runner.graph.aget_state_history(thread_config(session_id), limit=limit)
        return [history_entry(s) async for s in snapshots]

    async def plan(self, row: CoachingSession) -> PlanPublic:
        return await plan_of(row, await self.state(row.id), self.database)

    async def approved_plan(self, row: CoachingSession) -> ApprovedPlan:
        return await approved_plan_of(row, await self.state(row.id), self.database)

    async def plan_versions(self, row: CoachingSession, *, limit: int) -> list[PlanVersionPublic]:
        return await plan_versions_of(row, self.database, limit=limit)

    async def inbox(self, viewer: User, *, limit: int, offset: int) -> list[InboxItem]:
        """Review checkpoints `viewer` may decide, longest waiting first, each with its draft's issue counts."""
        async with self.database.sessions() as db:
            rows = await crud.list_inbox(db=db, user=viewer, require_coach_review=self.settings.require_coach_review,
                                         limit=limit, offset=offset)
        states = await asyncio.gather(*(self.state(row.id) for row, _owner in rows))
        items = (inbox_item(row, owner, state) for (row, owner), state in zip(rows, states, strict=True))
        return [item for item in items if item is not None]

    # --- writes ----------------------------------------------------------------------------------------------
    async def start(self, *, owner: User, follows: str | None = None) -> SessionPublic:
        """Record the session, then run the graph to its first question. With `follows`, a check-in on that
        session's approved plan (`owner` is then the one starting it: its owner, or a coach who may see it; the
        check-in is the plan owner's)."""
        if follows is None:
            return await self._detached(self._start(owner, new_id(), {"person": owner.id}))
        prior = await self.visible(follows, owner)
        graph_input = await checkin_input(store=self.store, prior=prior, state=await self.state(prior.id))
        async with self.database.sessions() as db:
            person = await db.get(User, prior.owner_id)
        if person is None:
            raise NotFound("no such session")
        return await self._detached(self._start(person, new_id(), graph_input))

    async def resume(self, *, session_id: str, actor: User, request: ResumeRequest) -> SessionPublic:
        return await self._detached(self._resume(session_id, actor, request))

    async def retry(self, *, session_id: str, actor: User) -> SessionPublic:
        return await self._detached(self._retry(session_id, actor))

    async def delete(self, *, session_id: str, actor: User) -> None:
        """Remove the session's checkpoints, rows and spans (after any run in progress has finished)."""
        await self._detached(self._delete(session_id, actor))

    async def _start(self, owner: User, session_id: str, graph_input: dict[str, Any]) -> SessionPublic:
        # The row is born claimed by this run, under the lock: never a session that no run owns and none waits on.
        async with self._hold(session_id):
            async with self.database.transaction() as db:
                await self._check_open_sessions(db, owner)
                row = await crud.create_session(db=db, owner=owner, session_id=session_id,
                                                run_owner=self.recovery.owners.token)
            self._remember(row)
            return await self._run(row, graph_input)

    async def _check_open_sessions(self, db: AsyncSession, owner: User) -> None:
        limit = self.settings.limits.open_sessions_per_user
        if (open_now := await crud.count_open_sessions(db=db, owner_id=owner.id)) >= limit:
            raise LimitReached(f"you have {open_now} sessions that are not completed, the most one person may have "
                               f"open ({limit}); finish or delete one first")

    async def _resume(self, session_id: str, actor: User, request: ResumeRequest) -> SessionPublic:
        async with self._hold(session_id):
            # Under the lock, the row records the pending interrupt of the last finished run; the graph's state
            # is read only when the draft is needed (an edit) or to show the pending interrupt in a conflict.
            remembered = self._rows is not None and session_id in self._rows
            row = await self._current(session_id, actor)
            check_request_text(request, answer_chars=self.settings.limits.answer_chars)  # after the 404
            if row.status == "failed" and row.pending_id == request.interrupt_id and row.run_started_at is None \
                    and not await self.runner.reopen(session_id, request.interrupt_id):
                raise await self._conflict(row, "the last run of this session failed; POST .../retry to continue it")
            try:
                resume, kind = await self._checked_claim(row, actor, request)
            except Conflict:
                if not remembered:
                    raise
                # The row was this process's memory of it, and another process may have moved the session on
                # meanwhile: read it, and check the request against what it says now.
                row = await self._current(session_id, actor, fresh=True)
                resume, kind = await self._checked_claim(row, actor, request)
            return await self._run(row, Command(resume=resume.value), applied=resume.action,
                                   answered=request.interrupt_id, answered_kind=kind)

    async def _checked_claim(self, row: CoachingSession, actor: User, request: ResumeRequest
                             ) -> tuple[Resume, InterruptKind]:
        """Check the request against the row (and, when it needs to, the graph's state), then claim the row with
        the decision; a conflict when the request is not the session's to take now."""
        kind = await self._pending_kind(row, request.interrupt_id)
        check_authority(kind=kind, actor=actor, owner_id=row.owner_id,
                        require_coach_review=self.settings.require_coach_review)
        needs_state = request.action in ("edit", "approve") or isinstance(request.answer, dict)
        state = await self.state(row.id) if needs_state else None
        if state is not None and request.action == "approve":
            check_acknowledged(state.open_errors(kind), acknowledge=bool(request.acknowledge))
        references = await self._references(row) if request.action == "edit" else None
        resume = resume_value(kind=kind, request=request, draft=state.draft_for(kind) if state else None,
                              pending=state.pending if state else None, references=references)
        await self._claim(row, resume=resume, actor=actor)
        return resume, kind

    async def _references(self, row: CoachingSession) -> References:
        """The check of the ids an edit puts in a draft, against what the session's runs see: the shared knowledge
        and its owner's own documents."""
        documents = await self.runner.documents.for_user(row.owner_id) if self.runner.documents else None
        kb = await asyncio.to_thread(self.runner.deps.kb.with_private, documents)
        return partial(unknown_references, kb=kb)

    async def _pending_kind(self, row: CoachingSession, interrupt_id: str) -> InterruptKind:
        """The kind of the interrupt a resume names, if it is the one pending; a conflict otherwise."""
        if row.status == "failed" and row.pending_id != interrupt_id:
            raise await self._conflict(row, "the last run of this session failed; POST .../retry to continue it, "
                                            f"or answer {row.pending_id!r} again" if row.pending_id else
                                            "the last run of this session failed; POST .../retry to continue it")
        if row.pending_id is None or row.pending_kind is None:
            raise await self._conflict(row, "the session is not waiting for any input")
        if row.pending_id != interrupt_id:
            raise await self._conflict(row, f"interrupt {interrupt_id!r} is not pending (stale or already "
                                            f"answered); the session waits on {row.pending_id!r}")
        return row.pending_kind

    async def _retry(self, session_id: str, actor: User) -> SessionPublic:
        """Run the graph on from its last checkpoint: after a failure, or a run cut off with nothing pending."""
        seen = await self.visible(session_id, actor)  # settles a run whose process died
        if seen.run_started_at is not None:
            raise Conflict("a run of this session is under way; read the session again when it ends",
                           status=seen.status, pending=None)
        async with self._hold(session_id):
            row = await self._current(session_id, actor, fresh=True)
            if row.status != "failed" and row.pending_id is not None:
                raise await self._conflict(row, f"nothing to retry: the session waits on {row.pending_id!r}; "
                                                "resume it instead")
            if row.status == "completed":
                raise await self._conflict(row, "nothing to retry: the session is completed")
            state = await self.state(session_id)
            answered, kind = (row.pending_id, row.pending_kind) if row.status == "failed" else (None, None)
            await self._claim(row)
            # Without any checkpoint (the very first step failed) there is nothing to continue: start over. A
            # retry that fails again leaves the interrupt the failed input answered open to a new input.
            return await self._run(row, None if state.exists else {"person": row.owner_id}, answered=answered,
                                   answered_kind=kind)

    async def _delete(self, session_id: str, actor: User) -> None:
        async with self._hold(session_id):
            row = await self._visible_row(session_id, actor, fresh=True)
            if not can_delete(actor, row.owner_id):
                raise Forbidden("only the session's owner or an admin deletes a session")
            await self.checkpointer.adelete_thread(session_id)
            await asyncio.to_thread(self.observer.flush)  # no span of this session may land after the delete
            async with self.database.transaction() as db:
                await crud.delete_session_rows(db=db, session_id=session_id)
                await db.run_sync(_delete_spans, session_id)
            if self._rows is not None:
                self._rows.forget(session_id)
            if self.store is not None:
                await aforget_session(self.store, row.owner_id, session_id)
        self.hub.close(session_id)

    async def forget_person(self, user_id: str) -> None:
        """Everything the memory holds of a person (their sessions' parts go with each session)."""
        if self.store is not None:
            await aforget_person(self.store, user_id)

    # --- the steps of a write --------------------------------------------------------------------------------
    async def _visible_row(self, session_id: str, actor: User, *, fresh: bool = False) -> CoachingSession:
        """The row, if `actor` may see it (`NotFound` otherwise): as this process last wrote it, unless `fresh`.
        Called under the session's lock."""
        row = self._rows.get(session_id) if self._rows is not None and not fresh else None
        if row is None:
            async with self.database.sessions() as db:
                row = await crud.get_session(db=db, session_id=session_id)
            if row is not None:
                self._remember(row)
        if row is None or not can_see(actor, row.owner_id):
            raise NotFound("no such session")
        return row

    def _remember(self, row: CoachingSession) -> None:
        if self._rows is not None:
            self._rows.put(row)

    async def _current(self, session_id: str, actor: User, *, fresh: bool = False) -> CoachingSession:
        """The row, read under the lock; a run that died half-way is settled first."""
        row = await self._visible_row(session_id, actor, fresh=fresh)
        if row.run_started_at is not None:  # the lock is ours, so no run is under way: the last one never finished
            await self.recovery.settle_locked(row)
        return row

    async def _conflict(self, row: CoachingSession, detail: str) -> Conflict:
        """A conflict that shows what the session waits for now."""
        return Conflict(detail, status=row.status, pending=(await self.state(row.id)).pending)

    async def _claim(self, row: CoachingSession, *, resume: Resume | None = None, actor: User | None = None) -> None:
        """Move the row to the next version, with the decision row in the same transaction; a conflict if beaten."""
        interrupt_id, kind = row.pending_id, row.pending_kind
        lost = False
        try:
            async with self.database.transaction() as db:
                owner = self.recovery.owners.token
                if resume is None or actor is None or interrupt_id is None or kind is None:
                    if not await crud.claim_session(db=db, row=row, owner=owner):
                        raise _Lost
                elif row.status == "failed":  # a new input for the interrupt a failed run answered replaces it
                    if not await crud.claim_session(db=db, row=row, owner=owner):
                        raise _Lost
                    await crud.delete_decision(db=db, session_id=row.id, interrupt_id=interrupt_id)
                    await crud.add_decision(
                        db=db, session_id=row.id, interrupt_id=interrupt_id, kind=kind, action=resume.action,
                        actor=actor, edits=resume.edits, feedback=resume.feedback)
                elif not await crud.claim_with_decision(
                        db=db, row=row, owner=owner, interrupt_id=interrupt_id, kind=kind, action=resume.action,
                        actor=actor, edits=resume.edits, feedback=resume.feedback):
                    raise _Lost
        except (_Lost, IntegrityError):
            lost = True
        if lost:
            if self._rows is not None:
                self._rows.forget(row.id)
            async with self.database.sessions() as db:
                current = await crud.get_session(db=db, session_id=row.id)
            raise await self._conflict(current or row, "another request changed this session first; read it again")
        self._remember(row)

    async def _run(self, row: CoachingSession, graph_input: Any, *, applied: DecisionAction | None = None,
                   answered: str | None = None, answered_kind: InterruptKind | None = None) -> SessionPublic:
        """Run the graph and record where it stopped. A run that failed before writing the checkpoint that applies
        the decision on `answered` (the same interrupt is pending again) releases that decision: it never counted,
        so `retry` brings the interrupt back and a new answer to it is taken. A run that failed later on, on what
        that input led to, leaves the interrupt answerable again: a new input replaces the failed one (`reopen`)."""
        outcome = await self.runner.run(row.id, graph_input, version=row.version, resumed_from=row.traceparent,
                                        owner_id=row.owner_id)
        state, failure = outcome.state, outcome.failure
        status = "failed" if failure else state.status
        pending = state.pending
        answerable = failure is not None and answered is not None and (
            pending is None and await self.runner.asked_before(row.id, answered) is not None)
        pending_id, pending_kind = (answered, answered_kind) if answerable else (
            (pending.id, pending.kind) if pending else (None, None))
        # Not synced to disk before the answer: the checkpoint is (it acknowledges the person's input), and where
        # the run stopped is rebuilt from it if a power loss takes this commit (`sessions.recovery`).
        async with self.database.unsynced_transaction() as db:
            if not await crud.finish_run(
                    db=db, row=row, status=status, pending_id=pending_id,
                    pending_kind=pending_kind, error=failure.message if failure else None,
                    error_code=failure.code if failure else None, traceparent=outcome.traceparent):
                raise Conflict("another writer moved this session on during the run", status=status, pending=pending)
            if failure is not None and pending is not None and pending.id == answered:
                await crud.delete_decision(db=db, session_id=row.id, interrupt_id=pending.id)
            await record_plan(db, row, state, applied)
        self._remember(row)
        publish_outcome(self.hub, row, pending, failure)
        return session_public(row, state, running=False)

    # --- plumbing --------------------------------------------------------------------------------------------
    @asynccontextmanager
    async def _hold(self, session_id: str) -> AsyncIterator[None]:
        """The session's lock; a lock that stays taken past the timeout is `Busy`, not an error."""
        try:
            async with self.locks.hold(session_id):
                yield
        except SessionBusy as exc:
            async with self.database.sessions() as db:
                row = await crud.get_session(db=db, session_id=session_id)
            if row is None:
                raise NotFound("no such session") from exc
            raise Busy(str(exc), status=row.status, pending=(await self.state(session_id)).pending) from exc

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
