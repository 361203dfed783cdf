"""What the interview has learned about the person."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from domain.text import ItemText, ShortText
from knowledge.models import ProfileField

Seniority = Literal["entry", "junior", "mid", "senior", "lead", "executive"]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Profile(_Schema):
    """What the interview has learned about the person. Every field may still be unknown."""

    current_role: ShortText | None = Field(default=None, description="The person's job, in their own words.")
    matched_role: str | None = Field(default=None, description="Catalog role id the current role matches.")
    target_role: str | None = Field(default=None, description="Catalog role id the person wants to move toward.")
    years_experience: float | None = Field(default=None, ge=0, le=60, description="Years in this line of work.")
    seniority: Seniority | None = Field(default=None, description="Career level.")
    skills: list[ItemText] = Field(default_factory=list, max_length=30, description="Skills the person has.")
    ai_tools: list[ItemText] = Field(default_factory=list, max_length=30, description="AI tools already used.")
    main_tasks: list[ItemText] = Field(default_factory=list, max_length=30, description="What fills their week.")
    goals: list[ItemText] = Field(default_factory=list, max_length=10, description="What they want.")
    hours_per_week: float | None = Field(default=None, gt=0, le=60, description="Hours a week for the plan.")
    constraints: list[ItemText] = Field(default_factory=list, max_length=10, description="Limits on the plan.")
    concerns: list[ItemText] = Field(default_factory=list, max_length=10, description="What worries them.")
    skipped: list[ProfileField] = Field(default_factory=list, description="Fields the person chose not to answer.")
    declared_none: list[ProfileField] = Field(default_factory=list, description="Fields answered with 'none'.")

    def has(self, field: ProfileField) -> bool:
        if field in self.skipped or field in self.declared_none:
            return True
        value = getattr(self, field)
        return bool(value) if isinstance(value, list) else value is not None

    def merged(self, updates: Profile) -> Profile:
        """This profile with every field `updates` sets; lists of names are unioned."""
        data = self.model_dump()
        for name in updates.model_fields_set:
            value = getattr(updates, name)
            if name in ("skipped", "declared_none"):
                data[name] = sorted({*data[name], *value})
            elif value not in (None, []):
                data[name] = value
        return Profile.model_validate(data)


class Extraction(_Schema):
    """What one answer contributed to the profile (the assessor's verdict on one answer)."""

    answered: bool = Field(description="False when the answer is empty, evasive or about something else.")
    done: bool = Field(default=False, description="True when the person says they want to stop the interview.")
    skip: bool = Field(default=False, description="True when the person declines this one question.")
    updates: Profile = Field(default_factory=Profile, description="Fields the answer fills; others stay unset.")
    note: ShortText | None = Field(default=None, description="Why the answer did not count, when it did not.")
