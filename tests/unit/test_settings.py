"""Configuration precedence: explicit > environment > default."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from settings import load_settings
from settings.config import ConnectionPools


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("COACH_ENGINE", "COACH_DATA_DIR", "COACH_DATABASE_URL", "COACH_LIMIT_ANSWER_CHARS"):
        monkeypatch.delenv(var, raising=False)
    s = load_settings()
    assert s.engine == "knowledge" and s.data_dir == Path(".coach")
    assert s.resolved_database_url.startswith("sqlite:///") and s.resolved_database_url.endswith("/.coach/coach.db")
    assert s.limits.answer_chars == 4000 and s.limits.max_questions == 10 and s.limits.max_revisions == 2


def test_environment_beats_default_and_explicit_beats_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_ENGINE", "llm")
    monkeypatch.setenv("COACH_LLM_MODEL", "env-model")
    monkeypatch.setenv("COACH_LIMIT_ANSWER_CHARS", "1234")
    from_env = load_settings()
    assert (from_env.engine, from_env.llm_model, from_env.limits.answer_chars) == ("llm", "env-model", 1234)
    explicit = load_settings(llm_model="explicit-model", engine="knowledge")
    assert (explicit.engine, explicit.llm_model) == ("knowledge", "explicit-model")


def test_postgres_is_selected_by_the_url() -> None:
    assert load_settings(database_url="postgresql+psycopg://localhost/x").is_postgres
    assert not load_settings().is_postgres


def test_placeholder_keys_are_refused() -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        load_settings(llm_api_key="changeme")


@pytest.mark.parametrize("budget", [12, 22, 45, 90, 400])
def test_a_processs_pools_stay_within_its_connection_budget(budget: int) -> None:
    pools = ConnectionPools.of(budget)
    assert pools.total <= budget and min(pools.tables, pools.checkpoints, pools.memory) >= 1


def test_workers_share_the_connections_and_one_process_keeps_them_all(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path, database_connections=90)
    assert settings.for_workers(1).database_connections == 90
    shares = [settings.for_workers(n) for n in (2, 4)]
    assert [s.database_connections for s in shares] == [45, 22]
    assert all(n * s.pools.total <= 90 for n, s in zip((2, 4), shares, strict=True))


def test_the_product_tables_pools_follow_the_budget(tmp_path: Path) -> None:
    from sessions.db import create_database
    settings = load_settings(data_dir=tmp_path, database_url="postgresql://nobody@127.0.0.1:1/none",
                             database_connections=40)
    database = create_database(settings)  # engines connect lazily: nothing is opened here
    pool: Any = database.engine.pool
    assert pool.size() == settings.pools.tables and pool._max_overflow == settings.pools.tables_overflow
