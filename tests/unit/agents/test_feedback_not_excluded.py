"""A topic is left out only where the coach asks for that: never where they say nothing about it is ruled out, ask
for "not less" of it, or ask to add or practise it in the same feedback (whatever "won't write the AI rules" says of
another action) - the guard would otherwise claim the person "asked to leave out" what they asked for."""

from __future__ import annotations

import pytest

from agents.planner.feedback import FeedbackReader
from knowledge.base import KnowledgeBase


@pytest.mark.parametrize("said", [
    "Nothing about writing is ruled out for him.",
    "He wants to get better at reports, not less writing.",
    "Add practice writing short handover notes on her phone. A porter on nights will not write his field's AI rules.",
])
def test_writing_is_not_left_out(kb: KnowledgeBase, said: str) -> None:
    assert "writing" not in FeedbackReader(kb.catalog.vocabulary).read(said).exclude


def test_less_writing_still_leaves_it_out(kb: KnowledgeBase) -> None:
    assert "writing" in FeedbackReader(kb.catalog.vocabulary).read("Less writing, please.").exclude
