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
from reading.rules import rule

MAX_TASK_WORDS = 5
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


_CUT = frozenset("about for with on in at to from of by because so and but".split())


def _short(task: str) -> str | None:
    """A task as a short name ("talking to patients" of "talking to patients about their meds"), or None when it is
    more than a name."""
    words = rule("signal.filler").sub(" ", task).strip(" .,;:!?-").split()
    if len(words) > MAX_TASK_WORDS:  # the head of a longer phrase, cut where a preposition starts its detail
        cut = next((i for i, w in enumerate(words) if i >= 2 and w.lower() in _CUT), len(words))
        words = words[:cut]
    if not words or len(words) > MAX_TASK_WORDS or rule("speaker.personal").search(" ".join(words)) \
            or rule("item.not_a_skill").search(" ".join(words)):
        return None
    first = words[0] if words[0].isupper() and len(words[0]) > 1 else words[0].lower()
    return " ".join([first, *words[1:]])


def filling(profile: Profile, vocabulary: Vocabulary, role: Role | None) -> Filling:
    tasks = [t for t in (_short(t) for t in profile.main_tasks) if t]
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
