"""The profile review's readers of the work: the job itself, its level and the person's situation.

"I'm a copywriter, not an illustrator" and "my job title is airport cleaner not cleaner" put the job right; "im not
a benefits officer" of the job held clears it; "I am Band 3" clears a level the catalog cannot rank; "i am NOT
freelance" takes the situation read away, whatever else the sentence says.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from domain.profile import Profile
from reading.cues import find
from reading.rules import rule

if TYPE_CHECKING:
    from reading.answers import AnswerReader
    from reading.review import Reviewed


QUOTED = re.compile(r"(?<![A-Za-z])[\"“'‘]([^\"”'’]{3,120})[\"”'’](?![A-Za-z])")
"""A quoted item; an apostrophe inside a word ("I'm ... I'm") opens and closes nothing."""


def words_of(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9']+", text.lower()) if len(w) > 2}


def negative(sentence: str) -> bool:
    return bool(rule("review.negative").search(sentence))


def mentioned(items: list[str], sentence: str) -> list[str]:
    """The items of a list a sentence points at: by a quote, else by most of an item's words."""
    quoted = [q.lower() for q in QUOTED.findall(sentence)]
    said = words_of(sentence)
    out = []
    for item in items:
        words = words_of(item)
        if (quoted and any(q in item.lower() or item.lower() in q for q in quoted)) or (
                not quoted and words and len(words & said) >= max(1, (len(words) + 1) // 2)):
            out.append(item)
    return out


class WorkCorrection:
    """Reads what a correction says of the job, its level and the situation, with the answer reader."""

    def __init__(self, reader: AnswerReader) -> None:
        self.reader = reader

    def level(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        if self.reader.names.denied(sentence):
            return False  # "I'm not a product manager" denies a role, not a level
        level = self.reader.seniority_of(re.sub(r"\bnot (?:a |an )?\w+", " ", sentence))
        if level is not None:
            out.set["seniority"] = level
            return True
        if (negative(sentence) or rule("review.level_unranked").search(sentence)) and profile.seniority:
            out.cleared.append("seniority")  # "I am Band 3": a level of its own, no rank the catalog knows
            return True
        return False

    def situation(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        situation = self.reader.situation_of(sentence)
        said = {key for key, meant, _ in find(self.reader.situations, sentence) if meant == "yes"}
        if situation == "career_break" and "career_break" not in said and "job_seeking" in (
                out.set.get("situation"), profile.situation):
            situation = "job_seeking"  # "no job now" of someone looking for work: out of work, still looking
        if situation is not None and situation != profile.situation:
            out.set["situation"] = situation
        denied = [key for key, meant, _ in find(self.reader.situations, sentence) if meant != "yes"]
        if situation is None and denied and rule("situation.corrected").search(sentence):
            if profile.situation in denied:  # "i am NOT freelance": what was read goes, whatever else is said
                out.cleared.append("situation")
            return True  # (and when it was never read so, the profile already says what they say)
        return situation is not None

    def role(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        denied = self.reader.names.denied(sentence)
        if denied:
            out.added["roles_not"] = denied
        positive = rule("review.role_positive").search(sentence)
        fixed = rule("correction.field").search(sentence)
        meant = (fixed.group("role") or fixed.group("role2")) if fixed else None  # "my title is X, not Y": X
        not_said = None if positive or meant else rule("review.role_denied").search(sentence)
        if not_said and profile.current_role and words_of(not_said.group("what")) & words_of(profile.current_role):
            out.cleared.append("current_role")  # "im not a benefits officer" of the job held: it goes
            return True
        if denied and not positive:
            return True  # only a denial: "I'm not a product manager"
        if not_said:
            return False  # what the work is not never becomes the work
        phrase = self.reader.role_phrase(meant or rule("review.role_lead").sub("", sentence))
        named = self.reader.names.titles_in(phrase) or self.reader.names.domain_of(phrase)
        level_only = self.reader.seniority_of(phrase) and len(phrase.split()) <= 3 and not named  # "a senior actually"
        unnamed = rule("phrase.not_a_name").search(phrase) and not named
        if not phrase or len(phrase.split()) > 8 or level_only or unnamed:
            return bool(denied)
        also = rule("review.also").search(sentence)
        out.set["current_role"] = f"{profile.current_role}; {phrase}" if also and profile.current_role else phrase
        return True
