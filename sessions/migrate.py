"""Alembic migrations, run from code: `upgrade_database(settings)` brings the product tables to head."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from sessions.db import create_sync_engine, sync_database_url
from settings import Settings

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(settings: Settings) -> Config:
    """An Alembic config built in code (no alembic.ini): script location and database URL."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    url = sync_database_url(settings).render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(settings: Settings, revision: str = "head") -> None:
    """Apply every migration up to `revision` (idempotent; concurrent callers on PostgreSQL queue up)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = create_sync_engine(settings, role="migrations")
    try:
        with engine.connect() as connection:
            config = alembic_config(settings)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()
