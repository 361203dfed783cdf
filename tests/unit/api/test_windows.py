"""The process's own moving windows: the `limits` library's moving-window rule, counter by counter, with idle
counters dropped."""

from __future__ import annotations

import pytest

from api.windows import MovingWindows


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("amount", "seconds"), [(1, 1.0), (3, 60.0), (5, 10.0), (120, 60.0)])
def test_a_window_takes_its_amount_then_refuses_until_the_oldest_hit_leaves(amount: int, seconds: float) -> None:
    clock = Clock()
    windows = MovingWindows(clock)
    taken = []
    for _ in range(amount + 2):
        taken.append(windows.hit("k", amount=amount, seconds=seconds))
        clock.now += seconds / (4 * amount)
    assert taken == [True] * amount + [False, False]
    wait = windows.retry_after("k", seconds=seconds)
    assert 0 < wait <= seconds
    clock.now += wait - 1e-6
    assert not windows.hit("k", amount=amount, seconds=seconds)  # a refusal takes nothing and the oldest is in
    clock.now += 2e-6
    assert windows.hit("k", amount=amount, seconds=seconds)  # it has left: one more is taken
    assert not windows.hit("k", amount=amount, seconds=seconds)


def test_counters_are_apart_and_a_window_moves_rather_than_resets() -> None:
    clock = Clock()
    windows = MovingWindows(clock)
    assert windows.hit("a", amount=2, seconds=60)
    clock.now += 50
    assert windows.hit("a", amount=2, seconds=60)
    assert not windows.hit("a", amount=2, seconds=60)
    assert windows.hit("b", amount=2, seconds=60)  # another counter has its own hits
    clock.now += 15  # the first hit of "a" has left; the second is still in
    assert windows.hit("a", amount=2, seconds=60)
    assert not windows.hit("a", amount=2, seconds=60)
    assert windows.retry_after("a", seconds=60) == pytest.approx(45)
    assert windows.retry_after("never", seconds=60) == 0


def test_idle_counters_are_dropped() -> None:
    clock = Clock()
    windows = MovingWindows(clock)
    for key in range(100):
        windows.hit(key, amount=5, seconds=10)
    assert len(windows) == 100
    clock.now += 11
    windows.hit("fresh", amount=5, seconds=10)
    assert len(windows) == 1  # the sweep dropped every counter whose hits had all left
    clock.now += 0.5
    for key in range(3):
        windows.hit(key, amount=5, seconds=10)
    assert len(windows) == 4
