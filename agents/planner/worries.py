"""What a plan says about the worries the person wrote: a worry no kind names is answered by the action in the plan
that is about the same thing (interviews, experience, a degree, written English, age or retirement), or said plainly
to be beyond the sources; and a worry is never declined beside the action that answers it. The notes are said of
the plan as it stands, so a coach's edit that adds the answering action takes the decline back."""

from __future__ import annotations

import re

from domain.plan import Plan, PlanAction, PlanStage
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from knowledge.models import WorryTopic
from reading.answers import reader_for
from reading.text import pointer, reads_as_words

ALSO_SAID = "You also said: "
"""How the note on worries no kind names begins."""
NOT_ANSWERED = "Nothing in the sources answers "
"""How the note declining a kind of worry begins."""
ANSWERED_BY = "{worry}: \"{title}\" is there for that."
DECLINED = ("{worries}. Nothing in the sources speaks to {these} directly, so the plan does not claim to answer "
            "{them}; talk {them} through with your coach.")
QUOTED_WORDS = 12
MANY_UNNAMED = 4
"""From this many worries no kind names, each is pointed at rather than quoted."""


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE) if phrases else None


def _quoted(worry: str, *, whole: bool = True) -> str:
    """A worry as the person wrote it when short and one of few; else pointed at by its first words (a long run of
    sentences nobody could call worries is not repeated back)."""
    return f"\"{worry if whole and len(worry.split()) <= QUOTED_WORDS else pointer(worry, whole=False)}\""


class WorryNotes:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        vocabulary = kb.catalog.vocabulary
        self._labels = {k: v.label for k, v in vocabulary.concern_kinds.items()}
        self._topics: list[tuple[WorryTopic, re.Pattern[str] | None, re.Pattern[str] | None]] = [
            (t, _pattern(t.cues), _pattern(t.actions)) for t in vocabulary.worry_topics.values()]
        self._catalog_topics = {a.id: " ".join(a.topics) for a in kb.catalog.actions}

    def unnamed(self, profile: Profile) -> list[str]:
        """The worries the person wrote that no kind names."""
        reader = reader_for(self.kb)
        return [w for w in profile.concerns if reads_as_words(w) and not reader.concern_kinds_in(w)]

    def answering(self, worry: str, actions: list[PlanAction]) -> PlanAction | None:
        """The first action of the plan about what `worry` is about, if any."""
        for topic, cues, about in self._topics:
            if cues is None or not cues.search(worry):
                continue
            labels = [self._labels[k] for k in topic.kinds if k in self._labels]
            for action in actions:
                text = " ".join([action.title, *action.steps, self._catalog_topics.get(action.catalog_id or "", "")])
                if (about is not None and about.search(text)) or any(
                        label in address for label in labels for address in action.addresses):
                    return action
        return None

    def notes(self, stages: list[PlanStage], profile: Profile) -> list[str]:
        """One note on the worries no kind names: each answered by the action about it, the rest declined."""
        actions = [a for s in stages for a in s.actions]
        answered: list[str] = []
        declined: list[str] = []
        unnamed = self.unnamed(profile)
        few = len(unnamed) < MANY_UNNAMED
        for worry in unnamed:
            action = self.answering(worry, actions)
            if action is None:
                declined.append(_quoted(worry, whole=few))
            else:
                answered.append(ANSWERED_BY.format(worry=_quoted(worry, whole=few), title=action.title))
        said = [*answered]
        if declined:
            these, them = ("that", "it") if len(declined) == 1 else ("these", "them")
            said.append(DECLINED.format(worries="; ".join(declined), these=these, them=them))
        return [ALSO_SAID + " ".join(said)] if said else []

    def refreshed(self, plan: Plan, profile: Profile) -> list[str]:
        """`plan`'s notes with what they say about worries said anew of the plan as it stands (after an edit): a
        kind of worry an action now answers is no longer declined."""
        answered = " ".join(w for s in plan.stages for a in s.actions for w in a.addresses).lower()
        kept = [n for n in plan.revision_notes if not n.startswith(ALSO_SAID) and not (
            n.startswith(NOT_ANSWERED) and any(label.lower() in answered and label in n
                                              for label in self._labels.values()))]
        return [*kept, *self.notes(plan.stages, profile)][:20]
