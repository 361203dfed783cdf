"""Small shared pieces of reading: list items, a bare task list after a title, ranks of situations and levels.
The patterns themselves are named rules in `knowledge/data/reading.yaml` (`reading.rules`)."""

from __future__ import annotations

import re
from collections.abc import Callable

from domain.profile import Profile
from knowledge.models import Seniority, Situation
from reading.privacy import strip_personal
from reading.rules import rule
from reading.text import split_items

SENIORITY_RANK: tuple[Seniority, ...] = ("entry", "junior", "mid", "senior", "lead", "executive")
SITUATION_RANK: tuple[Situation, ...] = ("job_seeking", "student", "freelance", "career_break", "employed")
"""When an answer names several situations, the one that shapes a plan most: 'retired, doing some consulting' is
freelance work."""
MANAGEMENT = "management"

Reader = Callable[[str], tuple[Profile | None, str | None]]


def items(text: str, limit: int = 12) -> list[str]:
    """A free-text list as short items, without filler words or personal data."""
    return [i for i in (strip_personal(x) for x in split_items(text, limit))
            if i and not rule("item.not_an_item").match(i) and not rule("item.to_the_coach").search(i)]


def appositions_joined(found: list[str]) -> list[str]:
    """Items that only name the people of the item before ("manage 6 people", "front desk agents", "a night
    auditor") joined to it: they say whom, not another piece of work."""
    out: list[str] = []
    for item in found:
        if out and rule("tasks.people_led").search(out[-1]) and len(item.split()) <= 4 and not rule(
                "tasks.verbal").search(item):
            out[-1] = f"{out[-1]}: {item}" if ":" not in out[-1] else f"{out[-1]}, {item}"
        else:
            out.append(item)
    return out


_STATEMENT = re.compile(r"\b(?:is|are|was|were|not|isn'?t|aren'?t)\b", re.IGNORECASE)
"""A sentence that says what something is ("the company is contractor, not the airport") lists no work."""


def task_list(text: str) -> list[str]:
    """A bare list of work after the role ("Senior accountant. Month-end close, reconciliations, variance
    analysis."): a later sentence of two or more short comma-separated items, with no one speaking in it."""
    for sentence in re.split(r"(?<=[.;!?])\s+|\n+", text)[1:]:
        parts = [p.strip(" .;!?") for p in re.split(r",|\band\b", sentence)]
        parts = [p for p in parts if p and not rule("item.employer").match(p)]  # "building society": where, not what
        if len(parts) >= 2 and all(len(p.split()) <= 4 for p in parts) and not rule("speaker.personal").search(
                sentence) and not re.search(r"\d", sentence) and not _STATEMENT.search(sentence):
            return parts[:8]
    return []


def without_meta_talk(text: str) -> str:
    """`text` without what is said about the conversation rather than about the person: words thrown at the coach
    ("ya numpty") and turns back to the question ("anyway", "as I told you before"); labels heading the answer
    ("day to day:", "what i want:") go later (`labels_removed`), once the answer is split by field."""
    said = rule("meta.lead_in").sub(" ", insults_removed(text))
    return re.sub(r"[ \t]{2,}", " ", said).strip()


def labels_removed(text: str) -> str:
    """`text` without the labels that head it or its sentences ("day to day:", "what i want:", "skills:")."""
    return rule("meta.label").sub(" ", text)


def insults_removed(text: str) -> str:
    """`text` without words thrown at the coach ("are you even reading this", "ya muppet"); a sentence they end
    still ends there."""
    def cut(found: re.Match[str]) -> str:
        return ". " if re.search(r"[.!?]\s*$", found.group(0)) else " "

    said = rule("meta.insult").sub(cut, text)
    return re.sub(r"[ \t]{2,}", " ", said).strip(" \t.,;") if said != text else text


def about_the_talk(piece: str) -> bool:
    """A piece that restates what was said before ("i said the job got binned"): talk about the conversation, never
    an item of the person's lists."""
    return bool(rule("meta.said_before").match(piece))


def assumptions_denied_removed(text: str) -> str:
    """`text` without what the coach assumed and the person says is not there ("theres no shifts", "i have no boss
    now"): a denial of the question, never a limit."""
    return rule("limit.assumption_denied").sub(" ", text)


MAX_TASK_WORDS = 5
_CUT = frozenset("about for with on in at to from of by because so and but".split())
_NOT_A_TASK_START = frozenset(
    "got get sent had did made went took was were is are been ive i've which who that when if so and but or".split())
"""Words a task's short name cannot start with: a past event or a clause ("got 2 interviews", "when appointments
move"), never a piece of work."""


def plain_phrase(text: str) -> str:
    """A phrase without the lead-in and trailing words that name nothing ("its mostly doc review lol" ->
    "doc review")."""
    return rule("phrase.trailing").sub("", rule("phrase.lead_in").sub("", text.strip())).strip(" .,;:-")


_STUTTER = re.compile(r"\b((?:\w+[\s,]+){0,3}?\w+)(?:[\s,]+\1\b)+", re.IGNORECASE)
"""A word or a few said twice over ("the the till", "good at good at people", "money money")."""


def unstutter(text: str) -> str:
    """Text with no word, or few words, said twice over in a row ("the the till" -> "the till")."""
    return _STUTTER.sub(r"\1", text)


def without_filler(text: str) -> str:
    """Text without the words that carry nothing ("um", "tbh", "defo"), "n" typed for "and" said as "and"."""
    return rule("signal.filler").sub(" ", rule("say_back.and_said_n").sub(" and ", text))


def clean_phrase(text: str) -> str:
    """A phrase of the person's in clean words: no fillers or asides anywhere in it ("um", "you named it"), no
    word said twice over, no lead-in that says how they feel about the thing ("strong in", "my aim is")."""
    said = rule("say_back.aside").sub(" ", without_filler(text))
    said = unstutter(" ".join(said.split()))
    while (lead := rule("say_back.self_lead").match(said)) is not None and lead.end() < len(said):
        said = unstutter(said[lead.end():])
    return plain_phrase(said)


def say_back(text: str, max_words: int = 6) -> str | None:
    """A phrase of the person's fit to say back to them: its first part in clean words (`clean_phrase`), short,
    naming something (no share of time, meta remark, question or pronoun) and whole - a part cut off mid-clause
    ("ordering stock and", "more like") is not said back; None when nothing is fit."""
    first = re.split(r"[,;:(]|\s-\s|\.\s", clean_phrase(text), maxsplit=1)[0].strip(" .")
    words = first.split()
    if not words or len(words) > max_words or rule("phrase.not_a_name").search(first) or \
            rule("item.not_a_skill").search(first) or rule("say_back.cut_off").search(first):
        return None
    return first


def short_task(task: str) -> str | None:
    """A task as a short name ("talking to patients" of "talking to patients about their meds"), or None when it is
    more than a name."""
    words = plain_phrase(rule("signal.filler").sub(" ", task)).split()
    if len(words) > MAX_TASK_WORDS:  # the head of a longer phrase, cut where a preposition starts its detail
        cut = next((i for i, w in enumerate(words) if i >= 2 and w.lower() in _CUT), len(words))
        words = words[:cut]
    named = " ".join(words)
    if not words or len(words) > MAX_TASK_WORDS or rule("speaker.personal").search(named) \
            or rule("item.not_a_skill").search(named) or rule("item.count").search(named) \
            or re.search(r"\d", named) or words[0].lower() in _NOT_A_TASK_START:
        return None
    first = words[0] if words[0].isupper() and len(words[0]) > 1 else words[0].lower()
    return " ".join([first, *words[1:]])



def seniority_from_years(years: float) -> Seniority | None:
    """A level from years alone, when the person names none - up to mid-level: years alone say nothing of how
    senior someone became (fourteen years as a ward clerk is not a senior post)."""
    return "entry" if years < 1 else "junior" if years < 3 else "mid" if years < 7 else None
