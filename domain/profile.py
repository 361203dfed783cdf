"""What the interview has learned about the person."""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from domain.text import ITEM_CHARS, SHORT_CHARS, ItemText, ShortText
from knowledge.models import ConcernKind, ConstraintKind, ProfileField, Seniority, Situation

__all__ = ["REVIEW_FIELDS", "ConcernKind", "ConstraintKind", "Extraction", "ModelReading", "ModelUse", "Profile",
           "ReviewField", "Seniority", "Situation"]

ReviewField = Literal[
    "current_role", "situation", "years_experience", "seniority", "main_tasks", "skills", "ai_tools",
    "ai_tools_avoided", "ai_at_work", "hours_per_week", "hours_pattern", "times_not", "hours_worked", "constraints",
    "constraint_kinds", "concerns", "concern_kinds", "goals", "avoid", "age", "country", "deadline_weeks",
]
"""The fields the person sees and may correct at the profile review: everything the assessment and plan use."""
REVIEW_FIELDS: tuple[ReviewField, ...] = get_args(ReviewField)

EXPERIENCED = 3.0
AI_TOOLS = "AI tools"
"""What `ai_tools_avoided` holds when the person refuses AI as a whole, not one product: no plan asks them to use
any."""
_ALL_AI = re.compile(r"(?i)^\W*(?:all|any|every)?\s*(?:of\s+)?(?:the\s+)?(?:ai|a\.i\.?|artificial intelligence|"
                     r"generative ai|genai)(?:\s+(?:tools?|apps?|stuff|at all|assistants?|chatbots?))?"
                     r"(?:\W*$|\s*[-\u2013,;:(].*$)")
"""How AI as a whole is named among the tools avoided ("AI tools", "all AI", "all AI tools - wont use AI myself")."""
"""Years of experience from which a person can guide newer colleagues."""


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


EARLY_CAREER_YEARS = 5
"""Years in the work from which someone is past the start of their career, whatever their band or title."""


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
    times_not: list[ItemText] = Field(
        default_factory=list, max_length=8, description="Times the person ruled out, e.g. evenings, weekends.")
    hours_worked: float | None = Field(
        default=None, ge=0, le=100,
        description="Hours of the person's working week (0: not in work now): a load, never time to spare.")
    ai_at_work: bool | None = Field(
        default=None, description="Whether AI tools may be used on work material (false: the employer forbids them).")
    age: int | None = Field(default=None, ge=14, le=100, description="The person's age, when they said it.")
    country: str | None = Field(
        default=None, max_length=8, pattern=r"^[a-z]{2,8}$",
        description="The country the person lives in (a vocabulary country id, e.g. 'uk'), when they said it.")
    deadline_weeks: int | None = Field(
        default=None, ge=1, le=104, description="Weeks from now by which the plan must have worked (money running "
                                                "out, a contract ending), when the person said so; the whole plan "
                                                "fits inside it.")
    deadline: ShortText | None = Field(default=None, description="The words the deadline was said in.")
    constraints: list[ItemText] = Field(default_factory=list, max_length=16, description="Limits on the plan.")
    constraint_kinds: list[ConstraintKind] = Field(default_factory=list, description="The kinds of those limits.")
    concerns: list[ItemText] = Field(default_factory=list, max_length=16, description="What worries them.")
    concern_kinds: list[ConcernKind] = Field(default_factory=list, description="The kinds of those worries.")
    skipped: list[ProfileField] = Field(default_factory=list, description="Fields the person chose not to answer.")
    declared_none: list[ProfileField] = Field(default_factory=list, description="Fields answered with 'none'.")
    role_choice: str | None = Field(
        default=None, description="A catalog role id a coach or the person chose at the assessment review, or "
                                  "'none' (no catalog role is theirs).")
    roles_not: list[str] = Field(
        default_factory=list, description="Catalog role ids the person said are not theirs ('not an illustrator').")
    uncertain: list[ReviewField] = Field(
        default_factory=list, description="Fields read with low confidence: marked at the profile review.")
    confirmed: bool = Field(default=False, description="The person confirmed (or corrected) this profile.")

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
    def early_career(self) -> bool:
        """Early in their working life: a student, or at an entry or junior level with few years behind them (a
        hospital porter on the entry band for 14 years is not)."""
        return self.situation == "student" or (
            self.seniority in ("entry", "junior") and (self.years_experience or 0) < EARLY_CAREER_YEARS)

    @property
    def employed_now(self) -> bool:
        """They have an employer now (or did not say otherwise): out of work, on a career break, studying or
        self-employed, nobody is their manager or employer."""
        return self.situation in ("employed", None)

    @property
    def works_with_others(self) -> bool:
        """People work beside or for them now: an employee's team, or a business owner's staff; never a sole
        trader's, a job seeker's or a returner's."""
        return self.employed_now or (self.situation == "freelance" and self.leads_people)

    @property
    def refuses_ai(self) -> bool:
        """They refuse AI tools as a whole ("AI tools", "all AI", "any AI apps" among the tools they avoid)."""
        return any(_ALL_AI.match(t) for t in self.ai_tools_avoided)

    @property
    def experienced(self) -> bool:
        """Enough years or level to guide others; unknown counts as not."""
        return self.seniority in ("mid", "senior", "lead", "executive") or (self.years_experience or 0) >= EXPERIENCED

    def merged(self, updates: Profile) -> Profile:
        """This profile with every field `updates` sets: lists gain the new items (in order, no repeats),
        other fields take the new value."""
        data = self.model_dump(exclude_unset=True)  # what is set stays set, and nothing more: see `applied`
        for name in updates.model_fields_set - {"uncertain"}:
            value = getattr(updates, name)
            if isinstance(value, list):
                data[name] = _union(getattr(self, name), value, limit=_LIST_LIMITS.get(name))
            elif value is not None:
                data[name] = value
        return Profile.model_validate(data)


    def free_times_kept(self) -> Profile:
        """This profile with no time ruled out left among its free times: a time ruled out is never one to plan in."""
        if not (self.hours_pattern and self.times_not):
            return self
        kept = [t.strip() for t in self.hours_pattern.split(",") if not any(same_item(t, n) for n in self.times_not)]
        return self.model_copy(update={"hours_pattern": ", ".join(kept) or None})

    def applied(self, extraction: Extraction) -> Profile:
        """This profile after one answer, the latest statement winning: what the answer takes back is removed or
        cleared first, then what it says is merged in. Fields it read surely lose their low-confidence mark; fields
        it read loosely gain one."""
        data = self.model_dump()
        for name, gone in extraction.removes.items():
            if isinstance(data.get(name), list):
                data[name] = [i for i in data[name] if not any(same_item(i, g) for g in gone)]
        for name in extraction.replaces:
            data[name] = [] if isinstance(data.get(name), list) else None
        profile = Profile.model_validate(data).merged(extraction.updates).free_times_kept()
        sure = (set(extraction.updates.model_fields_set) | set(extraction.replaces)) - set(extraction.uncertain)
        uncertain = [f for f in dict.fromkeys([*self.uncertain, *extraction.uncertain]) if f not in sure
                     or f in extraction.uncertain]
        return profile.model_copy(update={"uncertain": [f for f in uncertain if f in REVIEW_FIELDS]})


_CLOCK = re.compile(r"\d(?::\d\d)?\s*[ap]m\b")


def same_item(item: Any, other: Any) -> bool:
    """One item names the other ("evenings" and "Evening", "the kids" and "two kids"); weekends name their days
    ("saturday mornings" is a weekend time)."""
    a, b = str(item).casefold().rstrip("s"), str(other).casefold().rstrip("s")
    if bool(_CLOCK.search(a)) != bool(_CLOCK.search(b)):
        return False  # "fridays" and "friday 8am to 4pm": a day and some hours of it are not one time
    if "weekend" in (a, b) and any(day in (b if a == "weekend" else a) for day in ("saturday", "sunday")):
        return True
    return a == b or (len(b) > 3 and b in a) or (len(a) > 3 and a in b)


def _union(old: list[Any], new: list[Any], *, limit: int | None) -> list[Any]:
    seen = {str(item).casefold() for item in old}
    out = list(old)
    for item in new:
        if str(item).casefold() not in seen:
            seen.add(str(item).casefold())
            out.append(item)
    return out[:limit] if limit else out


def read_as_profile(data: dict[str, Any]) -> Profile:
    """A profile from what was read of someone's words: an item longer than a profile holds is cut at a word (a run-on
    sentence read as one worry), and a list keeps its latest items - reading never fails on the length of what a
    person typed. (Edits a person sends are validated as they are, and refused when too long.)"""
    fitted: dict[str, Any] = {}
    item_fields, short_fields = _text_fields()
    for name, value in data.items():
        if isinstance(value, list):
            items = [_cut(v, ITEM_CHARS) if isinstance(v, str) and name in item_fields else v for v in value]
            limit = _LIST_LIMITS.get(name)
            fitted[name] = items[-limit:] if limit and len(items) > limit else items
        elif isinstance(value, str) and name in short_fields:
            fitted[name] = _cut(value, SHORT_CHARS)
        else:
            fitted[name] = value
    return Profile.model_validate(fitted)


def _cut(text: str, most: int) -> str:
    if len(text) <= most:
        return text
    cut = text[:most + 1].rsplit(" ", 1)[0].rstrip(" ,;:-") if " " in text[:most] else text[:most]
    return cut[:most]



_LIST_LIMITS = {name: next((m.max_length for m in info.metadata if hasattr(m, "max_length")), None)
                for name, info in Profile.model_fields.items()}


ModelUse = Literal["not_asked", "nothing_new", "added", "unusable"]
"""What a chat model's reading of an answer came to, beside the rules' reading (which is always the floor): not asked
(the rules settled the answer: a stop, a decline, a non-answer), nothing the rules had not read, fields added, or a
reply that was not a usable reading (the rules' reading stands alone)."""


class ModelReading(_Schema):
    """What one answer contributed to the profile, as a chat model is asked to fill it."""

    answered: bool = Field(description="False when the answer is empty, evasive or about something else.")
    done: bool = Field(default=False, description="True when the person says they want to stop the interview.")
    skip: bool = Field(default=False, description="True when the person declines this one question.")
    updates: Profile = Field(default_factory=Profile, description="Fields the answer fills; others stay unset.")
    note: ShortText | None = Field(default=None, description="Why the answer did not count, when it did not.")


class Extraction(ModelReading):
    """What one answer contributed to the profile (the assessor's verdict on one answer), with what it corrected,
    what it was read loosely for, and the reading rules behind it."""

    replaces: list[str] = Field(
        default_factory=list, description="Fields the answer corrects: their old value goes before `updates` apply.")
    removes: dict[str, list[str]] = Field(
        default_factory=dict, description="Items the answer takes back, by list field (e.g. times_not evenings).")
    uncertain: list[str] = Field(default_factory=list, description="Fields this answer was read loosely for.")
    rules: list[str] = Field(default_factory=list, description="The named reading rules that fired on the answer.")
    model: ModelUse | None = Field(
        default=None, description="What a chat model's reading did beside the rules' (None: no model was asked).")
    by_model: list[str] = Field(
        default_factory=list, description="Fields only a chat model read, the rules having left them open.")

    @field_validator("replaces", "uncertain", "by_model")
    @classmethod
    def _fields_only(cls, names: list[str]) -> list[str]:
        unknown = [n for n in names if n not in Profile.model_fields]
        if unknown:
            raise ValueError(f"not profile fields: {', '.join(unknown)[:200]}")
        return names

    @field_validator("removes")
    @classmethod
    def _list_fields_only(cls, removes: dict[str, list[str]]) -> dict[str, list[str]]:
        cls._fields_only(list(removes))
        return removes


@cache
def _text_fields() -> tuple[frozenset[str], frozenset[str]]:
    """(list fields of text, single fields of short text) of the profile."""
    fields = Profile.model_fields.items()
    items = frozenset(n for n, i in fields if i.annotation == list[ItemText])
    short = frozenset(n for n, i in fields if i.annotation == ShortText | None)
    return items, short
