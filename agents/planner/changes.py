"""What a revision did, said from the two versions and the feedback's operations - never a claim written beside them.

"Removed: Use an AI assistant for first drafts. Hours: at most 3 a week (was 8). Not acted on: 'make it fun' - your
coach can edit it in." Each note is produced from the difference between the plan the person saw and the new one,
and from what their feedback asked for (`Adjustments`); what could not be acted on is said, not hidden.
"""

from __future__ import annotations

import math
from functools import cache

from agents.topics import Topics
from domain.feedback import Adjustments, Ask
from domain.plan import Plan, PlanAction
from knowledge.index import Tokenizer
from reading.rules import rule

NOTHING_CHANGED = "Nothing in the plan changed: what you asked for is already how it stands."
REWORDED = ("Not changed: \"{said}\" - a revision chooses, removes and re-times the sources' actions but keeps their "
            "wording; your coach can edit the words in.")
CANNOT = ("Not acted on: \"{said}\" - this asks for something a revision cannot do itself (it chooses, removes and "
          "re-times the sources' actions, and writes no new ones); your coach can edit it in.")
NOT_ADDED = ("Not added: \"{said}\" - nothing in the sources does that for someone in your situation; your coach can "
             "edit an action in.")
ALREADY_SO = "Already so: \"{said}\" - the plan you saw kept to it, and this one does too."
NOTHING_TO_CHANGE = ("Not done: \"{said}\" - I found no action in the sources to change it with; your coach can "
                     "edit it.")
ALREADY = "Already in the plan for \"{said}\": {titles}."
WORRY_HELD = "Your worry about {label}: {titles} already answers it (\"{said}\")."
WORRY_ADDED = "Added for your worry about {label}: {titles} (you wrote: \"{said}\")."
WORRY_UNREAD = ("No action for \"{said}\": nothing in the sources answers that worry as you put it; talk it through "
                "with your coach.")
WORRY_NONE = ("No action for \"{said}\": nothing in the sources answers your worry about {label} for someone in your "
              "situation; talk it through with your coach.")


def _titles(plan: Plan) -> dict[str, PlanAction]:
    return {a.title: a for s in plan.stages for a in s.actions}


def _where(asked: Adjustments, topic: str, how: str) -> str:
    """Where the feedback said it, quoted, so a misreading shows: " (you wrote: 'no more courses')"."""
    ask = next((a for a in asked.asks if topic in (a.exclude if how == "exclude" else a.focus)), None)
    if ask is None:
        return ""
    words = ask.said.split()
    quoted = " ".join(words[:10]).rstrip(".,;:!?- ") + ("\u2026" if len(words) > 10 else "")
    return f" (from \"{quoted}\")"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{'; '.join(items[:-1])} and {items[-1]}"


def heaviest(plan: Plan) -> float:
    """The most hours a week any stage asks, its actions side by side."""
    return max((s.weekly_hours for s in plan.stages), default=0.0)


LIGHTER = 0.7
"""A lighter plan: each stage at most this share of the hours it asked before."""


def lighter_caps(shown: Plan) -> dict[str, float]:
    """Each stage's most hours a week in a lighter plan: below what it asked before, in half-hour steps."""
    return {s.stage: max(0.5, math.floor(s.weekly_hours * LIGHTER * 2) / 2) for s in shown.stages}


DIFF_NOTES = ("Hours: ", "Left out ", "Read as ", "More on ", "You asked to take out ", "Sooner: ", "Removed: ",
              "Added: ", "Not acted on: ", "No change for ", "Not changed: ", "Not added: ", "Your worry about ",
              "Added for your worry about ", "No action for ", "Already in the plan for ", "Already so: ", "Not done: ",
              NOTHING_CHANGED)
"""How the notes `revision_notes` writes begin: they say what changed between two versions."""


def renoted(shown: Plan, plan: Plan, asked: Adjustments, topics: Topics) -> list[str]:
    """`plan`'s notes after it changed again (a coach's edit): what changed since `shown` said anew, and the notes
    that are not about the difference (a worry beyond the sources) kept."""
    own = [n for n in plan.revision_notes if not n.startswith(DIFF_NOTES)]
    return [*revision_notes(shown, plan, asked, topics), *own][:20]


def revision_notes(shown: Plan, plan: Plan, asked: Adjustments, topics: Topics) -> list[str]:
    """The operations one round of feedback asked for, each said as done or not, then what else changed."""
    before, after = _titles(shown), _titles(plan)
    notes: list[str] = []
    if asked.hours_budget is not None or asked.lighter:
        was, now = heaviest(shown), heaviest(plan)
        asked_for = f"at most {asked.hours_budget:g} a week" if asked.hours_budget is not None else "a lighter plan"
        notes.append(f"Hours: you asked for {asked_for}; the busiest stage now asks {now:g} a week (was {was:g})."
                     if now != was else f"Hours: you asked for {asked_for}; the busiest stage already asked {now:g} "
                     "a week, so the hours stay.")
    for topic in asked.exclude:
        kept = [t for t, a in after.items() if topic in topics.of(a)]
        said = _where(asked, topic, "exclude")
        notes.append(f"Left out {topic}: no action is about it{said}." if not kept else
                     f"Read as leaving out {topic}, but {_join(kept)} still touches it{said}: your coach can remove "
                     "it.")
    for topic in asked.focus:
        count = sum(topic in topics.of(a) for a in after.values())
        said = _where(asked, topic, "focus")
        notes.append(f"More on {topic}: {count} action{'s are' if count != 1 else ' is'} about it{said}." if count else
                     f"Read as asking for more on {topic}, but nothing I know about it fits your situation{said}; your "
                     "coach can edit an action in.")
    for phrase in asked.unmatched:
        notes.append(f"You asked to take out \"{phrase}\", but no action matches it: your coach can remove one.")
    if asked.pace == "sooner":
        notes.append("Sooner: the stages now run " + ("shorter" if _weeks(plan) < _weeks(shown) else
                                                      "as short as your weekly hours allow") + ".")
    removed = [t for t in before if t not in after]
    added = [t for t in after if t not in before]
    if removed:
        notes.append(f"Removed: {_join(removed)}.")
    if added:
        notes.append(f"Added: {_join(added)}.")
    for ask in asked.asks:
        notes += _said_back(ask, shown, plan, topics, bool(asked.unmatched))
    return notes or [NOTHING_CHANGED]


def _said_back(ask: Ask, shown: Plan, plan: Plan, topics: Topics, unmatched: bool = False) -> list[str]:
    """What became of one ask, where the notes above do not already say it: nothing for a comment on the draft
    (the revision as a whole answers it), the worry it named and what answers it, or why it was not done.
    `unmatched`: the round named something to take out that matched no action, said in a note of its own."""
    if ask.comment or (unmatched and not ask.has_op and rule("feedback.remove").search(ask.said)):
        return []
    if not ask.has_op:
        return [(REWORDED if rule("feedback.reword").search(ask.said) else CANNOT).format(said=ask.said)]
    notes: list[str] = []
    for kind in ask.worries:
        if kind not in topics.kb.catalog.vocabulary.concern_kinds:
            notes.append(WORRY_UNREAD.format(said=ask.said))
            continue
        label = topics.kb.catalog.vocabulary.concern_kinds[kind].label
        now = [t for t, a in _titles(plan).items() if any(label in w for w in a.addresses)]
        held = [t for t in now if t in _titles(shown)]
        notes.append(WORRY_HELD.format(label=label, titles=_join(held), said=ask.said) if held and held == now else
                     WORRY_ADDED.format(label=label, titles=_join(now), said=ask.said) if now else
                     WORRY_NONE.format(said=ask.said, label=label))
    others = ask.model_copy(update={"worries": []})
    if ask.adds and not others.model_copy(update={"adds": []}).has_op and not _gained(shown, plan, ask.adds):
        held = _held(shown, plan, ask.adds)
        notes.append(ALREADY.format(said=ask.said, titles=_join(held)) if held else NOT_ADDED.format(said=ask.said))
    elif others.has_op and not effective(others, shown, plan, topics) and not ask.worries:
        notes.append((ALREADY_SO if _already(others, shown, plan, topics) else NOTHING_TO_CHANGE).format(said=ask.said))
    return notes


def _already(ask: Ask, shown: Plan, plan: Plan, topics: Topics) -> bool:
    """Whether the plan the person saw already kept to everything the ask asks (its topics left out or there, its
    hours within what the busiest stage asked), and the revision still does."""
    def about(p: Plan, topic: str) -> int:
        return sum(topic in topics.of(a) for s in p.stages for a in s.actions)

    return not (ask.remove or ask.sooner or ask.slower or ask.more or ask.adds) and all(
        not about(plan, t) for t in ask.exclude) and all(about(plan, t) for t in ask.focus) and (
        not ask.fewer_hours or heaviest(plan) <= heaviest(shown))


def _gained(shown: Plan, plan: Plan, adds: list[str]) -> bool:
    """Whether the revision gained an action about what was asked to be added."""
    return any(add_match(said, _text(a)) for said in adds for t, a in _titles(plan).items() if t not in _titles(shown))


def _held(shown: Plan, plan: Plan, adds: list[str]) -> list[str]:
    """The actions kept from the plan the person saw that already do what was asked to be added."""
    return list(dict.fromkeys(t for said in adds for t, a in _titles(plan).items()
                              if t in _titles(shown) and add_match(said, _text(a))))


def _text(action: PlanAction) -> str:
    return f"{action.title} {' '.join(action.steps)}"


ADD_SHARED = 2
"""An action does what the feedback asked to add when it shares at least this many of its words (its one, if one)..."""
ADD_SHARE = 0.25
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


def effective(ask: Ask, shown: Plan, plan: Plan, topics: Topics) -> bool:
    """Whether any operation of one ask changed the plan the way it asked."""
    def about(p: Plan, topic: str) -> int:
        return sum(topic in topics.of(a) for s in p.stages for a in s.actions)

    before, after = _titles(shown), _titles(plan)
    gone = {t for t in before if t not in after}
    ids_gone = {a.catalog_id for t, a in before.items() if t in gone}
    return (any(about(shown, t) and not about(plan, t) for t in ask.exclude)
            or any(about(plan, t) > about(shown, t) for t in ask.focus)
            or any(r in gone or r in ids_gone for r in ask.remove)
            or (ask.fewer_hours and heaviest(plan) != heaviest(shown))  # to the hours asked: the Hours note says
            or (ask.sooner and _weeks(plan) < _weeks(shown))
            or (ask.slower and _weeks(plan) > _weeks(shown))
            or (ask.more and (heaviest(plan) > heaviest(shown) or len(after) > len(before)))
            or _gained(shown, plan, ask.adds)
            or any(_answers(plan, k, topics) and not _answers(shown, k, topics) for k in ask.worries))


def _answers(plan: Plan, kind: str, topics: Topics) -> bool:
    if kind not in topics.kb.catalog.vocabulary.concern_kinds:
        return False
    label = topics.kb.catalog.vocabulary.concern_kinds[kind].label
    return any(label in w for s in plan.stages for a in s.actions for w in a.addresses)


def _weeks(plan: Plan) -> int:
    return sum(s.horizon_weeks for s in plan.stages)
