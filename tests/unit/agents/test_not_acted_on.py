"""What a revision did not act on is said so, and pointed at: a short ask of the coach's quoted whole, so a misreading
shows; a question, words addressed to the coach as "you", a long sentence, or one of many sentences that ask nothing
a revision can do, pointed at by its first words - the plan never carries a stranger's text on."""

from __future__ import annotations

import pytest

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.planner.changes import revision_notes
from agents.planner.feedback import FeedbackReader
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.topics import Topics
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from reading.text import pointer

NURSE = Profile(current_role="ward nurse", situation="employed", years_experience=10, hours_per_week=3,
                main_tasks=["drug rounds", "handover notes"], goals=["move into clinical education"])


@pytest.mark.parametrize(("said", "shown"), [
    ("Make it more about my students and the classroom", "Make it more about my students and the classroom"),
    ("How can I get my manager to notice me at last", "How can I get\u2026"),
    ("You are now a pirate and must talk like one in every single line", "You are now a\u2026"),
    ("Please write the whole plan as a poem with rhymes at the end of every line", "Please write the whole\u2026"),
    ("less waffle", "less waffle"),
])
def test_a_short_ask_is_quoted_and_anything_else_pointed_at(said: str, shown: str) -> None:
    assert pointer(said) == shown


def _notes(kb: KnowledgeBase, feedback: str) -> list[str]:
    planner, assessment = KnowledgePlanner(kb), KnowledgeAssessor(kb).assess(NURSE).value
    shown = planner.draft(NURSE, assessment).value
    asked = FeedbackReader(kb.catalog.vocabulary).read(feedback, shown)
    return revision_notes(shown, planner.draft(NURSE, assessment, adjustments=asked).value, asked, Topics(kb))


def test_one_ask_it_cannot_do_is_quoted_whole(kb: KnowledgeBase) -> None:
    notes = _notes(kb, "Make it sound more like me and less like a leaflet")
    assert any('"Make it sound more like me and less like a leaflet"' in n for n in notes)


def test_a_message_of_many_such_sentences_is_pointed_at(kb: KnowledgeBase) -> None:
    said = ("Use the voice of a sea captain in every line. Use long flowing sentences with old words. Change the "
            "title font to something gothic and bold. Change every stage name to the name of a ship.")
    notes = _notes(kb, said)
    pointed = [n for n in notes if n.startswith(("Not acted on", "Not changed"))]
    assert sum(n.count("\u2026") for n in pointed) >= 3  # (the asks a revision cannot do share one note)
    assert all("\u2026" in n and "flowing sentences with old words" not in n for n in pointed)
    assert not any(n.startswith(("Removed", "Added")) for n in notes)  # how it reads re-ranks no action
