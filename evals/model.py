"""The evaluation set's shape: a person, their answers, what their session should show."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field

from domain.feedback import Adjustments
from graphs.driver import SessionScript
from knowledge.models import Seniority, Situation

PERSONAS_FILE = Path(__file__).with_name("personas.yaml")
FEEDBACK_FILE = Path(__file__).with_name("feedback.yaml")


class Expect(BaseModel):
    """What the interview and assessment should find. Unset means: not checked for this person."""

    model_config = ConfigDict(extra="forbid")

    role: str | None = Field(description="The catalog role that fits, or None when none does.")
    situation: Situation | None = None
    concerns: bool = Field(description="The person has concerns: the interview must collect them.")
    constraints: bool = Field(description="The person has constraints: the interview must collect them.")
    hours: float | None = None
    years: float | None = None
    seniority: Seniority | None = None
    tools_used: list[str] = Field(default_factory=list)
    tools_not_used: list[str] = Field(default_factory=list)
    tentative: bool = False
    security: bool = Field(default=False, description="Security vocabulary in the answers is the person's work.")


class Persona(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: str
    answers: dict[str, str | list[str]]
    default_answer: str = "I'd rather not say"
    decisions: list[dict[str, Any]] = Field(default_factory=list)
    expect: Expect

    def script(self, *, suffix: str = "") -> SessionScript:
        """The answers as a session script; `suffix` is appended to every answer (canaries)."""
        def add(value: str | list[str]) -> str | list[str]:
            return [v + suffix for v in value] if isinstance(value, list) else value + suffix
        return SessionScript(answers={k: add(v) for k, v in self.answers.items()},
                             default_answer=self.default_answer + suffix, decisions=self.decisions)


@cache
def personas() -> tuple[Persona, ...]:
    raw = yaml.safe_load(PERSONAS_FILE.read_text(encoding="utf-8"))
    return tuple(Persona.model_validate(entry) for entry in raw)


class FeedbackCase(BaseModel):
    """A persona rejects their first plan with `feedback`; the revision must keep what `expect` says it asks."""

    model_config = ConfigDict(extra="forbid")

    id: str
    persona: str
    feedback: str
    expect: Adjustments

    def person(self) -> Persona:
        return next(p for p in personas() if p.id == self.persona)

    def script(self) -> SessionScript:
        decisions = [{"action": "approve"}, {"action": "reject", "feedback": self.feedback}, {"action": "approve"}]
        return self.person().script().model_copy(update={"decisions": decisions})


@cache
def feedback_cases() -> tuple[FeedbackCase, ...]:
    raw = yaml.safe_load(FEEDBACK_FILE.read_text(encoding="utf-8"))
    return tuple(FeedbackCase.model_validate(entry) for entry in raw)
