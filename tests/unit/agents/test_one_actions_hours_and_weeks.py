"""Hours and weeks a coach gives one action ("shift the mock interviews to the final 4 weeks, 1 hour a week", "give
those 2 hours to 'Ask for the rota lead role'", "check 12 files in 3 weeks") size or time that action: they are
never the plan's weekly budget nor its deadline. The total said again ("put the total back to 6 hours a week") is
the budget, and puts back no action called "the total"."""

from __future__ import annotations

import pytest

from agents.planner.feedback import FeedbackReader
from knowledge.base import KnowledgeBase


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase) -> FeedbackReader:
    return FeedbackReader(kb.catalog.vocabulary)


@pytest.mark.parametrize("said", [
    "Shift the mock interviews to the final 4 weeks, 1 hour a week.",
    "Change the first-aid refresher action to weeks 2-5, 1.5 hours a week: book the course and do it.",
    "Give those 2 hours to \"Ask for the rota lead role\" (make it 1 hour a week) and to the job search.",
    "Give the registration action 2 hours a week for 5 weeks.",
    "He should log 12 files in 3 weeks and compare them with the tool.",
    "Take out the blog: a newsletter at 3 h a week is not him.",
])
def test_one_actions_size_or_timing_is_no_budget_and_no_deadline(reader: FeedbackReader, said: str) -> None:
    asked = reader.read(said)
    assert asked.hours_budget is None and asked.deadline_weeks is None, said


def test_the_total_said_again_is_the_budget_and_puts_no_action_back(reader: FeedbackReader) -> None:
    asked = reader.read("Put the total back to 6 hours a week.")
    assert asked.hours_budget == 6 and asked.adds == []
