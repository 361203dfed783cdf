"""The API's parts alone: keys, text checks, the event hub, Markdown, migrations, the first admin, the CLI."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel
from typer.testing import CliRunner

from agents.planner.render import plan_markdown
from api.auth import KeyUse, authenticate
from api.errors import documented_methods
from coach.cli.main import app as cli
from domain.plan import Plan
from knowledge.base import KnowledgeBase
from sessions.accounts import generate_key, key_matches, key_prefix
from sessions.bootstrap import ADMIN_KEY_FILE, ensure_first_admin
from sessions.db import async_database_url, lock_key, open_database, psycopg_conninfo, startup_lock, sync_database_url
from sessions.events import EventHub
from sessions.inputs import text_problem, text_problems
from sessions.migrate import upgrade_database
from sessions.tables import ROLES
from settings import Settings, load_settings
from tests.support.postgres import temporary_database


def test_keys_are_random_prefixed_and_verified_by_hash() -> None:
    first, second = generate_key(), generate_key()
    assert first.token != second.token and first.prefix != second.prefix
    assert first.token.startswith(f"ck_{first.prefix}_") and first.token not in first.key_hash
    assert key_prefix(first.token) == first.prefix
    assert key_matches(first.token, first.key_hash) and not key_matches(second.token, first.key_hash)
    for malformed in ("", "ck_", "ck_short_x", "xx_0123456789ab_secret", f"ck_{first.prefix}_"):
        assert key_prefix(malformed) is None


def test_text_checks() -> None:
    assert text_problem("plain text, accents é, emoji 🙂") is None
    assert "NUL" in (text_problem("a\x00b") or "")
    assert "surrogate" in (text_problem("a\ud800b") or "")
    found = list(text_problems({"a": ["ok", "bad\x00"], "k\x00": 1, "n": 3}))
    assert [loc for loc, _ in found] == [("a", 1), ("<key>",)]


def test_urls_for_each_driver(tmp_path: Path) -> None:
    sqlite = load_settings(data_dir=tmp_path)
    assert async_database_url(sqlite).drivername == "sqlite+aiosqlite"
    assert sync_database_url(sqlite).database == str((tmp_path / "coach.db").resolve())
    postgres = load_settings(data_dir=tmp_path, database_url="postgresql://u:p%40ss@db:5432/coach")
    assert async_database_url(postgres).drivername == "postgresql+psycopg"
    assert psycopg_conninfo(postgres) == "postgresql://u:p%40ss@db:5432/coach"
    assert lock_key("session:a") == lock_key("session:a") != lock_key("session:b")
    assert -(2**63) <= lock_key("x") < 2**63


def test_allow_lists_the_documented_methods() -> None:
    paths: dict[str, Any] = {"/v1/sessions": {"get": {}, "post": {}}, "/v1/sessions/{session_id}": {"delete": {}}}
    document = {"paths": paths}
    assert documented_methods(document, "/v1/sessions") == ["GET", "POST"]
    assert documented_methods(document, "/v1/sessions/abc") == ["DELETE"]
    assert documented_methods(document, "/v1/sessions/abc/plan") == []


async def test_event_hub_fans_out_and_closes() -> None:
    hub = EventHub()
    with hub.subscribe("s1") as first, hub.subscribe("s1") as second, hub.subscribe("s2") as other:
        assert hub.subscriber_count("s1") == 2
        with hub.running("s1"):
            assert hub.is_running("s1") and not hub.is_running("s2")
            hub.publish("s1", "node_started", {"node": "ask"})
        hub.close("s1")
        for stream in (first, second):
            event = await stream.next(1)
            assert event is not None and (event.type, event.data) == ("node_started", {"node": "ask"})
            assert await stream.next(1) is None and stream.ended == "deleted"
        assert other.pending == 0 and other.ended is None
    assert hub.subscriber_count("s1") == 0 and hub.open_streams() == 0


def test_plan_markdown_resolves_citations(kb: KnowledgeBase) -> None:
    action = {"title": "Automate the regression suite", "why": "Routine checks go first.",
              "steps": ["Pick 10 tests", "Script them"], "hours_per_week": 2.5, "duration_weeks": 1,
              "success_metric": "10 tests run nightly", "citations": ["role.qa-ai-quality", "no.such.id"]}
    stage = {"goal": "Take the chores out", "horizon_weeks": 4, "actions": [action, action | {"title": "Second"}]}
    plan = Plan.model_validate({"summary": "A plan.", "stages": [stage | {"stage": "survive"}],
                                "revision_notes": ["Cut hours"]})
    markdown = plan_markdown(plan, kb, status="draft", version=3)
    title = kb.get("role.qa-ai-quality").title  # type: ignore[union-attr]
    assert "_Plan status: draft, version 3_" in markdown
    assert "## 1. Survive: Take the chores out" in markdown and "_4 weeks, about 5 h/week in all_" in markdown
    assert "- **Effort:** 2.5 h/week for 1 week" in markdown and "1. Pick 10 tests\n2. Script them" in markdown
    assert "- **Sources:** [1], [2]" in markdown and "## Revision notes\n\n- Cut hours" in markdown
    assert f"1. **{title}** (`role.qa-ai-quality`;" in markdown
    assert "2. `no.such.id` (not in the knowledge base)" in markdown


def _assert_migrated(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, SQLModel.metadata) == []
            tables = set(inspect(connection).get_table_names())
        assert {"users", "api_keys", "coaching_sessions", "decisions", "plan_versions", "spans"} <= tables
    finally:
        engine.dispose()


def test_migrations_match_the_models_on_sqlite(settings: Settings) -> None:
    upgrade_database(settings)
    upgrade_database(settings)  # idempotent
    _assert_migrated(sync_database_url(settings).render_as_string(hide_password=False))


@pytest.mark.postgres
def test_migrations_match_the_models_on_postgres(tmp_path: Path) -> None:
    with temporary_database("coach_api_migrate") as url:
        settings = load_settings(data_dir=tmp_path, database_url=url)
        upgrade_database(settings)
        _assert_migrated(sync_database_url(settings).render_as_string(hide_password=False))


async def test_the_first_admin_is_created_once(settings: Settings) -> None:
    upgrade_database(settings)
    async with open_database(settings) as database:
        issued = await ensure_first_admin(database=database, data_dir=settings.data_dir)
        assert issued is not None and issued.user.role == "admin"
        assert await ensure_first_admin(database=database, data_dir=settings.data_dir) is None
    key_file = settings.data_dir / ADMIN_KEY_FILE
    assert key_file.read_text().strip() == issued.token
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_users_create_prints_a_working_key(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_DATA_DIR", str(settings.data_dir))
    result = CliRunner().invoke(cli, ["users", "create", "Robin", "--role", "coach"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert key_prefix(token) is not None and "Created coach Robin" in result.output

    async def lookup() -> str | None:
        async with open_database(settings) as database:
            caller = await authenticate(database=database, uses=KeyUse(), token=token)
        return caller.user.role if caller else None

    assert asyncio.run(lookup()) == "coach"
    bad = CliRunner().invoke(cli, ["users", "create", "Robin", "--role", "boss"])
    assert bad.exit_code != 0 and "unknown role" in bad.output


def test_the_cli_knows_the_api_roles() -> None:
    from coach.cli.users import ROLE_NAMES

    assert ROLE_NAMES == ROLES


@pytest.mark.postgres
async def test_the_startup_lock_serialises_without_blocking_concurrent_index_builds(tmp_path: Path) -> None:
    """What the checkpointer's first setup does under the lock (CREATE INDEX CONCURRENTLY) must not wait for
    the server queueing for the same lock: it would never let go."""
    with temporary_database("coach_api_startup") as url:
        settings = load_settings(data_dir=tmp_path, database_url=url)
        order: list[str] = []

        async def hold(name: str) -> None:
            async with open_database(settings) as database, startup_lock(database):
                order.append(f"{name} in")
                if name == "first":
                    await asyncio.sleep(0.3)  # the second one is queueing now
                    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as connection:
                        await connection.execute("CREATE TABLE t (x int)")
                        await asyncio.wait_for(connection.execute("CREATE INDEX CONCURRENTLY ON t (x)"), 10)
                order.append(f"{name} out")

        first = asyncio.create_task(hold("first"))
        await asyncio.sleep(0.1)
        await asyncio.gather(first, hold("second"))
        assert order == ["first in", "first out", "second in", "second out"]
