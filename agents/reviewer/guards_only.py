"""The knowledge engine's reviewer: no chat model, the guards are the whole review (kept apart from the LLM critique
so that choosing it imports no model client)."""

from __future__ import annotations

from agents.engine import Drafted
from domain.plan import Plan
from domain.profile import Profile
from domain.review import Critique


class NoCritic:
    """The knowledge engine's reviewer: the guards are the whole review."""

    def critique(self, plan: Plan, profile: Profile) -> Drafted[Critique]:
        return Drafted(Critique())
