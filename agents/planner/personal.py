"""The person's own work in a plan's words: catalog texts name {routine}, {judgement}, {tasks} and {field}, and these
are filled from the confirmed profile - a routine task of theirs, a task that rests on their judgement, their line of
work - quoting only short names of their tasks, never their sentences. What a ruled-out time would have scheduled
("Each evening ...") is said without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from domain.profile import Profile
from knowledge.models import Role, Vocabulary
from reading.cues import PhraseSet, affirmed
from reading.signals import short_task

DEFAULTS = {"routine": "a routine task you do often", "judgement": "the part of your work that needs your judgement",
            "tasks": "tasks from your own work", "field": "your field"}
# A time ruled out, as steps say it, and how to say the same without it.
_TIME_WORDS: dict[str, tuple[tuple[str, str], ...]] = {
    "evenings": (("each evening", "each day"), ("every evening", "every day"), ("evenings", "free time"),
                 ("evening", "daily")),
    "weekends": (("at weekends", "in the week"), ("weekends", "weekdays"), ("weekend", "weekday")),
    "early mornings": (("each morning", "each day"), ("early mornings", "free time")),
    "mornings": (("each morning", "each day"), ("mornings", "free time")),
}


@dataclass(frozen=True)
class Filling:
    routine: str
    judgement: str
    tasks: str
    field: str
    times_not: tuple[str, ...] = ()

    def __call__(self, text: str) -> str:
        """`text` with the person's own work filled in, and ruled-out times said without."""
        filled = text.replace("{routine}", self.routine).replace("{judgement}", self.judgement) \
            .replace("{tasks}", self.tasks).replace("{field}", self.field)
        for time in self.times_not:
            for said, instead in _TIME_WORDS.get(time, ()):
                filled = re.sub(rf"\b{re.escape(said)}\b", instead, filled, flags=re.IGNORECASE)
        return filled


def filling(profile: Profile, vocabulary: Vocabulary, role: Role | None) -> Filling:
    tasks = [t for t in (short_task(t) for t in profile.main_tasks) if t]
    routine_words = PhraseSet({w: [w] for w in vocabulary.routine_work})
    judgement_words = PhraseSet({w: [w] for w in vocabulary.judgement_work})
    routine = next((t for t in tasks if affirmed(routine_words, t)), None)
    judgement = next((t for t in tasks if affirmed(judgement_words, t) and t != routine), None)
    rest = [t for t in tasks if t not in (routine, judgement)]
    routine = routine or (rest.pop(0) if rest else None)
    judgement = judgement or (rest.pop(-1) if rest else None)
    domain = vocabulary.domains.get(profile.domain or "")
    field = domain.label if domain else (role.name.lower() if role else DEFAULTS["field"])
    named = [t for t in (routine, judgement) if t] or tasks[:2]
    return Filling(routine=routine or DEFAULTS["routine"], judgement=judgement or DEFAULTS["judgement"],
                   tasks=" and ".join(named[:2]) if named else DEFAULTS["tasks"], field=field,
                   times_not=tuple(profile.times_not))
