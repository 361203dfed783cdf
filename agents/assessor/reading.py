"""The knowledge engine's reading of one answer: the field asked, and everything else the answer says.

"Nine years as a senior PM, freelance since March, two small kids" fills the role, years, seniority, situation
and a caregiving constraint at once, so those questions are not asked again. Refusals and negations are read as
such ("I refuse to use Midjourney" is a tool avoided, never a tool used). Personal data (e-mail addresses, phone
numbers, keys) is removed before anything is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import Any

from agents.assessor.matching import RoleMatcher
from agents.cues import PhraseSet, affirmed, clauses, find, own
from agents.numbers import hours_pattern, parse_hours_per_week, parse_leadership_years, parse_years
from agents.privacy import strip_personal
from agents.text import split_items
from domain.interview import AskedQuestion
from domain.profile import Extraction, Profile
from knowledge.base import KnowledgeBase
from knowledge.models import ConcernKind, ConstraintKind, ProfileField, Seniority, Situation

DONE = re.compile(
    r"^\s*(i'?m |i am )?(done|finished|that'?s (all|it|enough)|stop|no more( questions)?|enough( questions)?|"
    r"let'?s (stop|move on|see (the|my) plan)|show me (the|my) plan)\W*$", re.IGNORECASE)
DECLINE = re.compile(
    r"^\W*(skip|pass|next( question)?|(i'?d )?rather not( say| answer| share)?|(i )?prefer not to (say|answer|share)|"
    r"no comment|not comfortable (answering|sharing)( that)?|that'?s private|(that'?s )?none of your business|"
    r"mind your own business|why do you (care|need to know|want to know)|not telling( you)?|"
    r"i (don'?t|do not) want to (talk about|answer|share|discuss) (that|this|it)|not (answering|sharing) that|"
    r"this is (stupid|pointless|a waste of time)|leave me alone|whatever you say)\W*$", re.IGNORECASE)
NON_ANSWER = re.compile(
    r"^\W*(idk|i don'?t know|not sure|no idea|dunno|whatever|hmm+|um+|\?+|ok|okay|yes|yeah|no clue|maybe|"
    r"good question|who knows|it depends|same as (before|above)|see above|asdf\w*|test(ing)?|blah( blah)*)\W*$",
    re.IGNORECASE)
NONE = re.compile(r"^\W*(none|nothing|nope|n/?a|not really|not at all|not much|none yet|not yet|no(?=\W*$)|no[,.;!]|"
                  r"no (constraints?|concerns?|worries|limits?|restrictions?|tools?|ai|skills)\b|"
                  r"(i'?m )?not (worried|concerned|really worried)|can'?t think of any|"
                  r"nothing (really|much|comes to mind))", re.IGNORECASE)
# Years that are not experience: "in a few years", "within 5 years", "two years ago", "the next 3 years".
_NOT_EXPERIENCE = re.compile(
    r"\b(?:in|within|over|after|for the next|the next|next|by)\s+(?:the\s+)?(?:next\s+)?(?:a\s+)?(?:few|couple of|"
    r"\d+|one|two|three|four|five|ten)?\s*(?:more\s+)?(?:years?|decades?)\b|"
    r"\b(?:a few|\d+|one|two|three|four|five|ten)\s+(?:years?|decades?)\s+(?:ago|from now|time|back)\b", re.IGNORECASE)
_HEDGE = re.compile(r"^\W*(?:(?:not sure|unsure|no idea|i don'?t know|dunno|honestly|to be honest|tbh|hard to say|"
                    r"i guess|good question)\W*)+$", re.IGNORECASE)
"""A clause that only hedges ("not sure honestly"): not a goal of its own."""
_NOT_WORRIED = re.compile(r"(?:\bnot|\bnever|n't|\bno)\s+(?:really\s+|too\s+|that\s+|very\s+|at all\s+)?"
                          r"(?:worr|concern|afraid|scared|fear|bother|fuss|anxious|nervous)", re.IGNORECASE)
"""A worry denied: "I'm not worried about being replaced", "don't worry about pay"."""
_CONTENT_NONE = re.compile(r"^(really|i'?m |just |at (all|the moment)|for now|so far|yet)*\s*"
                           r"(curious|fine|ok|okay|good|excited|happy|relaxed|not worried|nothing)?\W*$", re.IGNORECASE)
NONE_ALLOWED: frozenset[ProfileField] = frozenset({"ai_tools", "constraints", "concerns", "skills"})
# A question back to the coach: an auxiliary and a pronoun first ("can you...", "is this..."), a question word
# with a question mark or a verb after it ("what do you mean?", "why is that"), or "you" in a question. "Maybe
# move into operations?" is a hedged answer, not a question back.
QUESTION_BACK = re.compile(
    r"^\W*(?:can|could|would|will|do|does|did|is|are|have|has|should|shall|may)\s+(?:you|i|we|it|that|this|there)\b|"
    r"^\W*(?:what|where|when|who|why|which|how)\b(?=.*\?\s*$)|"
    r"^\W*(?:what'?s|what is|what are|what do|why do|why is|why are|how do|how does|how can|how about|how is|"
    r"how are)\b|\byou(?:r)?\b.*\?\s*$|^\W*tell me (?:a|about)\b", re.IGNORECASE | re.DOTALL)
WORRY = re.compile(r"\b(worr|afraid|fear|scared|concern|anxious|nervous|terrif|dread|panic|stress)", re.IGNORECASE)
LIMIT = re.compile(r"\b(can'?t|cannot|only|no |not allowed|blocks?|banned|limited|tight|last|until|must|have to|"
                   r"need to|little|hardly)\b", re.IGNORECASE)
EMPLOYED_HINT = re.compile(r"\bat (a|an|the|my|our)?\s*[a-z]", re.IGNORECASE)
_NOT_AN_ITEM = re.compile(r"^(and|or|also|etc|so|the|a|an|i|it|that|this|things?|stuff|lots?|more)$", re.IGNORECASE)
_AVOID_OBJECT = re.compile(
    r"\b(?:don'?t want to|do not want to|not interested in|no more|rather not|avoid|never want to|not into|"
    r"(without|no))\s+(?:be(?:come)?\s+|go(?:ing)?\s+(?:into\s+)?|move\s+into\s+|get\s+into\s+|do(?:ing)?\s+|"
    r"use\s+|using\s+|an?\s+|the\s+|any\s+|more\s+)*([a-z][a-z \-]{2,40})", re.IGNORECASE)
_HANDS_ON = re.compile(r"\b(stay|remain|keep (?:being|it))\s+(hands[- ]on|technical|an? (?:individual contributor|ic)"
                       r"|on the tools|coding|building|clinical|in the classroom)\b", re.IGNORECASE)
_STOP_AVOID = re.compile(r"\s+\b(and|but|or|because|so|since|as|anymore|any more|please|at all|thanks)\b.*$",
                         re.IGNORECASE)
SENIORITY_RANK: tuple[Seniority, ...] = ("entry", "junior", "mid", "senior", "lead", "executive")
SITUATION_RANK: tuple[Situation, ...] = ("job_seeking", "student", "career_break", "freelance", "employed")


_HOURS_SAID = re.compile(r"\bhours?\b.{0,20}\b(week|weekly|day|evening)|\bhours?\b.{0,3}(week|day)", re.IGNORECASE)
_WORKING_TIME = re.compile(
    r"\b(?:i|we)\s+(?:work|do|pull|put in)\b|\bwork(?:ing)?\s+(?:\d+|long|about|around)\b|"
    r"\b\d+[- ]?hours?[- ](?:weeks?|days?|shifts?)\b|\bshifts?\b|\bovertime\b|\b(?:full|part)[- ]time\b|\bmy job\b",
    re.IGNORECASE)
_FREE_TIME = re.compile(
    r"\b(?:free|spare|available|give|set aside|dedicate|devote|carve out|for this|to learn|for learning|study|"
    r"can (?:do|manage|find|give|spend|put in)|could (?:do|manage|find|give|spend|put in))\b", re.IGNORECASE)


def _free_time(text: str) -> str:
    """The clauses of an answer that say how much time the person has for this: hours they could give, never the
    hours they already work ("I work 50 hour weeks" is a heavy week, not a budget)."""
    said = [c.text for c in clauses(text) if _HOURS_SAID.search(c.text)
            and (_FREE_TIME.search(c.text) or not _WORKING_TIME.search(c.text))]
    return ". ".join(said)


def seniority_from_years(years: float) -> Seniority:
    """A level from years alone, when the person names none."""
    return "entry" if years < 1 else "junior" if years < 3 else "mid" if years < 7 else "senior"
MANAGEMENT = "management"

Reader = Callable[[str], tuple[Profile | None, str | None]]


def items(text: str, limit: int = 12) -> list[str]:
    """A free-text list as short items, without filler words or personal data."""
    return [i for i in (strip_personal(x) for x in split_items(text, limit)) if i and not _NOT_AN_ITEM.match(i)]


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
            data |= self.experience(_NOT_EXPERIENCE.sub(" ", text), bare_number=False)
        if asked not in ("seniority", "years_experience") and (level := self.seniority_of(text)):
            data["seniority"] = level
        if asked != "ai_tools":
            data |= self.tools_in(text).model_dump(exclude_defaults=True)
        if asked != "constraints":
            data |= self._said_limits(text)
        if asked != "concerns":
            data |= self._said_worries(text)
        if asked != "hours_per_week" and (free := _free_time(text)):
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
        situation = self.situation_of(text) or ("employed" if titles and EMPLOYED_HINT.search(text) else None)
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
        if any(meant != "yes" for _, meant, _ in named) or self.says_none(text):
            return Profile(declared_none=["ai_tools"]), None
        found = items(text)
        return (Profile(ai_tools=found[:5]), None) if found else (None, "I couldn't pick out any tools in that.")

    def read_goals(self, text: str) -> tuple[Profile | None, str | None]:
        goals = [g for g in (strip_personal(c.text) for c in clauses(text))
                 if g and not NON_ANSWER.match(g) and not _HEDGE.match(g)][:5]
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
        meant = [c.text for c in clauses(text) if not _NOT_WORRIED.search(c.text)]
        if not meant and _NOT_WORRIED.search(text):
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

    @staticmethod
    def says_none(text: str) -> bool:
        """'None', 'no, not really', 'nothing much, I'm curious': nothing of substance after it, no 'but ...'."""
        match = NONE.match(text)
        if match is None or re.search(r"\bbut\b", text, re.IGNORECASE):
            return False
        rest = text[match.end():].strip(" ,.;:!-")
        return len(rest.split()) <= 3 or _CONTENT_NONE.match(rest) is not None or _NOT_WORRIED.search(rest) is not None

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
        for tool, meant in [*own(self.tools, text), *own(self.generic_tools, text)]:
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
        if _HANDS_ON.search(text):
            out.append(MANAGEMENT)
        for match in _AVOID_OBJECT.finditer(text):
            obj = _STOP_AVOID.sub("", match.group(2)).strip(" -")
            if not obj or self.says_none(obj) or len(obj.split()) > 5:
                continue
            topics = affirmed(self.topics, obj)
            if topics:
                out += topics
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
            if WORRY.search(clause.text) and not _NOT_WORRIED.search(clause.text):
                kinds += self._kinds(self.concern_kinds, clause.text)
                said.append(strip_personal(clause.text)[:200])
        return {"concern_kinds": kinds, "concerns": said} if said else {}
