"""The person's own tasks by kind, read against the vocabulary's word lists: paperwork and information (what AI can
draft, under cheaper execution), hands-on work (the hands and body do it), people work (trust with a person in front
of you, at the human-AI boundary) and judgement work. Only paperwork is ever handed to AI; the rest is the person's
edge. A task is paperwork when it is plainly writing ("writing the job sheets", "chasing invoices"), or names a
document or information and no hands-on work or judgement ("the staff rota"); "delivering post", "checking the
allergen sheets" and "fitting boilers" are not."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from knowledge.models import Vocabulary
from reading.cues import PhraseSet, affirmed, find

TaskKind = Literal["writing", "information", "hands_on", "people", "judgement"]
EDGE_ORDER: tuple[TaskKind, ...] = ("judgement", "hands_on", "people")
"""Which of a person's non-paperwork tasks their edge is built on first."""


@dataclass(frozen=True)
class TaskKinds:
    vocabulary: Vocabulary

    @cached_property
    def _phrases(self) -> PhraseSet[TaskKind]:
        v = self.vocabulary
        writing = [w for w in v.routine_work if w in set(v.information_work)]  # routine paperwork, drafted first
        return PhraseSet({"writing": writing, "information": v.information_work, "hands_on": v.hands_on_work,
                          "people": v.people_work, "judgement": v.judgement_work})

    def of(self, task: str) -> frozenset[TaskKind]:
        """The kinds of work `task` names (however it is meant: "the quotes i hate" still names quotes)."""
        return frozenset(key for key, _, _ in find(self._phrases, task))

    def paperwork(self, task: str) -> bool:
        """AI may draft this task: it is writing, or information work with nothing hands-on or of judgement in it."""
        kinds = self.of(task)
        return "writing" in kinds or ("information" in kinds and not kinds & {"hands_on", "judgement"})

    def routine(self, task: str) -> bool:
        """The task names routine work, said as the person's and not denied ("the weekly quotes")."""
        return bool(affirmed(self._routine_words, task))

    @cached_property
    def _routine_words(self) -> PhraseSet[str]:
        return PhraseSet({w: [w] for w in self.vocabulary.routine_work})

    def edge(self, tasks: Sequence[str]) -> str | None:
        """The task the person's edge is built on: one of judgement, else hands-on, else with people - never
        paperwork, and never a phrase that names no kind of work at all when one that does is there."""
        for kind in EDGE_ORDER:
            if found := next((t for t in tasks if kind in self.of(t) and not self.paperwork(t)), None):
                return found
        return None

    def jobs(self, tasks: Sequence[str]) -> list[str]:
        """The tasks of judgement, hands or people among `tasks`, in the person's order: the work itself."""
        return [t for t in tasks if self.of(t) & set(EDGE_ORDER) and not self.paperwork(t)]

    def named_paperwork(self, texts: Sequence[str]) -> str | None:
        """A piece of paperwork named in the person's goals or worries ("not doing quotes at 10pm", "my admin"), as
        the vocabulary's own word for it ("quotes"): a task of theirs the list of tasks missed."""
        return next((w for t in texts for w, _, _ in find(self._paperwork_words, t)), None)

    @cached_property
    def _paperwork_words(self) -> PhraseSet[str]:
        words = sorted(self.vocabulary.feedback_topics.get("admin", ()), key=len, reverse=True)
        return PhraseSet({w: [w] for w in words})  # of two forms of a word ("emails", "email"), the longer is named
