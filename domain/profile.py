"""What the interview has learned about the person."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from domain.text import ItemText, ShortText
from knowledge.models import ConcernKind, ConstraintKind, ProfileField, Seniority, Situation

__all__ = ["ConcernKind", "ConstraintKind", "Extraction", "Profile", "Seniority", "Situation"]

EXPERIENCED = 3.0
"""Years of experience from which a person can guide newer colleagues."""


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Profile(_Schema):
    """What the interview has learned about the person. Every field may still be unknown."""

    current_role: ShortText | None = Field(default=None, description="The person's job, in their own words.")
    matched_role: str | None = Field(default=None, description="Catalog role id the current role matches.")
    target_role: str | None = Field(default=None, description="Catalog role id the person wants to move toward.")
    domain: str | None = Field(default=None, description="A line of work the role catalog lacks (vocabulary domain).")
    situation: Situation | None = Field(
        default=None, description="employed, job_seeking, freelance, student or career_break.")
    years_experience: float | None = Field(default=None, ge=0, le=60, description="Years in this line of work.")
    leadership_years: float | None = Field(default=None, ge=0, le=60, description="Of those, years leading people.")
    seniority: Seniority | None = Field(default=None, description="Career level.")
    manages_people: bool | None = Field(default=None, description="Whether the person leads a team now.")
    skills: list[ItemText] = Field(default_factory=list, max_length=30, description="Skills the person has.")
    ai_tools: list[ItemText] = Field(default_factory=list, max_length=30, description="AI tools already used.")
    ai_tools_avoided: list[ItemText] = Field(
        default_factory=list, max_length=30, description="AI tools the person refuses or may not use.")
    main_tasks: list[ItemText] = Field(default_factory=list, max_length=30, description="What fills their week.")
    goals: list[ItemText] = Field(default_factory=list, max_length=10, description="What they want.")
    avoid: list[ItemText] = Field(
        default_factory=list, max_length=10, description="What the person does not want in a plan, e.g. management.")
    hours_per_week: float | None = Field(default=None, gt=0, le=60, description="Hours a week for the plan.")
    hours_pattern: ShortText | None = Field(
        default=None, description="When those hours fall, e.g. evenings, weekends, between shifts.")
    constraints: list[ItemText] = Field(default_factory=list, max_length=10, description="Limits on the plan.")
    constraint_kinds: list[ConstraintKind] = Field(default_factory=list, description="The kinds of those limits.")
    concerns: list[ItemText] = Field(default_factory=list, max_length=10, description="What worries them.")
    concern_kinds: list[ConcernKind] = Field(default_factory=list, description="The kinds of those worries.")
    skipped: list[ProfileField] = Field(default_factory=list, description="Fields the person chose not to answer.")
    declared_none: list[ProfileField] = Field(default_factory=list, description="Fields answered with 'none'.")

    def has(self, field: ProfileField) -> bool:
        if field in self.skipped or field in self.declared_none:
            return True
        value = getattr(self, field)
        return bool(value) if isinstance(value, list) else value is not None

    @property
    def leads_people(self) -> bool:
        """They manage people: said so, or their level implies it."""
        return self.manages_people if self.manages_people is not None else self.seniority in ("lead", "executive")

    @property
    def experienced(self) -> bool:
        """Enough years or level to guide others; unknown counts as not."""
        return self.seniority in ("mid", "senior", "lead", "executive") or (self.years_experience or 0) >= EXPERIENCED

    def merged(self, updates: Profile) -> Profile:
        """This profile with every field `updates` sets: lists gain the new items (in order, no repeats),
        other fields take the new value."""
        data = self.model_dump()
        for name in updates.model_fields_set:
            value = getattr(updates, name)
            if isinstance(value, list):
                data[name] = _union(data[name], value, limit=_LIST_LIMITS.get(name))
            elif value is not None:
                data[name] = value
        return Profile.model_validate(data)


def _union(old: list[Any], new: list[Any], *, limit: int | None) -> list[Any]:
    seen = {str(item).casefold() for item in old}
    out = list(old)
    for item in new:
        if str(item).casefold() not in seen:
            seen.add(str(item).casefold())
            out.append(item)
    return out[:limit] if limit else out


_LIST_LIMITS = {name: next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
                for name, info in Profile.model_fields.items()}


class Extraction(_Schema):
    """What one answer contributed to the profile (the assessor's verdict on one answer)."""

    answered: bool = Field(description="False when the answer is empty, evasive or about something else.")
    done: bool = Field(default=False, description="True when the person says they want to stop the interview.")
    skip: bool = Field(default=False, description="True when the person declines this one question.")
    updates: Profile = Field(default_factory=Profile, description="Fields the answer fills; others stay unset.")
    note: ShortText | None = Field(default=None, description="Why the answer did not count, when it did not.")
