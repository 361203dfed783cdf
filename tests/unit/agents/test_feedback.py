"""Reading feedback on a plan: what to add, what to drop ("less on ..."), and words no topic covers."""

from __future__ import annotations

import pytest

from agents.planner.feedback import FeedbackReader
from knowledge.base import KnowledgeBase


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase) -> FeedbackReader:
    return FeedbackReader(kb.catalog.vocabulary)


@pytest.mark.parametrize(("feedback", "focus", "exclude"), [
    ("focus more on getting new clients and less on AI testing", ["clients"], ["evaluation"]),
    ("fewer prototypes, more writing", ["writing"], ["building"]),
    ("I don't want to build anything, I'm not technical", [], ["building", "coding"]),
    ("not so much coding please", [], ["coding"]),
])
def test_less_of_a_topic_leaves_it_out(reader: FeedbackReader, feedback: str, focus: list[str],
                                       exclude: list[str]) -> None:
    read = reader.read(feedback)
    assert read.focus == focus and sorted(read.exclude) == sorted(exclude)


def test_words_no_topic_covers_are_kept_as_said(reader: FeedbackReader) -> None:
    read = reader.read("Make it more about my students and the classroom, I only have 3 hours a week")
    assert read.words == ["students", "classroom"] and read.hours_budget == 3


def test_words_in_a_negated_clause_are_not_wanted(reader: FeedbackReader) -> None:
    assert "spreadsheets" not in reader.read("no spreadsheets, more about patients").words


@pytest.mark.parametrize("feedback", [
    "she manages no team and no budget, she is a nurse",
    "Answer his worry that his hours get cut by 40% and that he has no certificates",
    "don't say the sources say nothing about clients, and stop quoting 'coding' back at him",
])
def test_what_describes_the_person_or_the_wording_is_no_ask(reader: FeedbackReader, feedback: str) -> None:
    read = reader.read(feedback)
    assert read.exclude == [] and read.focus == [], (read.exclude, read.focus)


def test_a_description_beside_an_ask_leaves_the_ask(reader: FeedbackReader) -> None:
    read = reader.read("She has no budget at all: no paid courses. She should focus on clients.")
    assert read.exclude == ["certificates"] and read.focus == ["clients"], (read.exclude, read.focus)
    assert "she" not in read.words


def test_hours_that_were_cut_are_no_removal(reader: FeedbackReader) -> None:
    read = reader.read("Her review hours get cut 40% this year; take out both budget / portfolio actions")
    assert read.unmatched == [] and "40%" not in " ".join(read.remove)


def test_taking_back_a_leaving_out_wants_the_topics_again(reader: FeedbackReader) -> None:
    read = reader.read("This revision is worse. I did not ask to leave out clients, networking or income - those "
                       "notes are false. Put back the client check-ins.")
    assert read.exclude == [] and {"clients", "income"} <= set(read.focus), (read.exclude, read.focus)


def test_the_products_own_notes_quoted_back_are_no_ask(reader: FeedbackReader) -> None:
    read = reader.read("Your notes say 'more on evaluation / standards / writing' - I asked for none of that.")
    assert read.focus == [] and read.exclude == [], (read.focus, read.exclude)


@pytest.mark.parametrize(("feedback", "budget"), [
    ("I never asked for 0.5 hours a week - he has 2 hours a week, Friday afternoons.", 2),
    ("He works nights Sun-Wed 10pm-6:30; his free time is Friday afternoon.", None),
    ("She already sends applications ~20 h/week. The 5 h/week are on top of that.", 5),
    ("She has 2 hrs Monday afternoon plus 10-min phone gaps, not 'at most one hour'.", 2),
    ("Keep it to her Tue/Thu evenings, max 4 h/week.", 4),
    ("She looks after her dad about 25 hours a week, so go gently.", None),  # hours spent on something else
    ("He volunteers 6 hours at the food bank; give him 3 hours a week.", 3),
    ("The summary still says three hours; he has 2 now and almost nothing on late weeks.", None),
])
def test_the_hours_asked_for_are_a_budget_not_any_hours_named(reader: FeedbackReader, feedback: str,
                                                              budget: float | None) -> None:
    assert reader.read(feedback).hours_budget == budget


@pytest.mark.parametrize(("feedback", "left_out"), [
    ("Drop 'Publish what you have learned and help set a standard', it is not for a returner.", []),
    ("Drop 'book 20-minute check-ins with your top 5 clients about what is changing for them'.", []),
    ("Take out \u201cWrite a short guide for your team\u201d, she has no team.", []),
    ('Remove "Share your writing on a public blog" - too much for her.', []),
    ("Drop 'Publish what you have learned', and leave out writing altogether.", ["writing"]),
    ("Leave out the 'writing' stuff.", ["writing"]),
])
def test_a_quoted_action_name_is_no_topic_left_out(reader: FeedbackReader, feedback: str,
                                                     left_out: list[str]) -> None:
    """Dropping an action named in the draft's own words takes that action out; the topics its title happens to
    name (writing, clients, standards) are not asked to be left out of the whole plan."""
    assert reader.read(feedback).exclude == left_out
