"""The PostgreSQL pools of `coach serve --workers N` stay within the database's connections, whatever N."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sessions.pools import (
    FIXED,
    MOST_LOCKED_RUNS,
    MOST_TABLES,
    SMALLEST,
    TooFewConnections,
    default_budget,
    plan_pools,
)
from settings import load_settings

# A default PostgreSQL server: 100 connections, 3 kept for superusers.
DEFAULT_SERVER = default_budget(100, 3)


@pytest.mark.parametrize("workers", [1, 2, 3, 4, 5, 6])
def test_the_workers_pools_fit_a_default_server(workers: int) -> None:
    plan = plan_pools(DEFAULT_SERVER, workers)
    assert workers * plan.total <= DEFAULT_SERVER < 100 - 3
    assert plan.locked_runs >= 1 and plan.tables >= 1 and plan.relaxed >= 1


@pytest.mark.parametrize("budget", range(SMALLEST, 400, 7))
@pytest.mark.parametrize("workers", [1, 2, 4, 8])
def test_any_budget_is_kept(budget: int, workers: int) -> None:
    if budget // workers < SMALLEST:
        with pytest.raises(TooFewConnections, match="fewer than"):
            plan_pools(budget, workers)
        return
    plan = plan_pools(budget, workers)
    assert workers * plan.total <= budget
    assert plan.total >= FIXED + 3
    assert plan.locked_runs <= MOST_LOCKED_RUNS and plan.tables <= MOST_TABLES


def test_runs_under_a_lock_always_leave_connections_for_short_work() -> None:
    """A run holds its lock's connection and takes others from the same engine: the locked runs are capped below
    the pool, so the runs cannot take every connection and then wait for one another."""
    for workers in (1, 2, 4):
        plan = plan_pools(DEFAULT_SERVER, workers)
        assert plan.tables_engine - plan.locked_runs >= 2  # the owner lock and at least one for short work


def test_one_worker_is_not_starved() -> None:
    assert plan_pools(DEFAULT_SERVER, 1).locked_runs == MOST_LOCKED_RUNS


def test_the_engines_follow_the_plan(tmp_path: Path) -> None:
    from sessions.db import create_database
    settings = load_settings(data_dir=tmp_path, database_url="postgresql://nobody@127.0.0.1:1/none",
                             database_connections=87, workers=4)
    database = create_database(settings, settings.database_connections)  # engines connect lazily: nothing opens
    plan = plan_pools(87, 4)
    assert database.pools == plan
    tables: Any = database.engine.pool
    assert database.relaxed_engine is not None
    relaxed: Any = database.relaxed_engine.pool
    assert (tables.size(), tables._max_overflow) == (plan.tables_engine, 0)
    assert (relaxed.size(), relaxed._max_overflow) == (plan.relaxed, 0)
