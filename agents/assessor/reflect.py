"""Saying back, briefly, what an answer told the coach ("Got it: nine years as a PM, about four hours a week.").

Built from what the answer added to the profile, in the coach's own words; the person's phrases appear only when
short, free of personal data and not instruction-shaped. Both engines share it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from agents.guards import looks_like_instruction
from domain.profile import Extraction, Profile
from knowledge.models import Vocabulary
from reading.signals import say_back
from reading.text import doing, number_words

MAX_PARTS = 3
DECLINED = ("No problem, we can leave that one.", "That's fine, let's move on.", "Understood, we'll skip it.")
OFFER_TO_STOP_AFTER = 3
_OWN_WORDS = re.compile(
    r"^\s*(?:i'?d like to|i would like to|i want(?: to)?|i hope to|i'?m hoping to|i plan to|my goal is(?: to)?|"
    r"i'?m (?:afraid|worried|scared|concerned)(?: that| about| of)?|i am (?:afraid|worried|scared|concerned)"
    r"(?: that| about| of)?|i worry(?: that| about)?|i fear(?: that)?)\s+", re.IGNORECASE)
_LEAD = re.compile(r"^\s*(?:i'?m|i am|i work as|i'?m working as|working as|i work in)\s+", re.IGNORECASE)
_COMMON_STARTS = frozenset(
    "a an the get land move become keep stay find learn build lead grow open start stop make use do be go switch "
    "become work help win raise return design own specialise specialize decide understand not no that my our "
    "being losing ai fewer less more too".split())
MAX_QUOTED_WORDS = 8
SITUATION_WORDS = {"employed": "in work", "job_seeking": "looking for work", "freelance": "working freelance",
                   "student": "studying", "career_break": "away from paid work for now"}
SENIORITY_WORDS = {"entry": "early in your career", "junior": "at junior level", "mid": "an individual contributor",
                   "senior": "at senior level", "lead": "leading a team", "executive": "in an executive role"}
NONE_WORDS = {"constraints": "nothing in particular limits you", "concerns": "nothing in particular worries you",
              "ai_tools": "no AI tools yet", "skills": "no particular skills to name yet"}


def _short(text: str, max_words: int = MAX_QUOTED_WORDS) -> str | None:
    """The first clause of a phrase of the person's, if it is short and safe to say back."""
    first = re.split(r"[,;:(]|\s-\s|\.\s", _OWN_WORDS.sub("", text.strip()), maxsplit=1)[0].strip().rstrip(".")
    words = first.split()
    if not words or len(words) > max_words or looks_like_instruction(first):
        return None
    return " ".join(words)


def _sentence_start(text: str) -> str:
    """A phrase to follow other words: its first word lower-cased unless it is a name or an acronym."""
    first, _, rest = text.partition(" ")
    if first[:1].isupper() and first[1:].islower() and (first.lower() in _COMMON_STARTS or first.endswith("ing")):
        first = first.lower()
    return f"{first} {rest}".strip()


def _opening(text: str) -> str | None:
    """The first words of a long phrase, marked as cut."""
    words = _OWN_WORDS.sub("", text.strip()).split()
    if not words or looks_like_instruction(text):
        return None
    return " ".join(words[:MAX_QUOTED_WORDS - 2]).rstrip(".,;:!?") + "..."


def _role_phrase(text: str) -> str | None:
    phrase = say_back(_LEAD.sub("", text), MAX_QUOTED_WORDS)
    return phrase if phrase and phrase.lower() not in ("a student", "student", "unemployed") else None


def _list(items: list[str]) -> str | None:
    """Two items said back (only those fit to say back: short names, no fragments), and how many more."""
    said = [_sentence_start(s) for s in (say_back(i, 5) for i in items) if s][:2]
    if not said:
        return None
    more = len(items) - len(said)
    return _join([*said, f"{number_words(more)} more"]) if more > 0 else _join(said)


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _experience(before: Profile, after: Profile) -> str | None:
    if after.years_experience is not None and after.years_experience != before.years_experience:
        years = after.years_experience
        plural = "s" if years != 1 else ""
        text = "less than a year in" if years < 1 else f"{number_words(years)} year{plural} in"
        if after.leadership_years:
            text += f", {number_words(after.leadership_years)} of them leading people"
        return text
    if after.seniority and after.seniority != before.seniority:
        return SENIORITY_WORDS[after.seniority]
    return None


def _hours(after: Profile) -> str:
    hours = after.hours_per_week or 0
    text = f"about {number_words(hours)} hour{'s' if hours != 1 else ''} a week"
    return f"{text}, mostly {after.hours_pattern}" if after.hours_pattern else text


def _labels(kinds: Sequence[str], labels: Mapping[str, str]) -> str | None:
    named = [labels[k] for k in kinds if k in labels]
    return _join(named) if named else None


def heard(before: Profile, after: Profile, vocabulary: Vocabulary) -> list[str]:
    """What changed between two profiles, as short phrases, most telling first."""
    parts: list[str] = []
    if after.current_role and after.current_role != before.current_role and (
            role := _role_phrase(after.current_role)):
        parts.append(role)
    if after.situation and after.situation != before.situation:
        parts.append(SITUATION_WORDS[after.situation])
    if experience := _experience(before, after):
        parts.append(experience)
    if after.hours_per_week is not None and after.hours_per_week != before.hours_per_week:
        parts.append(_hours(after))
    new_tasks = [t for t in after.main_tasks if t not in before.main_tasks]
    if new_tasks and (tasks := _list([doing(t) for t in new_tasks])):
        away = after.situation in ("career_break", "job_seeking", "student")
        parts.append(f"{'your work covered' if away else 'your week goes on'} {tasks}")
    new_goals = [g for g in after.goals if g not in before.goals]
    if new_goals:
        goal = next((g for g in (say_back(g, MAX_QUOTED_WORDS) for g in new_goals) if g), None)
        parts.append(f"your aim: {_sentence_start(goal)}" if goal else "I've noted what you want")
    new_skills = [s for s in after.skills if s not in before.skills]
    if new_skills and (skills := _list(new_skills)):
        parts.append(f"you're strong in {skills}")
    new_concerns = [k for k in after.concern_kinds if k not in before.concern_kinds]
    if worry := _labels(new_concerns, {k: v.label for k, v in vocabulary.concern_kinds.items()}):
        parts.append(f"you're worried about {worry}")
    elif said := [c for c in after.concerns if c not in before.concerns]:
        item = next((w for w in (say_back(c, 10) for c in said) if w), None)
        parts.append(f"your worry: {_sentence_start(item)}" if item else "I've noted that worry")
    new_limits = [k for k in after.constraint_kinds if k not in before.constraint_kinds]
    if limits := _labels(new_limits, {k: v.label for k, v in vocabulary.constraint_kinds.items()}):
        parts.append(f"I'll keep in mind: {limits}")
    elif (said := [c for c in after.constraints if c not in before.constraints]) and (item := say_back(said[0], 10)):
        parts.append(f"I'll keep {_sentence_start(item)} in mind")
    new_tools = [t for t in after.ai_tools if t not in before.ai_tools]
    if new_tools:
        parts.append(f"you use {_join(new_tools[:3])}")
    avoided = [t for t in after.ai_tools_avoided if t not in before.ai_tools_avoided]
    refused = [t for t in avoided if t in vocabulary.ai_tools]
    if refused:
        at_work = " at work" if after.ai_at_work is False or "employer_ai_rules" in after.constraint_kinds else ""
        parts.append(f"{_join(refused[:2])} {'is' if len(refused) == 1 else 'are'} off the table{at_work}")
    elif avoided:
        parts.append("AI tools are off limits for you at work")
    if "management" in after.avoid and "management" not in before.avoid:
        parts.append("you'd rather stay out of management")
    parts += [NONE_WORDS[f] for f in after.declared_none if f not in before.declared_none and f in NONE_WORDS]
    return parts


def reflection(before: Profile, after: Profile, extraction: Extraction, vocabulary: Vocabulary) -> str | None:
    """The line that opens the next question, or None when there is nothing to say back."""
    if extraction.skip:
        declined = len(after.skipped)
        if declined >= OFFER_TO_STOP_AFTER:
            return "Fair enough. You can skip any question, or say 'done' to stop here."
        return DECLINED[declined % len(DECLINED)]
    parts = heard(before, after, vocabulary)
    if not parts:
        return "Thanks, noted." if extraction.answered else None
    said = "; ".join(parts[:MAX_PARTS])
    return f"Got it: {said}" + ("" if said.endswith(".") else ".")
