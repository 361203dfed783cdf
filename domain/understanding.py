"""What the interview understood, as a person reads it at the profile review: each field with a label, its value in
words, and a mark where it was read with low confidence. The terminal, the chat message and the web UI say it alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from domain.answers import SENIORITY_LABELS, SITUATION_LABELS, Option
from domain.profile import Profile, ReviewField
from knowledge.models import Role, Vocabulary

LABELS: dict[ReviewField, str] = {
    "current_role": "Your work", "situation": "Your situation", "years_experience": "Years in this work",
    "seniority": "Level", "main_tasks": "What fills your week", "skills": "Your strengths",
    "ai_tools": "AI tools you use", "ai_tools_avoided": "AI tools you won't or can't use",
    "ai_at_work": "AI tools allowed at work", "hours_per_week": "Hours a week for this",
    "hours_pattern": "When you're free", "times_not": "Times ruled out", "hours_worked": "Your working week",
    "constraints": "What limits you", "constraint_kinds": "Kinds of limits", "concerns": "What worries you",
    "concern_kinds": "Kinds of worries", "goals": "What you want", "avoid": "What you don't want in a plan",
    "age": "Age", "country": "Where you live", "deadline_weeks": "Your deadline",
}
SITUATIONS = {"employed": "in work", "job_seeking": "looking for work", "freelance": "freelance or self-employed",
              "student": "studying", "career_break": "not in paid work for now (a career break)"}
NOT_SAID = "not said"
_WHEN_KNOWN = ("age", "country", "deadline_weeks")


def kind_labels(vocabulary: Vocabulary) -> dict[str, str]:
    """How each kind of limit and worry, and each country, is named to the person."""
    return {**{k: v.label for k, v in vocabulary.constraint_kinds.items()},
            **{k: v.label for k, v in vocabulary.concern_kinds.items()},
            **{k: v.label for k, v in vocabulary.countries.items()}}


@dataclass(frozen=True)
class Line:
    field: ReviewField
    label: str
    value: str
    unsure: bool


def _said(profile: Profile, field: ReviewField, kinds: Mapping[str, str]) -> str:
    value = getattr(profile, field)
    if field in ("constraint_kinds", "concern_kinds"):
        return "; ".join(kinds.get(k, k.replace("_", " ")) for k in value) or NOT_SAID
    if field == "country" and value:
        return kinds.get(str(value), str(value).upper())
    if field == "situation" and value:
        return SITUATIONS.get(str(value), str(value))
    if field == "seniority" and value:
        return SENIORITY_LABELS.get(str(value), str(value)).lower()
    if field == "ai_at_work":
        return NOT_SAID if value is None else "yes" if value else "no: your employer forbids them"
    if field in ("hours_per_week", "hours_worked") and value is not None:
        return "none: not in work now" if field == "hours_worked" and not value else f"{value:g} hours a week"
    if field == "deadline_weeks" and value is not None:
        weeks = f"{value} week{'s' if value != 1 else ''} from now"
        return f"{weeks} (you said: \"{profile.deadline}\")" if profile.deadline else weeks
    if field == "years_experience" and value is not None:
        return f"{value:g}"
    if isinstance(value, list):
        return "; ".join(str(v).replace("_", " ") for v in value) or NOT_SAID
    return str(value) if value not in (None, "") else NOT_SAID


def understood(profile: Profile, *, kinds: Mapping[str, str] | None = None,
               fields: tuple[ReviewField, ...] | None = None) -> list[Line]:
    """The profile review's lines, in order; kinds of limits and worries (named by `kinds`, the vocabulary's
    labels), age, country and a deadline only when known."""
    shown = fields or tuple(f for f in LABELS if f not in (*_WHEN_KNOWN, "constraint_kinds", "concern_kinds")
                            or getattr(profile, f))
    return [Line(f, LABELS[f], _said(profile, f, kinds or {}), f in profile.uncertain) for f in shown]


def understood_text(profile: Profile, kinds: Mapping[str, str] | None = None) -> str:
    """The profile review as Markdown: one line per field, unsure ones marked."""
    lines = [f"- **{line.label}:** {line.value}" + (" _(not sure - please check)_" if line.unsure else "")
             for line in understood(profile, kinds=kinds)]
    return "\n".join(["Here is what I understood:", *lines])


def profile_view(profile: Profile, vocabulary: Vocabulary) -> dict[str, Any]:
    """What the profile review shows beside the draft: each field in words, and the options of the fields that take
    them (so an edit sends values the profile accepts)."""
    labels = kind_labels(vocabulary)
    times = [Option(value=t, label=t) for t in vocabulary.times_of_day]
    return {
        "understood": [vars(line) for line in understood(profile, kinds=labels)],
        "choices": {
            "situation": [Option(value=k, label=v) for k, v in SITUATION_LABELS.items()],
            "seniority": [Option(value=k, label=v) for k, v in SENIORITY_LABELS.items()],
            "times_not": times, "hours_pattern": times,
            "constraint_kinds": [Option(value=k, label=v.label) for k, v in vocabulary.constraint_kinds.items()],
            "concern_kinds": [Option(value=k, label=v.label) for k, v in vocabulary.concern_kinds.items()],
            "country": [Option(value=k, label=v.label) for k, v in vocabulary.countries.items()],
        },
    }


def role_options(roles: tuple[Role, ...]) -> list[Option]:
    """The catalog's roles a reviewer may place the person in, and 'none of these'."""
    return [*(Option(value=r.id, label=r.name) for r in roles), Option(value="none", label="None of these")]
