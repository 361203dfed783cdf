"""A coach who takes back a claim ("remove the claim that AI drafts his tickets", "booking isn't work AI drafts")
is never read as making it: the exposure does not rise on it, the sentence naming those tasks goes (and stays gone
in later rounds), and the revision says it was taken out. Gaps listed with semicolons are all added."""

from __future__ import annotations

from typing import Any

import pytest

from agents.assessor.coached import DRAFTING_CLAIM, gaps_named
from agents.assessor.node import assess
from agents.deps import AgentDeps
from agents.engines import build_deps
from domain.profile import Profile
from domain.state import initial_state
from knowledge.base import KnowledgeBase
from reading.assessment_feedback import read
from settings import Settings

PROFILE = Profile(current_role="parish council clerk", situation="employed", years_experience=11,
                  main_tasks=["typing up the minutes", "writing letters to residents", "walking the allotments"],
                  skills=["knowing the parish"], hours_per_week=3, confirmed=True)


@pytest.fixture(scope="module")
def deps(kb: KnowledgeBase) -> AgentDeps:
    return build_deps(Settings(), kb)


def _rounds(deps: AgentDeps, *feedback: str) -> list[dict[str, Any]]:
    state: Any = dict(initial_state()) | {"profile": PROFILE}
    out = [state | assess(state, deps)]
    for said in feedback:
        state = out[-1] | {"feedback": said}
        out.append(state | assess(state, deps))
    return out


def _cheaper(state: dict[str, Any]) -> Any:
    return next(e for e in state["assessment"].exposure if e.dynamic == "cheaper-execution")


@pytest.mark.parametrize("said", [
    "Remove the claim that AI drafts her minutes.",
    "Typing the minutes isn't work AI drafts, she does it live in the meeting.",
    "Take the letters out of the routine work AI drafts quickly, please.",
])
def test_a_claim_taken_back_is_not_read_as_made(said: str) -> None:
    feedback = read(said)
    assert not feedback.automated and feedback.not_routine


def test_the_claim_goes_the_level_stays_and_the_note_says_so(deps: AgentDeps) -> None:
    first, taken, later = _rounds(deps, "Remove the claim that AI drafts her minutes and letters.",
                                  "Add gaps: no website skills.")
    assert DRAFTING_CLAIM.search(_cheaper(first).rationale), _cheaper(first).rationale
    assert not DRAFTING_CLAIM.search(_cheaper(taken).rationale)
    assert _cheaper(taken).level == _cheaper(first).level
    assert any(n.startswith("Taken out, as your coach said") for n in taken["assessment"].revision_notes)
    assert not DRAFTING_CLAIM.search(_cheaper(later).rationale)  # a later round does not bring it back


def test_gaps_listed_with_semicolons_are_each_added() -> None:
    assert gaps_named("Add gaps: slow at written reports; no assessor qualification yet.") == [
        "slow at written reports", "no assessor qualification yet"]


def test_a_claim_taken_back_stays_gone_when_the_role_changes(deps: AgentDeps) -> None:
    _, taken, other_role = _rounds(deps, "Remove the claim that AI drafts her minutes and letters.",
                                   "None of the roles is hers: she is a parish council clerk.")
    assert not DRAFTING_CLAIM.search(_cheaper(taken).rationale)
    assert not DRAFTING_CLAIM.search(_cheaper(other_role).rationale)


def test_a_gap_listed_after_a_semicolon_is_never_said_not_acted_on(deps: AgentDeps) -> None:
    _, redo = _rounds(deps, "Add gaps: no minute-taking course; no experience of the new planning portal yet.")
    notes = " ".join(redo["assessment"].revision_notes)
    assert "no experience of the new planning portal yet" in notes and "Not acted on" not in notes, notes
