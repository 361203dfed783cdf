"""Settling runs whose server process died, so that no session reads as running when nothing runs it.

A run is marked on its session's row (`run_started_at`, `run_owner`) from its claim to its finish; when the process
running it dies (`kill -9`, a power cut), the mark stays. Such a run is settled where the graph really stopped, as
its last checkpoint says: the interrupt pending there is pending again, and a decision on it never took effect (its
run died before writing a checkpoint), so the decision is removed and the person answers again; a run that left
nothing pending and the graph unfinished is `failed` with the code `retryable`, and `retry` continues it.

A dead run is settled when a writer takes the session's lock (holding it proves no run is under way), when the
session is read and its run's owner is not alive (`sessions.owners`), at start-up, and every
`recovery_interval_s`. Settling takes the session's lock, so it never races a writer.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from domain.failures import Failure
from sessions import crud
from sessions.db import Database
from sessions.events import EventHub, publish_outcome
from sessions.locks import SessionBusy, SessionLocks
from sessions.owners import RunOwners
from sessions.planlog import record_plan
from sessions.rowcache import RowCache
from sessions.tables import CoachingSession
from sessions.views import GraphState

logger = logging.getLogger(__name__)

ABANDONED = (
    "the previous run stopped before it finished (its server process ended); nothing it had not saved counts: "
    "retry the session to continue it"
)
# A read waits this long for the session's lock to settle a dead run; past it, another writer has the session.
SETTLE_WAIT_S = 5.0
# Runs looked at per sweep (at start-up and periodically).
SWEEP_BATCH = 500

StateReader = Callable[[str], Awaitable[GraphState]]


class RunRecovery:
    """Tells live runs from dead ones and settles the dead."""

    def __init__(self, *, database: Database, owners: RunOwners, locks: SessionLocks, state: StateReader,
                 hub: EventHub, rows: RowCache | None) -> None:
        self._database = database
        self.owners = owners
        self._locks = locks
        self._state = state
        self._hub = hub
        self._rows = rows

    async def live_runs(self, rows: Sequence[CoachingSession]) -> set[str]:
        """The ids of the rows whose run is under way in a live process."""
        running = [row for row in rows if row.run_started_at is not None]
        mine = self.owners.token
        others = {row.run_owner for row in running if row.run_owner is not None and row.run_owner != mine}
        alive = await self.owners.alive(others) if others else set()
        # This process's runs hold their session's lock from claim to finish: one without it was cut short.
        return {row.id for row in running
                if (self._locks.is_held(row.id) if row.run_owner == mine else row.run_owner in alive)}

    async def settled(self, rows: Sequence[CoachingSession]) -> list[CoachingSession]:
        """`rows` as they are once every run among them whose process died is settled (for reads)."""
        if all(row.run_started_at is None for row in rows):
            return list(rows)
        live = await self.live_runs(rows)
        return [row if row.run_started_at is None or row.id in live else await self._settle_dead(row)
                for row in rows]

    async def settle_all(self) -> int:
        """Settle every run whose process died (start-up, periodically); how many were."""
        async with self._database.sessions() as db:
            rows = await crud.list_running(db=db, limit=SWEEP_BATCH)
        live = await self.live_runs(rows)
        dead = [row for row in rows if row.id not in live]
        for row in dead:
            await self._settle_dead(row)
        return len(dead)

    async def run_periodically(self, interval_s: float) -> None:
        """Every `interval_s`: keep this process's owner lock, settle dead runs. Runs until cancelled."""
        while True:
            await asyncio.sleep(interval_s)
            try:
                await self.owners.check()
                await self.settle_all()
            except Exception:
                logger.exception("settling the runs of ended server processes failed; again in %g s", interval_s)

    async def _settle_dead(self, row: CoachingSession) -> CoachingSession:
        try:
            async with self._locks.hold(row.id, timeout_s=SETTLE_WAIT_S):
                async with self._database.sessions() as db:
                    current = await crud.get_session(db=db, session_id=row.id)
                if current is None:  # deleted meanwhile
                    return _not_running(row)
                if current.run_started_at is not None:
                    await self.settle_locked(current)
                return current
        except SessionBusy:
            # Another writer has the session, and settles the dead run itself before it runs anything.
            return _not_running(row)

    async def settle_locked(self, row: CoachingSession) -> None:
        """Record where the graph of a run that will never finish stopped. Called under the session's lock."""
        state = await self._state(row.id)
        pending = state.pending
        failure = Failure(code="retryable", message=ABANDONED) if (
            pending is None and state.status != "completed") else None
        async with self._database.transaction() as db:
            settled = await crud.finish_run(
                db=db, row=row, status="failed" if failure else state.status,
                pending_id=pending.id if pending else None, pending_kind=pending.kind if pending else None,
                error=failure.message if failure else None, error_code=failure.code if failure else None,
                traceparent=row.traceparent)
            if settled and pending is not None:  # answered, but its run died before the checkpoint: not applied
                await crud.delete_decision(db=db, session_id=row.id, interrupt_id=pending.id)
            if settled:
                await record_plan(db, row, state, None)
        if not settled:  # another writer moved the row on: whoever reads it next reads it afresh
            if self._rows is not None:
                self._rows.forget(row.id)
            return
        if self._rows is not None:
            self._rows.put(row)
        logger.warning("session %s: settled a run whose server process ended (%s)", row.id,
                       f"waiting on {pending.id}" if pending else row.status)
        publish_outcome(self._hub, row, pending, failure)


def _not_running(row: CoachingSession) -> CoachingSession:
    return CoachingSession.model_validate(row.model_dump() | {"run_started_at": None, "run_owner": None})
