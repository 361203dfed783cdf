"""What a person asks for at a checkpoint, as a contract the planner keeps until the plan is approved."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Pace = Literal["sooner", "slower"]


class Adjustments(BaseModel):
    """Structured feedback: a weekly budget, things to leave out, things to focus on, a pace. Later feedback adds
    to earlier feedback; a new budget or pace replaces the old one."""

    model_config = ConfigDict(extra="forbid")

    hours_budget: float | None = Field(default=None, gt=0, le=60, description="At most this many hours a week.")
    lighter: bool = Field(default=False, description="Asked for less time, without a number.")
    exclude: list[str] = Field(default_factory=list, max_length=12, description="Topics the plan must leave out.")
    focus: list[str] = Field(default_factory=list, max_length=12, description="Topics the plan must include.")
    words: list[str] = Field(default_factory=list, max_length=12, description="Other words to rank actions by.")
    pace: Pace | None = Field(default=None, description="sooner (shorter horizons) or slower.")
    more: bool = Field(default=False, description="Asked for a more ambitious plan.")

    def merged(self, later: Adjustments) -> Adjustments:
        exclude = list(dict.fromkeys([*self.exclude, *later.exclude]))
        focus = [f for f in dict.fromkeys([*self.focus, *later.focus]) if f not in later.exclude]
        exclude = [e for e in exclude if e not in later.focus]
        return Adjustments(
            hours_budget=later.hours_budget or self.hours_budget, lighter=later.lighter or self.lighter,
            exclude=exclude[:12], focus=focus[:12], words=list(dict.fromkeys([*self.words, *later.words]))[:12],
            pace=later.pace or self.pace, more=later.more or self.more)

    @property
    def empty(self) -> bool:
        return self == Adjustments()
