"""What a person is shown keeps faith with them, on every persona, feedback case, correction case and live case:
claims true, figures for their group, limits kept, worries answered or declined, corrections kept, honest text
kept whole by the screen (figures: bench/quality.py)."""

from __future__ import annotations

import pytest

from evals.report import Report


@pytest.mark.parametrize("name", [
    "claims verified (on every draft shown)", "figures only about the person's group",
    "every worry answered or declined",
    "limits respected (money, device, AI at work, times)", "after feedback: claims verified (on every draft shown)",
    "after feedback: limits respected (money, device, AI at work, times)",
    "corrections kept (correction and live cases)", "screen keeps honest text whole (false positives: 0)",
])
def test_faith_holds_everywhere(report: Report, name: str) -> None:
    tally = report.tallies[name]
    assert tally.applicable > 0
    assert tally.failures == [], f"{name}: {tally.passed}/{tally.applicable}"
