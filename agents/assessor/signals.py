"""What an answer signals before it is read field by field: finishing, declining, not answering, a question
back, "none", hedges, worries denied, wishes, limits, hours to spare versus hours worked, a bare list of tasks."""

from __future__ import annotations

import re
from collections.abc import Callable

from agents.cues import clauses
from agents.privacy import strip_personal
from agents.text import split_items
from domain.profile import Profile
from knowledge.models import ProfileField, Seniority, Situation

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
    r"good question|who knows|it depends|asdf\w*|test(ing)?|blah( blah)*)\W*$",
    re.IGNORECASE)
NONE = re.compile(r"^\W*(none|nothing|nope|n/?a|not really|not at all|not much|none yet|not yet|no(?=\W*$)|no[,.;!]|"
                  r"no (constraints?|concerns?|worries|limits?|restrictions?|tools?|ai|skills)\b|"
                  r"(i'?m )?not (worried|concerned|really worried)|can'?t think of any|"
                  r"nothing (really|much|comes to mind)|never (used|tried|touched) (any|them|it|one|ai)\b|"
                  r"(i )?(haven'?t|have not) (used|tried) (any|them|it|one|ai)\b|(i )?(don'?t|do not) use (any|ai)\b)",
                  re.IGNORECASE)
# Years that are not experience: "in a few years", "within 5 years", "two years ago", "the next 3 years".
NOT_EXPERIENCE = re.compile(
    r"\b(?:in|within|over|after|for the next|the next|next|by)\s+(?:the\s+)?(?:next\s+)?(?:a\s+)?(?:few|couple of|"
    r"\d+|one|two|three|four|five|ten)?\s*(?:more\s+)?(?:years?|decades?)\b|"
    r"\b(?:a few|\d+|one|two|three|four|five|ten)\s+(?:years?|decades?)\s+(?:ago|from now|time|back)\b", re.IGNORECASE)
HEDGE = re.compile(r"^\W*(?:(?:not sure|unsure|no idea|i don'?t know|dunno|honestly|to be honest|tbh|hard to say|"
                    r"i guess|good question)\W*)+$", re.IGNORECASE)
"""A clause that only hedges ("not sure honestly"): not a goal of its own."""
HEDGE_LEAD = re.compile(r"^\W*(?:(?:idk|dunno|not sure|no idea|i don'?t know|honestly|tbh|hmm+|um+)\W+)+(?=\w)",
                        re.IGNORECASE)
"""Hedges before a goal ("idk maybe get into something techy"): the goal is what follows."""
NOT_WORRIED = re.compile(r"(?:\bnot|\bnever|n't|\bno)\s+(?:really\s+|too\s+|that\s+|very\s+|at all\s+)?"
                          r"(?:worr|concern|afraid|scared|fear|bother|fuss|anxious|nervous)", re.IGNORECASE)
"""A worry denied: "I'm not worried about being replaced", "don't worry about pay"."""
CONTENT_NONE = re.compile(r"^(really|i'?m |just |at (all|the moment)|for now|so far|yet)*\s*"
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
LIMIT = re.compile(r"\b(can'?t|cannot|only|no |not allowed|blocks?|bans?|banned|forbids?|prohibits?|won'?t let|"
                   r"doesn'?t allow|limited|tight|last|until|must|have to|need to|little|hardly)\b", re.IGNORECASE)
BACK_REFERENCE = re.compile(
    r"^\W*(?:as (?:i )?(?:said|mentioned|wrote|told you)(?: (?:above|before|earlier))?|as above|see above|"
    r"same as (?:before|above)|like i said|(?:i )?(?:already )?(?:said|told you|answered|mentioned) (?:that|this|it)"
    r"(?: (?:already|above|before|earlier))?|already (?:said|answered|told you))\W*$", re.IGNORECASE)
WANT = re.compile(r"^\W*(?:i'?d (?:like|love) to|i would (?:like|love) to|i want to|i hope to|i'?m hoping to|i plan to|"
                  r"i'?m planning to|my goal is|my aim is|ideally i'?d)\b", re.IGNORECASE)
EMPLOYED_HINT = re.compile(r"\bat (a|an|the|my|our)?\s*[a-z]", re.IGNORECASE)
NOT_AN_ITEM = re.compile(r"^(and|or|also|etc|so|the|a|an|i|it|that|this|things?|stuff|lots?|more)$", re.IGNORECASE)
AVOID_OBJECT = re.compile(
    r"\b(?:don'?t want to|do not want to|not interested in|no more|rather not|avoid|never want to|not into|"
    r"(without|no))\s+(?:be(?:come)?\s+|go(?:ing)?\s+(?:into\s+)?|move\s+into\s+|get\s+into\s+|do(?:ing)?\s+|"
    r"use\s+|using\s+|an?\s+|the\s+|any\s+|more\s+)*([a-z][a-z \-]{2,40})", re.IGNORECASE)
HANDS_ON = re.compile(r"\b(stay|remain|keep (?:being|it))\s+(hands[- ]on|technical|an? (?:individual contributor|ic)"
                       r"|on the tools|coding|building|clinical|in the classroom)\b", re.IGNORECASE)
STOP_AVOID = re.compile(r"\s+\b(and|but|or|because|so|since|as|anymore|any more|please|at all|thanks|on|for|in|at|"
                        r"with|to|by|from|over|against)\b.*$",
                         re.IGNORECASE)
SENIORITY_RANK: tuple[Seniority, ...] = ("entry", "junior", "mid", "senior", "lead", "executive")
SITUATION_RANK: tuple[Situation, ...] = ("job_seeking", "student", "freelance", "career_break", "employed")
"""When an answer names several situations, the one that shapes a plan most: 'retired, doing some consulting' is
freelance work."""


HOURS_SAID = re.compile(r"\bhours?\b.{0,20}\b(week|weekly|day|evening)|\bhours?\b.{0,3}(week|day)", re.IGNORECASE)
WORKING_TIME = re.compile(
    r"\b(?:i|we)\s+(?:work|do|pull|put in)\b|\bwork(?:ing)?\s+(?:\d+|long|about|around)\b|"
    r"\b\d+[- ]?hours?[- ](?:weeks?|days?|shifts?)\b|\bshifts?\b|\bovertime\b|\b(?:full|part)[- ]time\b|\bmy job\b",
    re.IGNORECASE)
FREE_TIME = re.compile(
    r"\b(?:free|spare|available|give|set aside|dedicate|devote|carve out|for this|to learn|for learning|study|"
    r"can (?:do|manage|find|give|spend|put in)|could (?:do|manage|find|give|spend|put in))\b", re.IGNORECASE)


def free_time(text: str) -> str:
    """The clauses of an answer that say how much time the person has for this: hours they could give, never the
    hours they already work ("I work 50 hour weeks" is a heavy week, not a budget)."""
    said = [c.text for c in clauses(text) if HOURS_SAID.search(c.text)
            and (FREE_TIME.search(c.text) or not WORKING_TIME.search(c.text))]
    return ". ".join(said)


PERSONAL = re.compile(r"\b(i|i'?m|my|me|we|our|us|you)\b", re.IGNORECASE)


def task_list(text: str) -> list[str]:
    """A bare list of work after the role ("Senior accountant. Month-end close, reconciliations, variance
    analysis."): a later sentence of two or more short comma-separated items, with no one speaking in it."""
    for sentence in re.split(r"(?<=[.;!?])\s+|\n+", text)[1:]:
        parts = [p.strip(" .;!?") for p in re.split(r",|\band\b", sentence)]
        parts = [p for p in parts if p]
        if len(parts) >= 2 and all(len(p.split()) <= 4 for p in parts) and not PERSONAL.search(sentence) \
                and not re.search(r"\d", sentence):
            return parts[:8]
    return []


def seniority_from_years(years: float) -> Seniority:
    """A level from years alone, when the person names none."""
    return "entry" if years < 1 else "junior" if years < 3 else "mid" if years < 7 else "senior"
MANAGEMENT = "management"

Reader = Callable[[str], tuple[Profile | None, str | None]]


def items(text: str, limit: int = 12) -> list[str]:
    """A free-text list as short items, without filler words or personal data."""
    return [i for i in (strip_personal(x) for x in split_items(text, limit)) if i and not NOT_AN_ITEM.match(i)]
