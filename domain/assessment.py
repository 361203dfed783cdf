"""The assessment of a person's situation: matched roles, exposure to each dynamic, strengths and gaps."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from domain.text import EntryRef, ItemText, LongText, ShortText
from knowledge.models import DynamicId, Exposure


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RoleMatch(_Schema):
    role_id: EntryRef = Field(description="Catalog role id.")
    name: ShortText
    confidence: float = Field(ge=0, le=1, description="How sure the match is.")
    reason: ShortText = Field(description="Why this role matches the person.")


class ExposureAssessment(_Schema):
    dynamic: DynamicId
    level: Exposure
    rationale: LongText
    citations: list[EntryRef] = Field(min_length=1, max_length=8, description="Knowledge ids supporting the rationale.")


class Assessment(_Schema):
    role_matches: list[RoleMatch] = Field(min_length=1, max_length=5, description="Best match first.")
    exposure: list[ExposureAssessment] = Field(min_length=4, max_length=4, description="One per dynamic.")
    durable_strengths: list[ItemText] = Field(min_length=1, max_length=8)
    gaps: list[ItemText] = Field(default_factory=list, max_length=8)
    risk_summary: LongText
    citations: list[EntryRef] = Field(default_factory=list, max_length=12, description="Ids behind the risk summary.")
