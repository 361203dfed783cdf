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
    "Keep the leaflet action but cut it to 1 hour a week, not 2.",
    "Add, in the first stage, an action to set up online booking within 4 weeks: pick one free app.",
    "Step 3 asks her to call 20 schools within 2 weeks: impossible.",
])
def test_one_actions_size_or_timing_is_no_budget_and_no_deadline(reader: FeedbackReader, said: str) -> None:
    asked = reader.read(said)
    assert asked.hours_budget is None and asked.deadline_weeks is None, said


def test_the_total_said_again_is_the_budget_and_puts_no_action_back(reader: FeedbackReader) -> None:
    asked = reader.read("Put the total back to 6 hours a week.")
    assert asked.hours_budget == 6 and asked.adds == []



def test_no_deadline_said_clears_any_deadline(reader: FeedbackReader) -> None:
    asked = reader.read("She never gave a deadline; the 4 weeks was for the booking step only.")
    assert asked.no_deadline and asked.deadline_weeks is None
    before = reader.read("She needs it all done within 6 weeks.")
    assert before.deadline_weeks == 6 and before.merged(asked).deadline_weeks is None
    assert before.merged(asked).merged(reader.read("Fine, now make the whole plan 10 weeks.")).deadline_weeks == 10


def test_the_budget_beside_an_actions_size_is_read(reader: FeedbackReader) -> None:
    assert reader.read("Her budget is 4 hours a week, not 1; I only asked to cut the leaflet action to 1 hour."
                       ).hours_budget == 4
