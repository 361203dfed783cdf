"""What a person is shown keeps faith with them, on every persona, feedback case, correction case and live case:
claims true, figures for their group, limits kept, worries answered or declined, corrections kept, honest text
kept whole by the screen (figures: bench/quality.py)."""

from __future__ import annotations

import pytest

from evals.live import load_cases
from evals.report import Report

CORRECTIONS = "corrections kept (correction and live cases)"


@pytest.mark.parametrize("name", [
    "claims verified (on every draft shown)", "figures only about the person's group",
    "every worry answered or declined",
    "limits respected (money, device, AI at work, times)", "after feedback: claims verified (on every draft shown)",
    "after feedback: limits respected (money, device, AI at work, times)",
    "corrections kept (correction and live cases)", "screen keeps honest text whole (false positives: 0)",
])
def test_faith_holds_everywhere(report: Report, name: str) -> None:
    tally = report.tallies[name]
    known = tuple(f"{c.id}:" for c in load_cases() if name == CORRECTIONS and "understood" in c.known_gaps)
    assert tally.applicable > 0
    assert [f for f in tally.failures if not f.startswith(known) or not known] == [], \
        f"{name}: {tally.passed}/{tally.applicable}"  # a live case's known gap is held by tests/unit/evals/test_live
