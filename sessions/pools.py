"""How many PostgreSQL connections a server process opens, pool by pool, so that all the workers of a server stay
within the database's `max_connections`.

Measured under `bench/scale.py` (40 concurrent sessions, knowledge engine, tracing on): the checkpointer and the
memory store never hold more than one connection per process at once (LangGraph's saver serialises its calls on
a lock; the store's batches run one after another), nor does the span exporter (one export thread). What grows
with load is the product tables' engine: a run holds one connection for its whole length (the session's advisory
lock) and takes others for a few milliseconds each (reads, its claim, the row of where it stopped). So the plan
gives the checkpointer, store and spans the few they use, and what is left to runs holding a lock and to the
short reads and writes, with waits in the pool instead of new connections: the locked runs are capped (the others
wait for a slot, holding nothing), the pools do not overflow, and a request waits for a connection to come back
(`POOL_WAIT_S`) rather than opening one the server refuses ("too many clients").
"""

from __future__ import annotations

from dataclasses import dataclass

# Connections each process holds outside its pools: the event relay's listening and sending ones, the listener of
# key and document changes; and the migration engine's, opened for a moment at start-up under the startup lock.
DEDICATED = 3
MIGRATIONS = 1
# The run-owner lock's connection, held for the process's life, taken from the tables' engine.
OWNER_LOCK = 1
# What the checkpointer, the memory store and the span exporter get: they hold one connection at a time (a broken
# one is discarded before its replacement opens).
CHECKPOINTS = 1
MEMORY = 1
SPANS = 1
# Beyond these the measured use did not go (one process serving 40 concurrent sessions): more would sit idle.
MOST_LOCKED_RUNS = 16
MOST_TABLES = 16
MOST_RELAXED = 4
# Connections the default budget leaves to other clients of the database (psql, `coach` commands, a migration
# tool) besides the ones `superuser_reserved_connections` keeps for superusers.
HEADROOM = 10
# How long a request waits for a pooled connection to come back before its step fails as the database's fault
# (a 503, or a run's retryable failure): the pools are bounded, so under a burst requests queue here.
POOL_WAIT_S = 30.0


@dataclass(frozen=True)
class PoolPlan:
    """The most connections each pool of one server process opens."""

    locked_runs: int
    """Runs holding their session's advisory lock at once (each on a connection of the tables' engine)."""
    tables: int
    """The tables' engine's connections for short reads and writes, beside the locked runs and the owner lock."""
    relaxed: int
    """The engine of unsynced commits (where a run stopped)."""
    checkpoints: int = CHECKPOINTS
    memory: int = MEMORY
    spans: int = SPANS

    @classmethod
    def unbounded(cls) -> PoolPlan:
        """The plan of a process on SQLite, whose files have no pools to bound: the largest one."""
        return cls(locked_runs=MOST_LOCKED_RUNS, tables=MOST_TABLES, relaxed=MOST_RELAXED)

    @property
    def tables_engine(self) -> int:
        """The tables' engine's pool: locked runs, short work and the run-owner lock (it never overflows)."""
        return self.locked_runs + self.tables + OWNER_LOCK

    @property
    def total(self) -> int:
        """Every connection the process may have open at once."""
        return (self.tables_engine + self.relaxed + self.checkpoints + self.memory + self.spans + DEDICATED
                + MIGRATIONS)


FIXED = OWNER_LOCK + CHECKPOINTS + MEMORY + SPANS + DEDICATED + MIGRATIONS
SMALLEST = FIXED + 3  # one locked run, one short read or write, one unsynced commit


class TooFewConnections(ValueError):
    """The budget cannot give every worker its smallest plan."""


def default_budget(max_connections: int, reserved: int) -> int:
    """The connections one server may open on a database that allows `max_connections`, `reserved` of them kept
    for superusers: the rest less `HEADROOM` for other clients."""
    return max_connections - reserved - HEADROOM


def plan_pools(budget: int, workers: int = 1) -> PoolPlan:
    """The pools of one of `workers` processes that share `budget` connections: an equal share each, the fixed
    part taken first, then the unsynced commits' engine (a fifth of the rest, at most `MOST_RELAXED`), then the
    locked runs and the short work half each (at most `MOST_LOCKED_RUNS` and `MOST_TABLES`)."""
    if workers < 1:
        raise ValueError("at least one worker")
    share = budget // workers
    if share < SMALLEST:
        raise TooFewConnections(
            f"{budget} database connections over {workers} workers leave {share} each, fewer than the {SMALLEST} "
            f"one needs: raise PostgreSQL's max_connections, set COACH_DATABASE_CONNECTIONS, or run fewer workers")
    free = share - FIXED
    relaxed = min(MOST_RELAXED, max(1, free // 5))
    free -= relaxed
    locked_runs = min(MOST_LOCKED_RUNS, (free + 1) // 2)
    tables = min(MOST_TABLES, free - locked_runs)
    return PoolPlan(locked_runs=locked_runs, tables=tables, relaxed=relaxed)
