"""Choosing the next interview question: from the bank, by what the profile still lacks."""

from __future__ import annotations

from domain.interview import AskedQuestion
from domain.profile import Profile
from knowledge.models import Question

OPTIONAL_FIELDS_WANTED = 3


def is_sufficient(profile: Profile, questions: tuple[Question, ...]) -> bool:
    """Every required field known, and enough of the optional ones to personalise the plan."""
    required = {q.field for q in questions if q.required}
    optional = {q.field for q in questions if not q.required} - required
    if not all(profile.has(f) for f in required):
        return False
    return sum(profile.has(f) for f in optional) >= min(OPTIONAL_FIELDS_WANTED, len(optional))


def next_question(profile: Profile, questions: tuple[Question, ...], asked_ids: list[str]) -> Question | None:
    """The highest-priority question whose field is still unknown and which has not been asked yet."""
    for question in sorted(questions, key=lambda q: (q.priority, q.id)):
        if question.id not in asked_ids and not profile.has(question.field):
            return question
    return None


def first_ask(question: Question) -> AskedQuestion:
    return AskedQuestion(question_id=question.id, field=question.field, text=question.text, hint=question.hint,
                         attempt=1)


def ask_again(asked: AskedQuestion, note: str | None) -> AskedQuestion:
    return asked.model_copy(update={"attempt": asked.attempt + 1, "note": note})
