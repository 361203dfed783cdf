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
    stage_caps: dict[str, float] = Field(
        default_factory=dict, description="Asked for a lighter plan: each stage's most hours a week, below what it "
                                          "was.")
    remove: list[str] = Field(default_factory=list, max_length=20,
                              description="Catalog actions the person asked to take out, by id (or title).")
    unmatched: list[str] = Field(default_factory=list, max_length=8,
                                 description="This round: what the person asked to take out that matched no action.")
    unread: list[str] = Field(default_factory=list, max_length=8,
                              description="This round: what the feedback said that could not become a change.")

    def merged(self, later: Adjustments) -> Adjustments:
        """The contract after one more round of feedback; what a round could not act on is that round's alone."""
        exclude = list(dict.fromkeys([*self.exclude, *later.exclude]))
        focus = [f for f in dict.fromkeys([*self.focus, *later.focus]) if f not in later.exclude]
        exclude = [e for e in exclude if e not in later.focus]
        return Adjustments(
            hours_budget=later.hours_budget or self.hours_budget, lighter=later.lighter or self.lighter,
            exclude=exclude[:12], focus=focus[:12], words=list(dict.fromkeys([*self.words, *later.words]))[:12],
            pace=later.pace or self.pace, more=later.more or self.more,
            stage_caps={k: min(v, later.stage_caps.get(k, v)) for k, v in self.stage_caps.items()} | {
                k: v for k, v in later.stage_caps.items() if k not in self.stage_caps},
            remove=list(dict.fromkeys([*self.remove, *later.remove]))[:20])

    @property
    def empty(self) -> bool:
        return self.model_copy(update={"unmatched": [], "unread": []}) == Adjustments()
