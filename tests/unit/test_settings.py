"""Configuration precedence: explicit > environment > default."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from settings import load_settings


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
