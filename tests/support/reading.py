"""One answer read as the interview reads it: to the question on a field, applied to the profile before it."""

from __future__ import annotations

from domain.interview import AskedQuestion
from domain.profile import Profile
from knowledge.models import ProfileField
from reading.answers import AnswerReader


def asked(field: ProfileField) -> AskedQuestion:
    return AskedQuestion(question_id=f"q.{field}", field=field, text="?", hint="e.g.", attempt=1)


def read_as(reader: AnswerReader, field: ProfileField, text: str, profile: Profile | None = None) -> Profile:
    before = profile or Profile()
    return before.applied(reader.read(asked(field), text, before))
