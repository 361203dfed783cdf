"""Data functions on sessions, decisions and plan versions. Keyword-only; the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import CursorResult, Table, cast, delete, literal, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import SQLModel, col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.failures import FailureCode
from domain.interrupts import COACH_REVIEW_KINDS, DecisionAction, InterruptKind
from observability.redaction import redact
from sessions.access import is_staff, visible_clause
from sessions.tables import CoachingSession, DecisionRecord, PlanStatus, PlanVersion, SessionStatus, User, utcnow


def _table(model: type[SQLModel]) -> Table:
    return SQLModel.metadata.tables[str(model.__tablename__)]


# --- sessions ----------------------------------------------------------------------------------------------


async def create_session(*, db: AsyncSession, owner: User, session_id: str,
                         run_owner: str | None = None) -> CoachingSession:
    """A new session; with `run_owner`, already claimed by its first run (version 1, a run started), as
    `claim_session` would leave it."""
    row = CoachingSession(id=session_id, owner_id=owner.id)
    if run_owner is not None:
        row.version, row.run_started_at, row.run_owner = 1, utcnow(), run_owner
    db.add(row)
    await db.flush()
    return row


async def count_open_sessions(*, db: AsyncSession, owner_id: str) -> int:
    """How many of the owner's sessions are not completed (a failed one can still be retried: it is open)."""
    statement = select(func.count()).select_from(CoachingSession).where(
        CoachingSession.owner_id == owner_id, CoachingSession.status != "completed")
    return int((await db.exec(statement)).one())


async def get_session(*, db: AsyncSession, session_id: str) -> CoachingSession | None:
    return (await db.exec(select(CoachingSession).where(CoachingSession.id == session_id))).first()


async def get_visible_session(*, db: AsyncSession, user: User, session_id: str) -> CoachingSession | None:
    """The session if `user` may see it: its owner, or a coach or admin. Otherwise None (a 404, never a 403)."""
    statement = select(CoachingSession).where(CoachingSession.id == session_id, visible_clause(user))
    return (await db.exec(statement)).first()


async def list_sessions(*, db: AsyncSession, user: User, limit: int, offset: int) -> Sequence[CoachingSession]:
    statement = select(CoachingSession).where(visible_clause(user))
    statement = statement.order_by(col(CoachingSession.created_at).desc(), col(CoachingSession.id))
    return (await db.exec(statement.offset(offset).limit(limit))).all()


async def user_names(*, db: AsyncSession, user_ids: Sequence[str]) -> dict[str, str]:
    """Display names by user id."""
    if not user_ids:
        return {}
    statement = select(User.id, User.name).where(col(User.id).in_(set(user_ids)))
    return {user_id: name for user_id, name in (await db.exec(statement)).all()}


async def claim_session(*, db: AsyncSession, row: CoachingSession, owner: str | None = None) -> bool:
    """Compare-and-set: move the session from `row.version` to the next version and mark a run started by the
    server process whose token is `owner` (`sessions.owners`).

    Nothing is pending while the run goes on: `finish_run` records the next interrupt. False when another
    writer got there first (the version moved on): the stale writer loses. On success `row` is updated.
    """
    return await _compare_and_set(db, row, _claim_changes(owner) | {"version": row.version + 1})


async def claim_with_decision(
    *,
    db: AsyncSession,
    row: CoachingSession,
    owner: str | None,
    interrupt_id: str,
    kind: InterruptKind,
    action: DecisionAction,
    actor: User,
    edits: dict[str, Any] | None = None,
    feedback: str | None = None,
) -> bool:
    """`claim_session` and `add_decision` on the interrupt the session waits on, both or neither: on PostgreSQL
    one statement (the decision is inserted from the claimed row, so none is written when the claim loses), on
    SQLite the two statements of the caller's transaction. False when another writer got there first."""
    if db.get_bind().dialect.name != "postgresql":
        if not await claim_session(db=db, row=row, owner=owner):
            return False
        await add_decision(db=db, session_id=row.id, interrupt_id=interrupt_id, kind=kind, action=action,
                           actor=actor, edits=edits, feedback=feedback)
        return True
    changes = _claim_changes(owner) | {"version": row.version + 1}
    sessions = _table(CoachingSession)
    claimed = (update(sessions).where(sessions.c.id == row.id, sessions.c.version == row.version)
               .values(**changes).returning(sessions.c.id).cte("claimed"))
    values = _decision(session_id=row.id, interrupt_id=interrupt_id, kind=kind, action=action, actor=actor,
                       edits=edits, feedback=feedback).model_dump(exclude={"id"})
    decisions = _table(DecisionRecord)
    # Each value cast to its column's type: an untyped parameter (a NULL among them) would be read as text.
    chosen = select(*[cast(literal(value, type_=decisions.c[name].type), decisions.c[name].type).label(name)
                      for name, value in values.items()])
    insert = postgresql_insert(decisions).from_select(list(values), chosen.select_from(claimed))
    insert = insert.on_conflict_do_update(index_elements=["session_id", "interrupt_id"],
                                          set_={name: insert.excluded[name] for name in values})
    result = await db.exec(insert.returning(decisions.c.id).add_cte(claimed))
    if result.first() is None:
        return False
    for name, value in changes.items():
        setattr(row, name, value)
    return True


def _claim_changes(owner: str | None) -> dict[str, Any]:
    started = utcnow()
    return {"run_started_at": started, "run_owner": owner, "pending_id": None, "pending_kind": None,
            "updated_at": started}


async def finish_run(
    *,
    db: AsyncSession,
    row: CoachingSession,
    status: SessionStatus,
    pending_id: str | None,
    pending_kind: InterruptKind | None,
    error: str | None,
    error_code: FailureCode | None,
    traceparent: str | None,
) -> bool:
    """Record where a run stopped; only the writer holding `row.version` may. On success `row` is updated."""
    changes: dict[str, Any] = {"status": status, "pending_id": pending_id, "pending_kind": pending_kind,
                               "error": error, "error_code": error_code, "traceparent": traceparent,
                               "run_started_at": None, "run_owner": None, "updated_at": utcnow()}
    return await _compare_and_set(db, row, changes)


async def _compare_and_set(db: AsyncSession, row: CoachingSession, changes: dict[str, Any]) -> bool:
    # On the table, not the mapped class: a plain UPDATE without the ORM's session synchronisation (hot path).
    table = _table(CoachingSession)
    statement = update(table).where(table.c.id == row.id, table.c.version == row.version).values(**changes)
    result: CursorResult[Any] = await db.exec(statement)
    if result.rowcount != 1:
        return False
    for name, value in changes.items():
        setattr(row, name, value)
    return True


async def list_running(*, db: AsyncSession, limit: int) -> Sequence[CoachingSession]:
    """Sessions marked as running (a run started and not finished), longest running first."""
    statement = select(CoachingSession).where(col(CoachingSession.run_started_at).is_not(None))
    return (await db.exec(statement.order_by(col(CoachingSession.run_started_at)).limit(limit))).all()


async def delete_session_rows(*, db: AsyncSession, session_id: str) -> None:
    for table in (DecisionRecord, PlanVersion):
        await db.exec(delete(table).where(col(table.session_id) == session_id))
    await db.exec(delete(CoachingSession).where(col(CoachingSession.id) == session_id))


# --- decisions and plan versions ---------------------------------------------------------------------------


async def add_decision(
    *,
    db: AsyncSession,
    session_id: str,
    interrupt_id: str,
    kind: InterruptKind,
    action: DecisionAction,
    actor: User,
    edits: dict[str, Any] | None = None,
    feedback: str | None = None,
) -> DecisionRecord:
    """Record a decision on the interrupt the session waits on, in the transaction that claims the session.

    A decision already recorded for that interrupt is replaced: the interrupt is still pending, so the run that
    was to apply it never finished (it failed or its process died before its checkpoint), and it never counted."""
    record = _decision(session_id=session_id, interrupt_id=interrupt_id, kind=kind, action=action, actor=actor,
                       edits=edits, feedback=feedback)
    # A plain INSERT rather than the unit of work: one per resume, on the hot path.
    values = record.model_dump(exclude={"id"})
    upsert = postgresql_insert if db.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = upsert(_table(DecisionRecord)).values(values)
    await db.exec(statement.on_conflict_do_update(index_elements=["session_id", "interrupt_id"], set_=values))
    return record


def _decision(*, session_id: str, interrupt_id: str, kind: InterruptKind, action: DecisionAction, actor: User,
              edits: dict[str, Any] | None, feedback: str | None) -> DecisionRecord:
    # The audit log keeps what was decided and why, not the personal data a reviewer's words may carry.
    return DecisionRecord(session_id=session_id, interrupt_id=interrupt_id, kind=kind, action=action,
                          actor_id=actor.id, edits=edits, feedback=redact(feedback) if feedback else feedback)


async def delete_decision(*, db: AsyncSession, session_id: str, interrupt_id: str) -> None:
    statement = delete(DecisionRecord).where(
        col(DecisionRecord.session_id) == session_id, col(DecisionRecord.interrupt_id) == interrupt_id)
    await db.exec(statement)


async def list_decisions(*, db: AsyncSession, session_id: str) -> Sequence[DecisionRecord]:
    statement = select(DecisionRecord).where(DecisionRecord.session_id == session_id).order_by(
        col(DecisionRecord.id))
    return (await db.exec(statement)).all()


async def latest_plan_version(*, db: AsyncSession, session_id: str) -> PlanVersion | None:
    statement = (
        select(PlanVersion).where(PlanVersion.session_id == session_id).order_by(col(PlanVersion.number).desc())
    )
    return (await db.exec(statement.limit(1))).first()


async def list_plan_versions(*, db: AsyncSession, session_id: str, limit: int) -> list[PlanVersion]:
    """The session's latest `limit` plan versions, oldest first."""
    statement = (
        select(PlanVersion).where(PlanVersion.session_id == session_id).order_by(col(PlanVersion.number).desc())
    )
    return list(reversed((await db.exec(statement.limit(limit))).all()))


async def add_plan_version(
    *, db: AsyncSession, session_id: str, status: PlanStatus, plan: dict[str, Any], interrupt_id: str | None,
    after: PlanVersion | None,
) -> PlanVersion:
    number = after.number + 1 if after is not None else 1
    record = PlanVersion(session_id=session_id, number=number, status=status, plan=plan, interrupt_id=interrupt_id)
    db.add(record)
    await db.flush()
    return record


# --- inbox -------------------------------------------------------------------------------------------------


async def list_inbox(
    *, db: AsyncSession, user: User, require_coach_review: bool, limit: int, offset: int
) -> Sequence[tuple[CoachingSession, User]]:
    """Sessions waiting at a review checkpoint that `user` may decide, oldest wait first."""
    if not is_staff(user) and require_coach_review:
        return []
    statement = (
        select(CoachingSession, User)
        .join(User, col(User.id) == col(CoachingSession.owner_id))
        .where(col(CoachingSession.pending_kind).in_(COACH_REVIEW_KINDS), visible_clause(user))
    )
    statement = statement.order_by(col(CoachingSession.updated_at), col(CoachingSession.id))
    return (await db.exec(statement.offset(offset).limit(limit))).all()
