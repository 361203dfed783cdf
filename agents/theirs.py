"""The person's own numbers: what they said in their answers, what they and their coach wrote at the reviews, and
what their confirmed profile holds. A draft may say these back to them ("your 17 years", "from 120 to 150", "1,800
followers" for "1.8k") without a source: they are theirs, not figures that need a citation.
"""

from __future__ import annotations

from collections.abc import Iterable

from domain.profile import Profile
from domain.state import Decision, Turn
from reading.text import number_set

_NUMERIC_FIELDS = ("years_experience", "leadership_years", "age", "hours_per_week", "hours_worked", "deadline_weeks")


def profile_words(profile: Profile) -> list[str]:
    """What the person said in their own words, as the confirmed profile keeps it."""
    return [*profile.skills, *profile.main_tasks, profile.current_role or "", profile.hours_pattern or "",
            *profile.times_not, *profile.constraints, *profile.goals, *profile.concerns, *profile.avoid,
            *profile.ai_tools]


def heard(transcript: Iterable[Turn], decisions: Iterable[Decision]) -> tuple[str, ...]:
    """Everything said to the product in words: each answer, and the feedback given at each review."""
    return (*(t.answer for t in transcript), *(d.feedback for d in decisions if d.feedback))


def their_numbers(profile: Profile | None, said: Iterable[str] = ()) -> frozenset[str]:
    """The values of every number the person gave (in any spelling: '1.8k' and '1,800', 'twenty-two' and '22')."""
    texts = list(said)
    if profile is not None:
        texts += profile_words(profile)
        texts += [f"{value:g}" for name in _NUMERIC_FIELDS if (value := getattr(profile, name)) is not None]
    return frozenset(number_set(texts))
