"""Processes started together on one SQLite file migrate it one at a time: neither fails on a table the other just
made (two `coach serve` processes, or workers, on a fresh data directory)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from sqlalchemy import create_engine, inspect

from sessions.migrate import upgrade_database
from settings import load_settings

TOGETHER = 4


def _migrate(data_dir: str) -> None:
    upgrade_database(load_settings(data_dir=Path(data_dir)))


def test_processes_starting_together_migrate_one_sqlite_file_one_at_a_time(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_migrate, args=(str(tmp_path),)) for _ in range(TOGETHER)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0] * TOGETHER
    tables = inspect(create_engine(load_settings(data_dir=tmp_path).resolved_database_url)).get_table_names()
    assert "users" in tables and "alembic_version" in tables
