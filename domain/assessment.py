"""The assessment of a person's situation: matched roles, exposure to each dynamic, strengths and gaps."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from domain.text import EntryRef, ItemText, LongText, ShortText
from knowledge.models import DynamicId, Exposure


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RoleMatch(_Schema):
    role_id: EntryRef = Field(description="Catalog role id.")
    name: ShortText = Field(description="The role's name.")
    confidence: float = Field(ge=0, le=1, description="How sure the match is.")
    reason: ShortText = Field(description="Why this role matches the person.")


class ExposureAssessment(_Schema):
    dynamic: DynamicId = Field(description="Which of the four dynamics.")
    level: Exposure = Field(description="How exposed the person's work is to it.")
    rationale: LongText = Field(description="Why, for this person, grounded in the cited entries.")
    citations: list[EntryRef] = Field(min_length=1, max_length=8, description="Knowledge ids supporting the rationale.")


Fit = Literal["confident", "uncertain", "none"]
"""How well the catalog's roles fit the person: confident (top confidence >= 0.75), uncertain (0.5 to 0.75),
none (below 0.5: no catalog role fits, the nearest are named)."""


class Assessment(_Schema):
    role_matches: list[RoleMatch] = Field(
        default_factory=list, max_length=5,
        description="Best match first; empty when nothing the person said points to a catalog role (fit 'none').")
    fit: Fit = Field(default="confident", description="confident, uncertain or none: how well any catalog role fits.")
    fit_note: LongText | None = Field(default=None, description="The fit in plain words, and how to correct it.")
    tentative: bool = Field(default=False, description="The interview yielded too little for a firm assessment.")
    exposure: list[ExposureAssessment] = Field(min_length=4, max_length=4, description="One per dynamic.")
    durable_strengths: list[ItemText] = Field(
        default_factory=list, max_length=8, description="The person's own strengths that last, from their answers.")
    durable_work: list[ItemText] = Field(
        default_factory=list, max_length=8, description="What in this kind of work stays with people.")
    gaps: list[ItemText] = Field(
        default_factory=list, max_length=8, description="What the person lacks for where they want to go.")
    risk_summary: LongText = Field(description="The assessment in a few sentences.")
    applies: list[EntryRef] = Field(
        default_factory=list, max_length=6, description="When no role fits: what in the sources still applies.")
    citations: list[EntryRef] = Field(default_factory=list, max_length=12, description="Ids behind the risk summary.")
    revision_notes: list[LongText] = Field(
        default_factory=list, max_length=12, description="What this version changed from the one before, and why.")

    @model_validator(mode="after")
    def _a_role_when_one_fits(self) -> Assessment:
        if not self.role_matches and self.fit != "none":
            raise ValueError("role_matches may be empty only when no catalog role fits (fit 'none')")
        return self
