"""Alembic migrations, run from code: `upgrade_database(settings)` brings the product tables to head."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config

from sessions.db import create_sync_engine, sqlite_exclusive, sqlite_path, sync_database_url
from settings import Settings

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
MIGRATION_WAIT_S = 120.0
"""How long a process waits for another one migrating the same SQLite file."""


def alembic_config(settings: Settings) -> Config:
    """An Alembic config built in code (no alembic.ini): script location and database URL."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    url = sync_database_url(settings).render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(settings: Settings, revision: str = "head") -> None:
    """Apply every migration up to `revision` (idempotent; concurrent callers queue up, on PostgreSQL by its lock,
    on SQLite by a lock file beside the database)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_sync_engine(settings, role="migrations")
    try:
        with _one_at_a_time(sqlite_path(settings)), engine.connect() as connection:
            config = alembic_config(settings)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


@contextmanager
def _one_at_a_time(path: str | None) -> Iterator[None]:
    """On SQLite, processes starting together on one file migrate one at a time (the second finds the tables at
    head): an exclusive transaction on a lock file beside it, which SQLite releases if the holder dies."""
    if not path or path == ":memory:":
        yield
        return
    lock = sqlite_exclusive(f"{path}.migrating", MIGRATION_WAIT_S)
    try:
        yield
    finally:
        lock.close()
