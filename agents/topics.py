"""What an action is about, as the feedback vocabulary names topics ("management", "clients", "image generators"),
so the planner, the guards and both engines agree on what "no management" rules out."""

from __future__ import annotations

from functools import cached_property

from domain.plan import Plan, PlanAction
from knowledge.base import KnowledgeBase
from knowledge.models import Action
from reading.cues import PhraseSet, affirmed
from reading.text import boss_said_plainly


class Topics:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.phrases = PhraseSet(kb.catalog.vocabulary.feedback_topics)

    @cached_property
    def _catalog(self) -> dict[str, set[str]]:
        return {a.id: {*a.topics, *affirmed(self.phrases, a.title)} for a in self.kb.catalog.actions}

    def of_catalog(self, action: Action) -> set[str]:
        """A catalog action's topics: its own, and those its title names."""
        return self._catalog[action.id]

    def of(self, action: PlanAction) -> set[str]:
        """A plan action's topics: its catalog entry's when it has one, else what its title and steps name."""
        if action.catalog_id in self._catalog:
            return self._catalog[action.catalog_id]
        return set(affirmed(self.phrases, boss_said_plainly(". ".join([action.title, *action.steps]))))

    def count(self, plan: Plan, topic: str) -> int:
        """How many of a plan's actions are about `topic`: what "more on X" and "leave out X" are held to."""
        return sum(topic in self.of(a) for s in plan.stages for a in s.actions)
