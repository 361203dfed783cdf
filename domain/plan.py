"""The plan: survive, adapt, lead; every action grounded in and citing the knowledge base."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from domain.text import EntryRef, Text
from knowledge.models import StageId

STAGE_ORDER: tuple[StageId, ...] = ("survive", "adapt", "lead")


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PlanAction(_Schema):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=160)] = Field(
        description="The action, in a few words.")
    why: Text = Field(description="Why this action, for this person, grounded in the cited entries.")
    steps: list[Text] = Field(min_length=1, max_length=8, description="Concrete steps, in order.")
    hours_per_week: float = Field(gt=0, le=40, description="Weekly effort while the stage runs.")
    duration_weeks: int = Field(ge=1, le=52, description="How long the action runs.")
    success_metric: Text = Field(description="How the person will know it worked.")
    citations: list[EntryRef] = Field(min_length=1, max_length=8, description="Knowledge ids this action rests on.")
    catalog_id: EntryRef | None = Field(default=None, description="The catalog action it was drawn from, if any.")
    addresses: list[Annotated[str, StringConstraints(max_length=200)]] = Field(
        default_factory=list, max_length=5, description="The person's worries this action answers, in plain words.")


class PlanStage(_Schema):
    stage: StageId = Field(description="survive, adapt or lead.")
    goal: Text = Field(description="What the stage is for.")
    horizon_weeks: int = Field(ge=1, le=104, description="How long the stage runs.")
    actions: list[PlanAction] = Field(min_length=1, max_length=5, description="Run side by side while the stage lasts.")

    @property
    def weekly_hours(self) -> float:
        """Actions of a stage run side by side, so their hours add up."""
        return sum(a.hours_per_week for a in self.actions)


class Plan(_Schema):
    summary: Text = Field(description="The plan in a few sentences.")
    stages: list[PlanStage] = Field(min_length=1, max_length=3, description="survive, adapt, lead, in that order.")
    revision_notes: list[Text] = Field(
        default_factory=list, max_length=20, description="What this revision changed, issue by issue."
    )
    tentative: bool = Field(default=False, description="Built from an interview that yielded too little.")
    open_issues: list[Text] = Field(
        default_factory=list, max_length=20, description="Guard issues still open when it was approved anyway.")

    def stage(self, key: StageId) -> PlanStage | None:
        return next((s for s in self.stages if s.stage == key), None)

