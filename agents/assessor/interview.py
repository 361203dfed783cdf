"""Choosing the next interview question: from the bank, by what the profile still lacks.

Required fields (role, situation, tasks, goals, concerns, constraints, hours) are always covered within the
question limit: once the questions left are only enough for them, nothing optional is asked, and a question is
asked again only when that leaves room for every required field still open.
"""

from __future__ import annotations

from domain.interview import MAX_ATTEMPTS, MAX_REASKS, AskedQuestion
from domain.profile import Profile
from knowledge.models import ProfileField, Question

OPTIONAL_FIELDS_WANTED = 3


ASK_WHEN_LOOSE: frozenset[ProfileField] = frozenset({"hours_per_week"})
"""Fields asked about even when an answer to another question hinted at them: the plan is sized by the hours, so a
figure picked up in passing is checked by asking. (Other loose readings are checked at the profile review.)"""


def known(profile: Profile, field: ProfileField) -> bool:
    """A field the interview need not ask about: answered, declined or said to be none - and, for the hours, not
    merely picked up in passing."""
    return profile.has(field) and not (field in ASK_WHEN_LOOSE and field in profile.uncertain)


def _open(profile: Profile, questions: tuple[Question, ...], asked_ids: list[str]) -> list[Question]:
    return [q for q in sorted(questions, key=lambda q: (q.priority, q.id))
            if q.id not in asked_ids and not known(profile, q.field)]


def required_open(profile: Profile, questions: tuple[Question, ...], *, besides: ProfileField | None = None) -> int:
    """Required fields not known yet (other than `besides`)."""
    return len({q.field for q in questions if q.required and not known(profile, q.field) and q.field != besides})


def is_sufficient(profile: Profile, questions: tuple[Question, ...]) -> bool:
    """Every required field known, and enough of the optional ones to personalise the plan."""
    required = {q.field for q in questions if q.required}
    optional = {q.field for q in questions if not q.required} - required
    if not all(known(profile, f) for f in required):
        return False
    return sum(known(profile, f) for f in optional) >= min(OPTIONAL_FIELDS_WANTED, len(optional))


def next_question(profile: Profile, questions: tuple[Question, ...], asked_ids: list[str], *,
                  slots_left: int) -> Question | None:
    """The highest-priority open question; only required ones once the slots left are needed for them."""
    candidates = _open(profile, questions, asked_ids)
    required = [q for q in candidates if q.required]
    pool = required if slots_left <= required_open(profile, questions) else candidates
    return pool[0] if pool else None


def may_ask_again(asked: AskedQuestion, profile: Profile, questions: tuple[Question, ...], *, slots_left: int) -> bool:
    """A second try at a question that got no usable answer, if it does not crowd out a required field."""
    return (asked.attempt < MAX_ATTEMPTS and may_repeat(asked)
            and slots_left > required_open(profile, questions, besides=asked.field))


def may_repeat(asked: AskedQuestion) -> bool:
    """Whether the question may come back once more (empty answers included): at most MAX_REASKS times."""
    return asked.reasks < MAX_REASKS


NOT_WORKING = ("career_break", "job_seeking", "student")


def first_ask(question: Question, reflection: str | None = None, profile: Profile | None = None) -> AskedQuestion:
    """The question as put to this person: in the past tense for someone not in work now."""
    away = profile is not None and profile.situation in NOT_WORKING and question.text_not_working
    text = question.text_not_working if away and question.text_not_working else question.text
    return AskedQuestion(question_id=question.id, field=question.field, text=text, hint=question.hint,
                         answer=question.answer, attempt=1, reflection=reflection)


def ask_again(asked: AskedQuestion, note: str | None) -> AskedQuestion:
    return asked.model_copy(update={"attempt": asked.attempt + 1, "note": note, "reflection": None,
                                    "reasks": asked.reasks + 1})


def ask_same(asked: AskedQuestion, note: str) -> AskedQuestion:
    """The same question, same attempt: the answer was empty, so it cost no question slot."""
    return asked.model_copy(update={"note": note, "reasks": asked.reasks + 1})
