"""The answer a question expects: free text always, and for some questions a structured answer as well (a choice,
several choices, hours a week with when, years with a level), described to clients by a JSON Schema and options.

A structured answer is read as the person stated it (nothing to guess); any free text beside it is read like an
answer. The transcript and the chat keep it as a line of words (`said`).
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import BaseModel, ConfigDict, Field

from domain.text import ShortText
from knowledge.models import AnswerKind, AnswerSpec, Seniority, Situation, Vocabulary

SITUATION_LABELS: dict[str, str] = {
    "employed": "Employed", "job_seeking": "Looking for work", "freelance": "Freelance or self-employed",
    "student": "Studying", "career_break": "Career break / not working now"}
SENIORITY_LABELS: dict[str, str] = {
    "entry": "New to it", "junior": "Junior", "mid": "Individual contributor", "senior": "Senior",
    "lead": "Leading a team", "executive": "Executive"}


class Option(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    value: str = Field(description="What to send.")
    label: str = Field(description="What to show.")


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: ShortText | None = Field(default=None, description="Anything else, in the person's own words.")


class ChoiceAnswer(_Answer):
    choice: str = Field(description="One of the options' values.")


class ChoicesAnswer(_Answer):
    choices: list[str] = Field(default_factory=list, max_length=12, description="Any of the options' values.")


class HoursAnswer(_Answer):
    hours_per_week: float = Field(gt=0, le=60, description="Hours a week the person can give this.")
    when: list[str] = Field(default_factory=list, max_length=8, description="When they are free (options).")
    not_when: list[str] = Field(default_factory=list, max_length=8, description="Times ruled out (options).")


class YearsAnswer(_Answer):
    years: float = Field(ge=0, le=60, description="Years in this kind of work.")
    level: Seniority | None = Field(default=None, description="Career level (options).")


class TextAnswer(_Answer):
    text: ShortText | None = Field(default=None, description="The answer, in the person's own words.")


StructuredAnswer = ChoiceAnswer | ChoicesAnswer | HoursAnswer | YearsAnswer | TextAnswer
MODELS: dict[AnswerKind, type[StructuredAnswer]] = {
    "text": TextAnswer, "choice": ChoiceAnswer, "choices": ChoicesAnswer, "hours": HoursAnswer, "years": YearsAnswer}
_OPTION_FIELDS: dict[AnswerKind, str] = {"choice": "choice", "choices": "choices", "hours": "when", "years": "level"}


def options(spec: AnswerSpec, vocabulary: Vocabulary) -> list[Option]:
    """The choices a question offers, as values and labels."""
    source = spec.options_from
    if source == "situations":
        return [Option(value=s, label=SITUATION_LABELS[s]) for s in get_args(Situation)]
    if source == "seniority":
        return [Option(value=s, label=SENIORITY_LABELS[s]) for s in get_args(Seniority)]
    if source == "constraint_kinds":
        return [Option(value=k, label=v.label) for k, v in vocabulary.constraint_kinds.items()]
    if source == "concern_kinds":
        return [Option(value=k, label=v.label) for k, v in vocabulary.concern_kinds.items()]
    if source == "times_of_day":
        return [Option(value=k, label=k) for k in vocabulary.times_of_day]
    return []


def answer_schema(spec: AnswerSpec, offered: list[Option]) -> dict[str, Any]:
    """The JSON Schema of the answer: text, or the structured answer with its options as an enum."""
    structured = MODELS[spec.kind].model_json_schema()
    if spec.kind != "text" and offered:
        values = [o.value for o in offered]
        name = _OPTION_FIELDS[spec.kind]
        prop = structured["properties"][name]
        if spec.kind in ("choices", "hours"):
            prop["items"] = {"type": "string", "enum": values}
            if spec.kind == "hours":
                structured["properties"]["not_when"]["items"] = {"type": "string", "enum": values}
        elif spec.kind == "choice":
            structured["properties"][name] = {**prop, "enum": values}
    if spec.kind == "text":
        return {"type": "string", "description": "The answer, in the person's own words."}
    return {"anyOf": [{"type": "string", "description": "The answer, in the person's own words."}, structured]}


def parse_structured(spec: AnswerSpec, value: dict[str, Any], offered: list[Option]) -> StructuredAnswer:
    """A structured answer checked against the question's model and options (ValueError names what is wrong)."""
    answer = MODELS[spec.kind].model_validate(value)
    allowed = {o.value for o in offered}
    chosen: list[str] = []
    if isinstance(answer, ChoiceAnswer):
        chosen = [answer.choice]
    elif isinstance(answer, ChoicesAnswer):
        chosen = answer.choices
    elif isinstance(answer, HoursAnswer):
        chosen = [*answer.when, *answer.not_when]
    if allowed and (unknown := [c for c in chosen if c not in allowed]):
        raise ValueError(f"not among the options: {', '.join(unknown[:3])}")
    return answer


def said(answer: StructuredAnswer, offered: list[Option]) -> str:
    """A structured answer as a line of words, for the transcript and the chat."""
    labels = {o.value: o.label for o in offered}
    parts: list[str] = []
    if isinstance(answer, ChoiceAnswer):
        parts.append(labels.get(answer.choice, answer.choice))
    elif isinstance(answer, ChoicesAnswer):
        parts += [labels.get(c, c) for c in answer.choices] or ["none of these"]
    elif isinstance(answer, HoursAnswer):
        parts.append(f"{answer.hours_per_week:g} hours a week")
        parts += [", ".join(answer.when)] if answer.when else []
        parts += [f"not {', '.join(answer.not_when)}"] if answer.not_when else []
    elif isinstance(answer, YearsAnswer):
        parts.append(f"{answer.years:g} years")
        parts += [SENIORITY_LABELS[answer.level].lower()] if answer.level else []
    if answer.text:
        parts.append(answer.text)
    return "; ".join(p for p in parts if p)
