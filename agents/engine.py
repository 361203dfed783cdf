"""What every engine returns: a result and the tokens it spent (zero for the knowledge engine)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Drafted(Generic[T]):
    value: T
    tokens: int = 0
