"""Starting afresh wipes what the coach holds of a person: it is done only when they ask for it, never when they say
they will not, or fear to, start again."""

from __future__ import annotations

import pytest

from agents.assessor.returning import wants_afresh


@pytest.mark.parametrize("text", [
    "I do not want to sell the round, borrow money, or start again from scratch at my age.",
    "honestly scared i'll have to start over somewhere new",
    "I refuse to begin again from zero after 20 years",
    "too old to start afresh, that's the worry",
    "rather than starting over, I'd like to keep my clients",
])
def test_a_start_again_not_wanted_keeps_the_profile(text: str) -> None:
    assert not wants_afresh(text)


@pytest.mark.parametrize("text", [
    "start again please",
    "none of this is me. can we start over",
    "that's wrong, my years are wrong - just start again",
    "not me at all, just start over",
    "I don't know, just start again",
])
def test_a_plain_ask_to_start_again_still_starts_afresh(text: str) -> None:
    assert wants_afresh(text)


@pytest.mark.parametrize("text", [
    "You listed four worries. None of those are mine, my worry is the interview.",
    "none of those worries are mine",
    "the skills you put are not me at all, I do payroll",
    "none of these are right - the tasks are wrong",
])
def test_a_correction_of_one_part_is_no_start_afresh(text: str) -> None:
    assert not wants_afresh(text)
