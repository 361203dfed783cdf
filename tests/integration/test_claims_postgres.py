"""A resume's claim and its decision on PostgreSQL, one statement: both or neither, whatever the decision holds."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel import select

from sessions import crud
from sessions.db import Database, open_database
from sessions.migrate import upgrade_database
from sessions.tables import CoachingSession, DecisionRecord, User
from settings import load_settings
from tests.support.postgres import temporary_database

pytestmark = [pytest.mark.integration, pytest.mark.postgres]


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    with temporary_database("coach_claims") as url:
        settings = load_settings(data_dir=tmp_path, database_url=url)
        upgrade_database(settings)
        async with open_database(settings) as database:
            yield database


async def _session(database: Database) -> tuple[User, CoachingSession]:
    async with database.transaction() as db:
        user = User(name="Ana", role="coachee")
        db.add(user)
        await db.flush()
        row = await crud.create_session(db=db, owner=user, session_id="s1")
    return user, row


async def _decisions(database: Database) -> list[DecisionRecord]:
    async with database.sessions() as db:
        return list((await db.exec(select(DecisionRecord).order_by(DecisionRecord.id))).all())


async def _version(database: Database) -> int:
    async with database.sessions() as db:
        return (await db.exec(select(CoachingSession.version))).one()


@pytest.mark.parametrize(("action", "edits", "feedback"), [
    ("answer", None, None),
    ("edit", {"summary": "shorter", "stages": [{"title": "one", "actions": []}]}, None),
    ("reject", None, "too much for my evenings; my email is ana@example.com"),
])
async def test_a_claim_writes_its_decision(database: Database, action: str, edits: dict[str, object] | None,
                                           feedback: str | None) -> None:
    user, row = await _session(database)
    async with database.transaction() as db:
        assert await crud.claim_with_decision(db=db, row=row, owner="proc", interrupt_id="i1-question",
                                              kind="question", action=action,  # type: ignore[arg-type]
                                              actor=user, edits=edits, feedback=feedback)
    assert (row.version, row.run_owner, row.pending_id) == (1, "proc", None) and row.run_started_at is not None
    assert await _version(database) == 1
    [decision] = await _decisions(database)
    assert (decision.session_id, decision.interrupt_id, decision.action, decision.actor_id, decision.edits) == (
        "s1", "i1-question", action, user.id, edits)
    assert decision.feedback is None if feedback is None else "ana@example.com" not in (decision.feedback or "")


async def test_a_stale_claim_writes_nothing(database: Database) -> None:
    user, row = await _session(database)
    stale = row.model_copy()
    async with database.transaction() as db:
        assert await crud.claim_session(db=db, row=row)
    async with database.transaction() as db:
        assert not await crud.claim_with_decision(db=db, row=stale, owner="proc", interrupt_id="i1-question",
                                                  kind="question", action="answer", actor=user)
    assert stale.version == 0 and await _version(database) == 1
    assert await _decisions(database) == []


async def test_a_second_decision_on_one_interrupt_replaces_the_first(database: Database) -> None:
    user, row = await _session(database)
    for answer in ("first", "second"):
        async with database.transaction() as db:
            assert await crud.claim_with_decision(db=db, row=row, owner=None, interrupt_id="i1-question",
                                                  kind="question", action="answer", actor=user, feedback=answer)
    assert [d.feedback for d in await _decisions(database)] == ["second"]
    assert await _version(database) == 2
