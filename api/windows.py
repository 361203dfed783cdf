"""A process's own moving-window counters, for the rate limits when no Redis shares them.

The same rule as the `limits` library's moving window (a hit is taken while fewer than `amount` hits fall in the
last `seconds`), kept as a deque of hit times per counter. The library's in-memory storage sweeps every counter it
holds, each through a worker thread, after each hit: with many keys in use that cost grows with every key, on every
request. Here a hit touches only its own counter, and counters left idle are dropped in a sweep at most once a
window, on the event loop.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable


class MovingWindows:
    """Counters of hits in the last `seconds`, each capped at its `amount`."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._hits: dict[Hashable, tuple[float, deque[float]]] = {}
        """Per counter: its window (s), and the times of the hits still in it, oldest first."""
        self._next_sweep = 0.0

    def hit(self, counter: Hashable, *, amount: int, seconds: float) -> bool:
        """Take a hit on `counter` if fewer than `amount` fall in the last `seconds`; False (nothing taken) if not."""
        now = self._clock()
        self._sweep(now)
        _, hits = self._hits.setdefault(counter, (seconds, deque()))
        _drop_before(hits, now - seconds)
        if len(hits) >= amount:
            return False
        hits.append(now)
        return True

    def retry_after(self, counter: Hashable, *, seconds: float) -> float:
        """Seconds until the oldest hit of `counter` leaves its window (0 when it holds none)."""
        entry = self._hits.get(counter)
        if entry is None or not entry[1]:
            return 0.0
        return max(0.0, entry[1][0] + seconds - self._clock())

    def __len__(self) -> int:
        return len(self._hits)

    def _sweep(self, now: float) -> None:
        """Drop the counters whose hits have all left their window (at most once a second)."""
        if now < self._next_sweep:
            return
        self._next_sweep = now + 1.0
        idle = [counter for counter, (seconds, hits) in self._hits.items() if not hits or hits[-1] <= now - seconds]
        for counter in idle:
            del self._hits[counter]


def _drop_before(hits: deque[float], cutoff: float) -> None:
    while hits and hits[0] <= cutoff:
        hits.popleft()
