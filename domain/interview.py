"""The question currently put to the person: part of the graph's state."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from knowledge.models import AnswerSpec, ProfileField

MAX_ATTEMPTS = 2
"""A question is asked at most this many times (the second time after an answer that did not count)."""
MAX_REASKS = 3
"""A question comes back at most this many times in all, empty answers included (they cost no question slot, but
each one is a run and a checkpoint): then the interview moves on, the field marked as not answered."""


class AskedQuestion(BaseModel):
    """The question currently put to the person."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question_id: str
    field: ProfileField
    text: str
    hint: str
    attempt: int = Field(ge=1, le=MAX_ATTEMPTS, description="2 when re-asked after an answer that did not count.")
    reasks: int = Field(default=0, ge=0, le=MAX_REASKS,
                        description="How many times it came back, after empty answers or ones that did not count.")
    note: str | None = Field(default=None, description="Why the question is asked again.")
    reflection: str | None = Field(default=None, description="What the coach heard in the last answer, said back.")
    answer: AnswerSpec = Field(default_factory=AnswerSpec, description="The answer expected, beside free text.")

    @property
    def question(self) -> str:
        """The question itself: its text, or on a second attempt the hint with an example."""
        return self.text if self.attempt == 1 else self.hint

    @property
    def prompt(self) -> str:
        """What the person reads: what was heard (or why the question comes again), then the question."""
        lead = self.note or self.reflection
        return f"{lead} {self.question}" if lead else self.question
