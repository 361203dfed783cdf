"""The people played live (evals/live), replayed on the knowledge engine: what a careful coach would have understood
of each (`expect`) is what the confirmed profile holds, and every draft they were shown keeps faith with them."""

from __future__ import annotations

import pytest

from agents.deps import AgentDeps
from evals.faith_checks import FAITH_CHECKS, corrections_kept
from evals.live import LiveCase, Replay, load_cases, replay
from knowledge.base import KnowledgeBase

CASES = load_cases()


@pytest.fixture(scope="module")
def replays(deps: AgentDeps) -> dict[str, Replay]:
    return {case.id: replay(case, deps) for case in CASES}


def test_there_are_live_cases_with_expectations() -> None:
    assert len(CASES) >= 8 and all(case.expect for case in CASES)


def _gap(case: LiveCase, check: str) -> pytest.MarkDecorator | tuple[()]:
    """A check a case is known to fail still runs, and must fail until the gap is closed (then remove it)."""
    reason = case.known_gaps.get(check)
    return pytest.mark.xfail(strict=True, reason=reason) if reason else ()


UNDERSTOOD = [pytest.param(c, id=c.id, marks=_gap(c, "understood")) for c in CASES]
FAITH = [pytest.param(c, check, id=f"{check}-{c.id}", marks=_gap(c, check)) for check in FAITH_CHECKS for c in CASES]


def test_known_gaps_name_real_checks() -> None:
    assert all(set(c.known_gaps) <= {"understood", *FAITH_CHECKS} for c in CASES)


@pytest.mark.parametrize("case", UNDERSTOOD)
def test_what_they_said_is_what_was_understood(case: LiveCase, replays: dict[str, Replay]) -> None:
    outcome = corrections_kept(case, replays[case.id])
    assert outcome.passed, outcome.detail


@pytest.mark.parametrize(("case", "check"), FAITH)
def test_every_draft_they_saw_keeps_faith(case: LiveCase, check: str, replays: dict[str, Replay],
                                          kb: KnowledgeBase) -> None:
    outcome = FAITH_CHECKS[check](replays[case.id], kb)
    assert outcome.passed is not False, f"{check}: {outcome.detail}"
