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


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_what_they_said_is_what_was_understood(case: LiveCase, replays: dict[str, Replay]) -> None:
    outcome = corrections_kept(case, replays[case.id])
    assert outcome.passed, outcome.detail


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
@pytest.mark.parametrize("check", list(FAITH_CHECKS))
def test_every_draft_they_saw_keeps_faith(case: LiveCase, check: str, replays: dict[str, Replay],
                                          kb: KnowledgeBase) -> None:
    outcome = FAITH_CHECKS[check](replays[case.id], kb)
    assert outcome.passed is not False, f"{check}: {outcome.detail}"
