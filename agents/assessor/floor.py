"""The rules' reading of an answer as the floor under a chat model's: the model may add what the rules left open,
never blank out or overwrite what they read.

A small model typically replies `{"answered": false}` to an answer that plainly names a job, or says the person
declined; taken as it stands, that reading would empty the interview. So the rules decide whether an answer counts,
whether the person stopped or declined, and every field they read; the model only fills fields still open, those
fields are marked uncertain (the person sees and confirms them at the profile review), and an answer the rules could
not read counts when the model read the asked field from it.
"""

from __future__ import annotations

import re
from typing import Any

from domain.profile import REVIEW_FIELDS, Extraction, Profile
from knowledge.models import ProfileField
from reading.answers import NOTES
from reading.numbers import word_numbers

MODEL_FIELDS: frozenset[str] = frozenset({
    "current_role", "situation", "main_tasks", "goals", "avoid", "hours_per_week", "hours_pattern", "constraints",
    "concerns", "skills", "ai_tools", "ai_tools_avoided", "years_experience", "leadership_years", "seniority",
    "manages_people",
})
"""The fields the model is asked to read (the extraction prompt names them). Anything else it writes (skipped fields,
a confirmation, role ids) is not taken: those are the rules', the catalog's or the person's to set."""

DERIVED: dict[str, tuple[str, ...]] = {
    "current_role": ("matched_role", "domain"), "goals": ("target_role",), "constraints": ("constraint_kinds",),
    "concerns": ("concern_kinds",),
}
"""Fields the catalog derives from a field the model read: taken with it, never on their own."""

NUMBERS = frozenset({"hours_per_week", "years_experience", "leadership_years"})
"""Fields holding a number: the model's is taken only when the answer says that number (a small model fills in a
plausible figure from nothing)."""

_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")

SETTLING_NOTES: frozenset[str] = frozenset(
    NOTES[k] for k in ("nothing_kept", "greeting", "non_answer", "back_reference", "question_back", "fixed_only"))
"""The rules' notes on an answer that is not an answer to the question (small talk, "I don't know", a question back,
a correction of another field only): no model is asked to find one in it."""


def settled(reading: Extraction) -> bool:
    """The rules settled the answer: a stop, a decline or a non-answer - nothing for a model to read."""
    return reading.done or reading.skip or (not reading.answered and reading.note in SETTLING_NOTES)


def said(number: float, answer: str) -> bool:
    """The answer says `number`, in digits or words ("3 hrs", "twelve years")."""
    return any(float(n.replace(",", ".")) == number for n in _NUMBER.findall(word_numbers(answer)))


def _filled(profile: Profile, name: str) -> bool:
    value = getattr(profile, name)
    return value is not None and value != []


def floored(reading: Extraction, model: Profile, profile: Profile, asked: ProfileField, answer: str, *,
            answered: bool) -> Extraction:
    """`reading` with the fields `model` read that neither `reading` nor the `profile` so far holds, marked uncertain.
    `answered` is the model's verdict: it counts only when the model read the asked field and the rules could not.

    A field the profile already holds stays as the person's earlier answers had it: a model's reading of a later
    answer neither overwrites it nor adds to it (a small model echoes an answer into whatever field it likes);
    corrections are the rules' to read (`replaces`, `removes`)."""
    closed = {n for n in Profile.model_fields if _filled(reading.updates, n) or _filled(profile, n)} | set(
        reading.replaces) | set(reading.removes) | set(profile.skipped) | set(profile.declared_none)
    added: dict[str, Any] = {}
    for name in sorted(MODEL_FIELDS - closed):
        if not _filled(model, name) or (name in NUMBERS and not said(getattr(model, name), answer)):
            continue
        added[name] = getattr(model, name)
        added |= {d: getattr(model, d) for d in DERIVED.get(name, ()) if d not in closed and _filled(model, d)}
    if not added:
        return reading.model_copy(update={"model": "nothing_new"})
    counts = reading.answered or (answered and asked in added)
    review = set(REVIEW_FIELDS)
    uncertain = list(dict.fromkeys([*reading.uncertain, *(n for n in added if n in review)]))
    return reading.model_copy(update={
        "answered": counts, "note": None if counts else reading.note,
        "updates": reading.updates.merged(Profile.model_validate(added)), "uncertain": uncertain,
        "model": "added", "by_model": list(added),
    })
