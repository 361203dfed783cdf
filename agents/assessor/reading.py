"""The knowledge engine's reading of one answer: the field asked, and everything else the answer says.

"Nine years as a senior PM, freelance since March, two small kids" fills the role, years, seniority, situation
and a caregiving constraint at once, so those questions are not asked again. Refusals and negations are read as
such ("I refuse to use Midjourney" is a tool avoided, never a tool used). Personal data (e-mail addresses, phone
numbers, keys) is removed before anything is kept.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from agents.assessor.matching import RoleMatcher
from agents.assessor.signals import (
    AVOID_OBJECT,
    BACK_REFERENCE,
    CONTENT_NONE,
    DECLINE,
    DONE,
    EMPLOYED_HINT,
    HANDS_ON,
    HEDGE,
    HEDGE_LEAD,
    LIMIT,
    MANAGEMENT,
    NON_ANSWER,
    NONE,
    NONE_ALLOWED,
    NOT_EXPERIENCE,
    NOT_WORRIED,
    QUESTION_BACK,
    SENIORITY_RANK,
    SITUATION_RANK,
    STOP_AVOID,
    WANT,
    WORRY,
    Reader,
    free_time,
    items,
    seniority_from_years,
    task_list,
)
from agents.cues import PhraseSet, affirmed, clauses, find, own
from agents.numbers import hours_pattern, parse_hours_per_week, parse_leadership_years, parse_years
from agents.privacy import strip_personal
from domain.interview import AskedQuestion
from domain.profile import Extraction, Profile
from knowledge.base import KnowledgeBase
from knowledge.models import ConcernKind, ConstraintKind, ProfileField, Seniority, Situation


class AnswerReader:
    """Reads answers into profile updates, with the catalog's vocabulary."""

    def __init__(self, kb: KnowledgeBase, matcher: RoleMatcher) -> None:
        self.kb = kb
        self.matcher = matcher
        vocabulary = kb.catalog.vocabulary
        self.tools = PhraseSet(vocabulary.ai_tools)
        self.generic_tools = PhraseSet({phrase: [phrase] for phrase in vocabulary.ai_tools_generic})
        self.situations = PhraseSet(vocabulary.situations)
        self.seniority = PhraseSet(vocabulary.seniority)
        self.constraint_kinds = PhraseSet({k: v.cues for k, v in vocabulary.constraint_kinds.items()})
        self.concern_kinds = PhraseSet({k: v.cues for k, v in vocabulary.concern_kinds.items()})
        self.topics = PhraseSet(vocabulary.feedback_topics)

    # -- the whole answer --------------------------------------------------------------------------------

    def read(self, asked: AskedQuestion, answer: str, profile: Profile | None = None) -> Extraction:
        text = strip_personal(answer)
        if not text:
            return Extraction(answered=False, note="I only found contact details or a key there, and I don't keep "
                                                     "those.")
        if DONE.match(text):
            return Extraction(answered=False, done=True)
        if DECLINE.match(text):
            return Extraction(answered=False, skip=True, updates=Profile(skipped=[asked.field]))
        if NON_ANSWER.match(text):
            return Extraction(answered=False, note="I didn't catch an answer there.")
        if BACK_REFERENCE.match(text):
            return Extraction(answered=False, note="I may have missed that earlier - could you say it again here, in "
                                                   "a few words?")
        if self.off_topic(text, asked.field):
            return Extraction(answered=False, note="That sounds like a question rather than an answer to mine.")
        if self.says_none(text) and asked.field in NONE_ALLOWED and not self.tools_in(text).ai_tools:
            said = self._everything_else(text, "current_role" if asked.field == "ai_tools" else asked.field,
                                         profile or Profile())
            return Extraction(answered=True, updates=said.merged(Profile(declared_none=[asked.field])))
        primary, note = self._readers[asked.field](text)
        extra = self._everything_else(text, asked.field, profile or Profile())
        updates = extra.merged(primary) if primary is not None else extra
        return Extraction(answered=primary is not None, updates=updates, note=note)

    @cached_property
    def _readers(self) -> dict[ProfileField, Reader]:
        return {
            "current_role": self.read_role, "situation": self.read_situation, "years_experience": self.read_years,
            "seniority": self.read_seniority, "skills": lambda t: self._read_items(t, "skills"),
            "ai_tools": self.read_tools, "main_tasks": lambda t: self._read_items(t, "main_tasks"),
            "goals": self.read_goals, "hours_per_week": self.read_hours, "constraints": self.read_constraints,
            "concerns": self.read_concerns,
        }

    def _everything_else(self, text: str, asked: ProfileField, profile: Profile) -> Profile:
        """What an answer says beyond its question: situation, experience, tools, limits, worries, hours. Fields
        already known keep their value: what a person said when asked beats what they said in passing."""
        data = self._in_passing(text, asked)
        return Profile.model_validate({k: v for k, v in data.items()
                                       if isinstance(v, list) or getattr(profile, k) is None})

    def _in_passing(self, text: str, asked: ProfileField) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if asked != "situation" and (situation := self.situation_of(text)):
            data["situation"] = situation
        if asked not in ("years_experience", "hours_per_week") and re.search(r"\b(years?|yrs|decades?)\b", text, re.I):
            data |= self.experience(NOT_EXPERIENCE.sub(" ", text), bare_number=False)
        if asked not in ("seniority", "years_experience") and (level := self.seniority_of(text)):
            data["seniority"] = level
        if asked != "ai_tools":
            data |= self.tools_in(text).model_dump(exclude_defaults=True)
        if asked != "constraints":
            data |= self._said_limits(text)
        if asked != "concerns":
            data |= self._said_worries(text)
        if asked != "goals" and (wants := [c.text for c in clauses(text) if WANT.match(c.text)]):
            data["goals"] = [strip_personal(w)[:200] for w in wants][:3]
        if asked != "hours_per_week" and (free := free_time(text)):
            data |= self._hours(free, bare_number=False)
        return data

    # -- one field each ------------------------------------------------------------------------------------

    def read_role(self, text: str) -> tuple[Profile | None, str | None]:
        role_text = text[:400]
        titles = self.matcher.titles_in(role_text)
        domain = self.matcher.domain_of(role_text)
        data: dict[str, Any] = {"current_role": role_text, "matched_role": titles[0][0] if titles else None,
                                "domain": domain if not titles or domain else None}
        data |= self.experience(text, bare_number=False)
        if tasks := task_list(text):
            data["main_tasks"] = tasks
        situation = self.situation_of(text) or ("employed" if (titles or domain) and EMPLOYED_HINT.search(text)
                                                else None)
        if situation:
            data["situation"] = situation
        return Profile.model_validate(data), None

    def read_situation(self, text: str) -> tuple[Profile | None, str | None]:
        situation = self.situation_of(text)
        if situation is None and re.search(r"\b(work(ing)?|job|employ)", text, re.I) and not re.search(
                r"\b(no|not|without|lost)\b", text, re.I):
            situation = "employed"
        if situation is None:
            return None, "I couldn't tell which of those fits you."
        return Profile(situation=situation), None

    def read_years(self, text: str) -> tuple[Profile | None, str | None]:
        data = self.experience(text, bare_number=True)
        if "years_experience" not in data and "seniority" not in data:
            return None, "I couldn't find a length of time or a level in that."
        return Profile.model_validate(data), None

    def read_seniority(self, text: str) -> tuple[Profile | None, str | None]:
        data = self.experience(text, bare_number=False)
        if "seniority" not in data:
            return None, "I couldn't place that on a career ladder."
        return Profile.model_validate(data), None

    def read_hours(self, text: str) -> tuple[Profile | None, str | None]:
        data = self._hours(text, bare_number=True)
        if not data:
            return None, "I need a rough number of hours a week."
        return Profile.model_validate(data), None

    def read_tools(self, text: str) -> tuple[Profile | None, str | None]:
        updates = self.tools_in(text)
        if updates.ai_tools or updates.ai_tools_avoided:
            return updates, None
        named = [*find(self.tools, text), *find(self.generic_tools, text)]
        if any(meant != "yes" for _, meant, _ in named) or self.says_none(text) or NONE.match(text):
            return Profile(declared_none=["ai_tools"]), None  # "none. not allowed at work" names no tool
        found = [i for i in items(text) if not NONE.match(i)]
        return (Profile(ai_tools=found[:5]), None) if found else (None, "I couldn't pick out any tools in that.")

    def read_goals(self, text: str) -> tuple[Profile | None, str | None]:
        goals = [g for g in (HEDGE_LEAD.sub("", strip_personal(c.text)) for c in clauses(text))
                 if g and not NON_ANSWER.match(g) and not HEDGE.match(g)][:5]
        avoid = self.avoided(text)
        targets = [role_id for role_id, _ in self.matcher.titles_in(text)]
        if not goals:
            return None, "I couldn't pick out a goal in that."
        return Profile(goals=[g[:200] for g in goals], avoid=avoid, target_role=targets[0] if targets else None), None

    def read_constraints(self, text: str) -> tuple[Profile | None, str | None]:
        found = items(text)
        if not found:
            return None, "I couldn't pick out any limits in that."
        kinds = self._kinds(self.constraint_kinds, text)
        return Profile(constraints=found[:10], constraint_kinds=kinds, avoid=self.avoided(text),
                       hours_pattern=hours_pattern(text)), None

    def read_concerns(self, text: str) -> tuple[Profile | None, str | None]:
        meant = [c.text for c in clauses(text) if not NOT_WORRIED.search(c.text)]
        if not meant and NOT_WORRIED.search(text):
            return Profile(declared_none=["concerns"]), None
        found = items(". ".join(meant))
        if not found:
            return None, "I couldn't pick out a worry in that."
        return Profile(concerns=found[:10], concern_kinds=self._kinds(self.concern_kinds, ". ".join(meant))), None

    def _read_items(self, text: str, field: ProfileField) -> tuple[Profile | None, str | None]:
        found = items(text)
        if not found:
            return None, "I couldn't pick out any items in that."
        return Profile.model_validate({field: found}), None

    def off_topic(self, text: str, field: ProfileField) -> bool:
        """A question back, or small talk, with nothing in it the field could use."""
        if not QUESTION_BACK.search(text):
            return False
        useful = (self.matcher.titles_in(text) or self.situation_of(text) or self.tools_in(text).ai_tools
                  or self.constraint_kinds_in(text) or self.concern_kinds_in(text)
                  or (field == "hours_per_week" and parse_hours_per_week(text) is not None))
        return not useful

    def says_none(self, text: str) -> bool:
        """'None', 'no, not really', 'nothing much, I'm curious', 'none really, I have lots of time': nothing of
        substance after it (no limit, worry or 'but ...')."""
        match = NONE.match(text)
        if match is None or re.search(r"\bbut\b", text, re.IGNORECASE):
            return False
        rest = text[match.end():].strip(" ,.;:!-")
        if len(rest.split()) <= 3 or CONTENT_NONE.match(rest) or NOT_WORRIED.search(rest):
            return True
        return not (LIMIT.search(rest) or WORRY.search(rest) or self.constraint_kinds_in(rest)
                    or self.concern_kinds_in(rest) or self.tools_in(rest).ai_tools)

    # -- pieces ----------------------------------------------------------------------------------------------

    def situation_of(self, text: str) -> Situation | None:
        said = {key for key, meant, _ in find(self.situations, text) if meant == "yes"}
        return next((s for s in SITUATION_RANK if s in said), None)

    def seniority_of(self, text: str) -> Seniority | None:
        said = {key for key, meant, _ in find(self.seniority, text) if meant == "yes"}
        return max(said, key=SENIORITY_RANK.index) if said else None

    def experience(self, text: str, *, bare_number: bool) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if (years := parse_years(text, bare_number=bare_number)) is not None:
            data["years_experience"] = years
        if (leading := parse_leadership_years(text)) is not None:
            data["leadership_years"] = leading
        level = self.seniority_of(text)
        if level is None and "years_experience" in data:
            level = seniority_from_years(data["years_experience"])
        elif level is not None:
            data["manages_people"] = level in ("lead", "executive")
        if level is not None:
            data["seniority"] = level
        return data

    def _hours(self, text: str, *, bare_number: bool) -> dict[str, Any]:
        hours = parse_hours_per_week(text, bare_number=bare_number)
        if hours is None:
            return {}
        pattern = hours_pattern(text)
        return {"hours_per_week": hours, **({"hours_pattern": pattern} if pattern else {})}

    def tools_in(self, text: str) -> Profile:
        """Tools used, and tools refused or forbidden, named in `text`."""
        used: list[str] = []
        avoided: list[str] = []
        refused: list[str] = []
        for tool, meant, clause in [*own(self.tools, text), *own(self.generic_tools, text)]:
            if meant == "yes" and WORRY.search(clause.text):
                continue  # "worried Copilot will make us redundant" is a fear, not a tool in use
            if meant == "yes" and tool in self.kb.catalog.vocabulary.ai_tools:
                used.append(tool)
            elif meant in ("refuse", "forbid"):
                avoided.append(tool if tool in self.kb.catalog.vocabulary.ai_tools or len(tool) > 3 else "AI tools")
                if meant == "refuse" and tool not in self.kb.catalog.vocabulary.ai_tools:
                    refused.append(tool)  # "I refuse to use image generators": the plan leaves them out
        return Profile(ai_tools=list(dict.fromkeys(used)), ai_tools_avoided=list(dict.fromkeys(avoided)),
                       avoid=list(dict.fromkeys(refused)))

    def avoided(self, text: str) -> list[str]:
        """What the person does not want: 'I don't want to move into management' -> management."""
        out: list[str] = []
        if HANDS_ON.search(text):
            out.append(MANAGEMENT)
        for match in AVOID_OBJECT.finditer(text):
            obj = STOP_AVOID.sub("", match.group(2)).strip(" -")
            if not obj or self.says_none(obj) or len(obj.split()) > 5:
                continue
            topics = affirmed(self.topics, obj)
            if topics:  # the thing named right after the cue: "without racing image generators on price"
                out.append(topics[0])
            elif not match.group(1):  # "no degree", "without a car": a fact about the person, not a wish
                out.append(obj.lower())
        return list(dict.fromkeys(out))[:5]

    def _kinds(self, phrases: PhraseSet[Any], text: str) -> list[Any]:
        return list(dict.fromkeys(key for key, _, _ in find(phrases, text)))

    def constraint_kinds_in(self, text: str) -> list[ConstraintKind]:
        return self._kinds(self.constraint_kinds, text)

    def concern_kinds_in(self, text: str) -> list[ConcernKind]:
        return self._kinds(self.concern_kinds, text)

    def _said_limits(self, text: str) -> dict[str, Any]:
        """Limits mentioned in passing: a limiting word beside a known kind of limit."""
        kinds: list[ConstraintKind] = []
        said: list[str] = []
        for clause in clauses(text):
            found = self._kinds(self.constraint_kinds, clause.text)
            if found and (LIMIT.search(clause.text) or re.search(r"\b(two|three|\d+|small|young) kids\b",
                                                                    clause.text, re.I)):
                kinds += found
                said.append(strip_personal(clause.text)[:200])
        return {"constraint_kinds": kinds, "constraints": said} if kinds else {}

    def _said_worries(self, text: str) -> dict[str, Any]:
        """Worries mentioned in passing: a worry word in the sentence."""
        kinds: list[ConcernKind] = []
        said: list[str] = []
        for clause in clauses(text):
            if WORRY.search(clause.text) and not NOT_WORRIED.search(clause.text):
                kinds += self._kinds(self.concern_kinds, clause.text)
                said.append(strip_personal(clause.text)[:200])
        return {"concern_kinds": kinds, "concerns": said} if said else {}
