"""What one round of feedback asked, held against two versions of a plan: whether an ask was carried out, whether
the plan already kept to it, and which actions a name the person wrote refers to. Shared by the notes a revision
writes (`agents.planner.changes`) and the guard that checks them (`agents.claims`), so a note and its check never
disagree."""

from __future__ import annotations

import math
import re
from difflib import SequenceMatcher
from functools import cache

from agents.topics import Topics
from domain.feedback import Ask
from domain.plan import Plan, PlanAction
from knowledge.index import Tokenizer
from reading.numbers import hours_limit
from reading.rules import rule


def titles(plan: Plan) -> dict[str, PlanAction]:
    return {a.title: a for s in plan.stages for a in s.actions}


def heaviest(plan: Plan) -> float:
    """The most hours a week any stage asks, its actions side by side."""
    return max((s.weekly_hours for s in plan.stages), default=0.0)


def weeks(plan: Plan) -> int:
    return sum(s.horizon_weeks for s in plan.stages)


def action_text(action: PlanAction) -> str:
    return f"{action.title} {' '.join(action.steps)}"


MAX_ADD = 400
"""The longest ask to add kept whole: a coach's request of a few clauses ("phone three agencies ... and ask what
software they use") is carried as written, never cut mid-sentence."""


def add_said(said: str) -> str:
    """An ask to add as kept: whole up to `MAX_ADD`, else cut at the end of its last whole part (of its last whole
    word where no part ends past half of it) - never mid-word."""
    if len(said) <= MAX_ADD:
        return said
    head = said[:MAX_ADD + 1]
    parts = head.rsplit(", ", 1)[0] if ", " in head else ""
    return parts if len(parts) > MAX_ADD // 2 else head.rsplit(" ", 1)[0]


ADD_SHARED = 2
"""An action does what the feedback asked to add when it shares at least this many of its words (its one, if one)..."""
ADD_SHARE = 0.34
"""... and at least this share of them, so a long ask is not met by an action sharing two common words."""


@cache
def _stems() -> tuple[Tokenizer, frozenset[str]]:
    stem = Tokenizer()
    return stem, frozenset(stem(
        "ai your her his their the a an and with for of to on in at one some something action step plan week work job "
        "free real small short simple like about she he they it that this least new first own make get use do toward "
        "or so can up e g eg"))


def add_match(said: str, text: str) -> int:
    """How many words of what the feedback asked to add ("a free Excel course") `text` shares; 0 when too few to
    count as doing it."""
    stem, filler = _stems()
    wanted = set(stem(said)) - filler
    shared = len(wanted & set(stem(text)))
    need = max(min(ADD_SHARED, len(wanted)), math.ceil(len(wanted) * ADD_SHARE))
    return shared if wanted and shared >= need else 0


_JOINS = "then and also next after"
"""Words that join the parts of a request; the steps written from it part it there."""


COVER_SHARE = 0.75
"""An action does what was asked to be added when it carries at least this share of the ask's words and its end."""
COVER_END = 2


def covers(said: str, text: str) -> bool:
    """Whether `text` carries what the feedback asked to add, to its end (the whole of "phone three agencies and
    ask what software they use", not only its opening): most of its words, and its last ones - an action cut off
    midway loses those. A word put otherwise ("her ward manager" as "your manager") does not undo it."""
    stem, filler = _stems()
    joins = set(stem(_JOINS))  # "..., then write down ..." is two steps, no "then"
    words = [w for w in stem(said) if w not in filler and w not in joins]
    held_words = set(stem(text))
    if not words:
        return False
    wanted = set(words)
    ending = list(dict.fromkeys(reversed(words)))[:COVER_END]
    return len(wanted & held_words) >= COVER_SHARE * len(wanted) and all(w in held_words for w in ending)


def gained(shown: Plan, plan: Plan, adds: list[str]) -> bool:
    """Whether the revision gained an action about what was asked to be added."""
    before = titles(shown)
    return any(add_match(said, action_text(a)) for said in adds for t, a in titles(plan).items() if t not in before)


def held(shown: Plan, plan: Plan, adds: list[str]) -> list[str]:
    """The actions kept from the plan the person saw that already do what was asked to be added."""
    before = titles(shown)
    return list(dict.fromkeys(t for said in adds for t, a in titles(plan).items()
                              if t in before and add_match(said, action_text(a))))


def answers(plan: Plan, kind: str, topics: Topics) -> bool:
    if kind not in topics.kb.catalog.vocabulary.concern_kinds:
        return False
    label = topics.kb.catalog.vocabulary.concern_kinds[kind].label
    return any(label in w for s in plan.stages for a in s.actions for w in a.addresses)


def effective(ask: Ask, shown: Plan, plan: Plan, topics: Topics) -> bool:
    """Whether any operation of one ask changed the plan the way it asked."""
    before, after = titles(shown), titles(plan)
    gone = {t for t in before if t not in after}
    ids_gone = {a.catalog_id for t, a in before.items() if t in gone}
    return (any(topics.count(shown, t) and not topics.count(plan, t) for t in ask.exclude)
            or any(topics.count(plan, t) > topics.count(shown, t) for t in ask.focus)
            or any(r in gone or r in ids_gone for r in ask.remove)
            or (ask.fewer_hours and heaviest(plan) != heaviest(shown))  # to the hours asked: the Hours note says
            or (ask.sooner and weeks(plan) < weeks(shown))
            or (ask.slower and weeks(plan) > weeks(shown))
            or (ask.deadline_weeks is not None and weeks(plan) <= ask.deadline_weeks < weeks(shown))
            or (ask.more and (heaviest(plan) > heaviest(shown) or len(after) > len(before)))
            or gained(shown, plan, ask.adds)
            or any(answers(plan, k, topics) and not answers(shown, k, topics) for k in ask.worries))


def read_as(ask: Ask) -> str:
    """What `already` holds the plans to, in words: the note that says an ask was already so says how it was read,
    so the coach can see whether that is what was meant ("nothing on checking valuation models" read as "more on
    testing AI tools" is said so)."""
    parts = [*(f"leaving out {t}" for t in ask.exclude), *(f"more on {t}" for t in ask.focus)]
    if ask.deadline_weeks is not None:
        parts.append(f"the whole plan inside {ask.deadline_weeks} weeks")
    if ask.fewer_hours and (limit := hours_limit(ask.said)) is not None:
        parts.append(f"at most {limit:g} hours a week")
    return ", ".join(parts)


def already(ask: Ask, shown: Plan, plan: Plan, topics: Topics) -> bool:
    """Whether the plan the person saw already kept to everything the ask asks, and the revision still does: its
    topics left out or there, and its hours - a number of hours the busiest stage kept within before and after. An
    ask for fewer hours without a number ("less hours", "make it smaller") asks for less than the plan saw: never
    already so."""
    if ask.remove or ask.sooner or ask.slower or ask.more or ask.adds or ask.worries:
        return False
    if ask.deadline_weeks is not None and max(weeks(shown), weeks(plan)) > ask.deadline_weeks:
        return False
    if ask.deadline_weeks is not None and not (ask.exclude or ask.focus or ask.fewer_hours):
        return True  # both plans already ran inside the weeks given
    if ask.fewer_hours:
        limit = hours_limit(ask.said)
        if limit is None or max(heaviest(shown), heaviest(plan)) > limit + 1e-9:
            return False
    if not (ask.exclude or ask.focus or ask.fewer_hours):
        return False  # nothing to hold the plans to: never said to be so
    if ask.focus and not _specifics_held(ask.said, plan, topics):
        return False  # "one action on his pension and one on the income floor": more than "more on income"
    return all(not topics.count(p, t) for p in (shown, plan) for t in ask.exclude) and all(
        topics.count(p, t) for p in (shown, plan) for t in ask.focus)


SPECIFIC_WORDS = 2
"""An ask for more of a topic that names at least this many words of its own beyond the topic's ("one action on his
pension and one on the Universal Credit minimum income floor") asks for those things, not only for the topic."""
_ASKING = "add more please want need put include action actions one two step steps plan also"


def _specifics_held(said: str, plan: Plan, topics: Topics) -> bool:
    """Whether `plan` holds what an ask for more of a topic names beyond the topic itself (its own words, as
    `add_match` counts them), or the ask names nothing more."""
    stem, filler = _stems()
    words = stem(said)
    spans = topics.phrases.spans(words)
    inside = {i for _, start, end in spans for i in range(start, end)}
    own = {w for i, w in enumerate(words) if i not in inside} - filler - set(stem(_ASKING))
    if len(own) < SPECIFIC_WORDS:
        return True
    text = " ".join(action_text(a) for s in plan.stages for a in s.actions)
    return bool(add_match(" ".join(sorted(own)), text))


# -- names: which action a phrase the person wrote refers to -------------------------------------------------------

TYPO_RATIO = 0.8
"""Two words of five letters or more are one misspelt (``mentorng``, ``mentoring``) when this alike."""
_FILLER = frozenset({"action", "step", "one", "thing", "part", "bit", "stuff", "item", "the", "a", "an", "that",
                     "this", "those", "these", "it", "them", "about", "your", "my", "her", "his", "their", "ai"})


def fuzzy_stems(words: set[str], vocabulary: set[str]) -> set[str]:
    """`words` with each misspelt one replaced by the word of `vocabulary` it is meant to be, where one is close
    enough ("mentorng" -> "mentor"); words with no close match are kept as they are."""
    out: set[str] = set()
    for word in words:
        if word in vocabulary or len(word) < 5:
            out.add(word)
            continue
        close = max(((SequenceMatcher(None, word, v).ratio(), v) for v in vocabulary if abs(len(v) - len(word)) <= 2),
                    default=(0.0, word))
        out.add(close[1] if close[0] >= TYPO_RATIO else word)
    return out


NAME_SHARE = 0.6
"""A phrase names an action when the action's title and steps hold at least this share of the phrase's words."""


def _plain(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def named_whole(phrase: str, actions: list[PlanAction]) -> list[PlanAction]:
    """The actions whose title holds `phrase` whole, or is held whole in it (any case, any punctuation)."""
    plain = _plain(phrase)
    return [a for a in actions if plain and (plain in _plain(a.title) or (len(plain) > 12
                                                                          and _plain(a.title) in plain))]


def naming(phrase: str, actions: list[PlanAction]) -> list[PlanAction]:
    """The actions `phrase` may name: its words in the title whole (any case, any punctuation), or most of its
    words - spelt right or nearly - in the title and steps. Empty when it names none."""
    plain = _plain(phrase)
    if not plain:
        return []
    if whole := named_whole(phrase, actions):
        return whole
    stem, _ = _stems()
    wanted = {w for w in stem(phrase) if w not in _FILLER}
    if not wanted:
        return []
    found: list[PlanAction] = []
    for action in actions:
        held_words = set(stem(action_text(action)))
        shared = fuzzy_stems(wanted, held_words) & held_words
        if len(shared) >= max(1, math.ceil(NAME_SHARE * len(wanted))):
            found.append(action)
    return found


def edited_in(said: str, shown: Plan, plan: Plan, adds: list[str] | None = None) -> list[str]:
    """The actions new since the plan the person saw, written in the coach's words rather than drawn from the
    sources (by their edit, or from their ask to add it), that do what a clause of the feedback asked: the clause
    is no longer "not acted on". Where the clause asked to add something (`adds`), only an action that carries the
    whole of it does it - never one cut off midway."""
    before = titles(shown)
    return [t for t, a in titles(plan).items() if t not in before and a.catalog_id is None
            and add_match(said, action_text(a)) and (not adds or any(covers(x, action_text(a)) for x in adds))]


_ORDINALS = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3, "last": -1}


def by_number(part: str, shown: Plan) -> PlanAction | None:
    """The action a part names by its place: "the 2nd action in survive", "the last adapt action", "action 3"."""
    found = rule("feedback.by_number").search(part)
    if found is None:
        return None
    groups = {k: v for k, v in found.groupdict().items() if v}
    stage_name = groups.get("stage") or groups.get("stage_before") or groups.get("stage2")
    stage_no = groups.get("stage_no") or groups.get("stage_no2")
    stages = shown.stages
    if stage_name:
        pool = [a for s in stages if s.stage == stage_name.lower() for a in s.actions]
    elif stage_no or groups.get("stage_nth"):
        at = int(stage_no) - 1 if stage_no else _ORDINALS[groups["stage_nth"].lower()]
        pool = list(stages[at].actions) if -len(stages) <= at < len(stages) else []
    else:
        pool = [a for s in stages for a in s.actions]
    at = int(groups["num"]) - 1 if "num" in groups else _ORDINALS[groups["nth"].lower()]
    return pool[at] if pool and -len(pool) <= at < len(pool) else None

