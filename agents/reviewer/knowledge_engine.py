"""The reviewer of the knowledge engine: the deterministic guards are the whole review."""

from __future__ import annotations

from agents.engine import Drafted
from domain.plan import Plan
from domain.profile import Profile
from domain.review import Critique


class NoCritic:
    """The knowledge engine's reviewer: the guards are the whole review."""

    def critique(self, plan: Plan, profile: Profile) -> Drafted[Critique]:
        return Drafted(Critique())
