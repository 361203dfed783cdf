"""Counting what a session costs the databases, in process: statements on the product database (SQLAlchemy's
cursor events, on every engine of the process: the service's and the span exporter's) and the checkpointer's writes
(its `aput` and `aput_writes`, wrapped)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy import Engine, event

# The table a statement works on, for the breakdown.
_TABLE = re.compile(r"\b(?:FROM|INTO|UPDATE)\s+\"?(\w+)", re.IGNORECASE)


def _label(statement: str) -> str:
    verb = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else "?"
    table = _TABLE.search(statement)
    return f"{verb} {table.group(1)}" if table else verb


@dataclass
class Counts:
    statements: Counter[str] = field(default_factory=Counter)
    transactions: int = 0
    checkpoints: int = 0
    checkpoint_writes: int = 0

    @property
    def total(self) -> int:
        return sum(self.statements.values())


@contextmanager
def counting(checkpointer: BaseCheckpointSaver[Any]) -> Iterator[Counts]:
    """Count, while inside, every statement any SQLAlchemy engine of this process sends and every write of
    `checkpointer`."""
    counts = Counts()

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        counts.statements[_label(statement)] += 1

    def on_commit(_conn: Any) -> None:
        counts.transactions += 1

    original_put, original_writes = checkpointer.aput, checkpointer.aput_writes

    async def aput(*args: Any, **kwargs: Any) -> Any:
        counts.checkpoints += 1
        return await original_put(*args, **kwargs)

    async def aput_writes(*args: Any, **kwargs: Any) -> Any:
        counts.checkpoint_writes += 1
        return await original_writes(*args, **kwargs)

    event.listen(Engine, "before_cursor_execute", on_statement)
    event.listen(Engine, "commit", on_commit)
    checkpointer.aput, checkpointer.aput_writes = aput, aput_writes  # type: ignore[method-assign]
    try:
        yield counts
    finally:
        event.remove(Engine, "before_cursor_execute", on_statement)
        event.remove(Engine, "commit", on_commit)
        del checkpointer.aput, checkpointer.aput_writes
