"""What a person asks for at a checkpoint, as a contract the planner keeps until the plan is approved."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Pace = Literal["sooner", "slower"]


SAID_WORDS = 80
"""How much of a clause an ask keeps: enough for a coach's step spelled out in full."""


def clause_said(text: str) -> str:
    """A clause of feedback as an ask keeps it."""
    return " ".join(text.split()[:SAID_WORDS])[:600]


class Ask(BaseModel):
    """One clause of feedback and the operations read from it, so each can be said back as done or not."""

    model_config = ConfigDict(extra="forbid")

    said: str = Field(max_length=600, description="The clause, as the person wrote it (shortened).")
    exclude: list[str] = Field(default_factory=list, description="Topics it asks to leave out.")
    focus: list[str] = Field(default_factory=list, description="Topics it asks more of.")
    remove: list[str] = Field(default_factory=list, description="Actions it names to take out (ids or titles).")
    fewer_hours: bool = Field(default=False, description="It asks for fewer hours (a number or 'less time').")
    sooner: bool = Field(default=False, description="It asks for the plan to run sooner.")
    slower: bool = Field(default=False, description="It asks for the plan to take longer.")
    more: bool = Field(default=False, description="It asks for a more ambitious plan.")
    worries: list[str] = Field(default_factory=list, description="Kinds of worry it asks an action to answer.")
    adds: list[str] = Field(default_factory=list, description="What it asks to add, as said ('a Cert CII unit').")
    vague: bool = Field(default=False, description="It is about how the plan reads ('too generic'), not what is in it.")
    change: bool = Field(default=False, description="It asks for a change in so many words (a verb of change), "
                                                   "so it is more than a comment on the draft.")
    on_notes: bool = Field(default=False, description="It is about the draft's notes ('your notes say ...'): the "
                                                     "revision's notes are written anew from what changed.")
    deadline_weeks: int | None = Field(default=None, ge=1, le=104, description="The length it gives the whole plan "
                                                                             "('compress to 16 weeks').")

    @property
    def has_op(self) -> bool:
        return bool(self.exclude or self.focus or self.remove or self.fewer_hours or self.sooner or self.slower
                    or self.more or self.worries or self.adds or self.deadline_weeks) and not self.vague

    @property
    def comment(self) -> bool:
        """It only comments on the draft ("this is too generic", "better"): the revision as a whole answers it."""
        return not self.has_op and (self.vague or self.on_notes or not self.change)


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
    deadline_weeks: int | None = Field(
        default=None, ge=1, le=104, description="The whole plan fits in this many weeks ('she has 16 weeks of "
                                                "money', 'make the whole plan 12 weeks'); before the person's own.")
    no_deadline: bool = Field(default=False, description="Said there is no deadline ('he never gave a deadline', "
                                                          "'remove the deadline'): none given before holds.")
    more: bool = Field(default=False, description="Asked for a more ambitious plan.")
    stage_caps: dict[str, float] = Field(
        default_factory=dict, description="Asked for a lighter plan: each stage's most hours a week, below what it "
                                          "was.")
    remove: list[str] = Field(default_factory=list, max_length=20,
                              description="Catalog actions the person asked to take out, by id (or title).")
    restore: list[str] = Field(default_factory=list, max_length=20,
                               description="This round: catalog actions taken out earlier that the person asked to "
                                           "put back, by id: no longer held out.")
    worries: list[str] = Field(default_factory=list, max_length=12,
                               description="Kinds of worry the person asked an action for, beyond the profile's.")
    adds: list[str] = Field(default_factory=list, max_length=12,
                            description="What the person asked to add, as said: the best fitting action about it.")
    unmatched: list[str] = Field(default_factory=list, max_length=8,
                                 description="This round: what the person asked to take out that matched no action.")
    asks: list[Ask] = Field(default_factory=list, max_length=24,
                            description="This round: each clause of the feedback that asks for something, with its "
                                        "operations.")

    def merged(self, later: Adjustments) -> Adjustments:
        """The contract after one more round of feedback; what a round could not act on, and its clauses, are that
        round's alone."""
        exclude = list(dict.fromkeys([*self.exclude, *later.exclude]))
        focus = [f for f in dict.fromkeys([*self.focus, *later.focus]) if f not in later.exclude]
        exclude = [e for e in exclude if e not in later.focus]
        return Adjustments(
            hours_budget=later.hours_budget or self.hours_budget, lighter=later.lighter or self.lighter,
            exclude=exclude[:12], focus=focus[:12], words=list(dict.fromkeys([*self.words, *later.words]))[:12],
            pace=later.pace or self.pace, more=later.more or self.more,
            deadline_weeks=later.deadline_weeks or (None if later.no_deadline else self.deadline_weeks),
            no_deadline=later.no_deadline or (self.no_deadline and not later.deadline_weeks),
            stage_caps={k: min(v, later.stage_caps.get(k, v)) for k, v in self.stage_caps.items()} | {
                k: v for k, v in later.stage_caps.items() if k not in self.stage_caps},
            remove=[r for r in dict.fromkeys([*self.remove, *later.remove]) if r not in later.restore][:20],
            worries=list(dict.fromkeys([*self.worries, *later.worries]))[:12],
            adds=list(dict.fromkeys([*self.adds, *later.adds]))[:12], asks=later.asks)

    @property
    def empty(self) -> bool:
        return self.model_copy(update={"unmatched": [], "asks": []}) == Adjustments()
