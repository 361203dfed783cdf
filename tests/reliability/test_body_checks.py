"""The body checks made before the key is known cost time in proportion to the body, never more: adversarial
bodies of 64 KB and 1 MB are each checked within bounds a quadratic check misses by orders of magnitude (it took
minutes on 1 MB), and 16 times the body costs well under 64 times the time; while they arrive (without a key)
another request is answered at once. The figures themselves (under 50 ms on an idle machine) are bench/probe.py's."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from api.bodies import body_problems
from evals.bodies import ADVERSARIAL_SHAPES, adversarial_body, served_while_attacked
from settings import load_settings
from tests.apitest.threaded import serving

CHECK_LIMIT_S = {"64 KB": 0.050, "1 MB": 0.250}
"""Bounds for a shared, loaded machine; a quadratic check needs seconds at 64 KB and minutes at 1 MB."""
LINEAR_RATIO = 64
SERVED_LIMIT_S = 0.100
STALL_S = 1.0
SIZES = {"64 KB": 64 * 1024, "1 MB": 1024 * 1024}


def _best_of(runs: int, work: Callable[[], object], give_up_s: float) -> float:
    """The fastest of `runs` timings (a loaded machine slows some runs, never all); stops early once one run is
    far over the limit (the quadratic check this replaces took minutes on 1 MB)."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
        if best > give_up_s:
            break
    return best


@pytest.mark.parametrize("shape", ADVERSARIAL_SHAPES)
def test_each_adversarial_body_is_checked_in_linear_time(shape: str) -> None:
    took: dict[str, float] = {}
    for size, length in SIZES.items():
        body = adversarial_body(shape, length)
        took[size] = _best_of(5, lambda b=body: body_problems(b, max_depth=32), give_up_s=10 * CHECK_LIMIT_S[size])
        assert took[size] < CHECK_LIMIT_S[size], f"{shape} at {size}: {took[size] * 1000:.0f} ms"
    assert took["1 MB"] < LINEAR_RATIO * max(took["64 KB"], 1e-4), {k: round(v * 1000, 1) for k, v in took.items()}


def test_adversarial_bodies_without_a_key_do_not_stall_other_requests(tmp_path: Path) -> None:
    """Bodies of 1 MB in every shape go to the one route that takes bodies that large (a document upload), with no
    key, from two clients at once; meanwhile the health check is answered in under 100 ms (the median of its probes;
    on a loaded machine a few take longer, none stalls: the check this replaces held every request for minutes)."""
    bodies = [adversarial_body(shape, SIZES["1 MB"]) for shape in ADVERSARIAL_SHAPES]
    with serving(load_settings(data_dir=tmp_path / "data")) as server:
        attack = served_while_attacked(server.url, bodies)
    assert attack.statuses and set(attack.statuses) <= {401, 422}, sorted(set(attack.statuses))
    served = sorted(attack.probes_s)
    assert served[len(served) // 2] < SERVED_LIMIT_S and served[-1] < STALL_S, [round(p * 1000) for p in served]
