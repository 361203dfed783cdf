"""Alembic environment: the product tables on SQLModel.metadata, on SQLite or PostgreSQL.

Run by `sessions.migrate.upgrade_database`, which passes an open connection in `config.attributes`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, func, select
from sqlmodel import SQLModel

import observability.store  # noqa: F401  (registers the spans table)
import sessions.tables  # noqa: F401  (registers the product tables)
from sessions.db import MIGRATION_LOCK_KEY

target_metadata = SQLModel.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Two servers starting at once: the second waits, then finds the schema at head.
            connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url") or "")
    try:
        with engine.connect() as fresh:
            _run(fresh)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run them against a database")
run_migrations_online()
