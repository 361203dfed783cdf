"""What a revision did, said from the two versions and the feedback's operations - never a claim written beside them.

"Removed: Use an AI assistant for first drafts. Hours: at most 3 a week (was 8). Not acted on: 'make it fun' - your
coach can edit it in." Each note is produced from the difference between the plan the person saw and the new one,
and from what their feedback asked for (`Adjustments`); what could not be acted on is said, not hidden.
"""

from __future__ import annotations

import math

from agents.asked import (
    add_match,
    already,
    edited_in,
    effective,
    gained,
    heaviest,
    held,
    naming,
    read_as,
    titles,
    weeks,
)
from agents.topics import Topics
from domain.feedback import Adjustments, Ask
from domain.plan import Plan
from reading.rules import rule
from reading.text import QUOTED_CHARS, clipped, pointer

__all__ = ["add_match", "carried_notes", "effective", "heaviest", "lighter_caps", "renoted", "revision_notes"]

NOTHING_CHANGED = "Nothing in the plan changed: what you asked for is already how it stands."
REWORDED = ("Not changed: \"{said}\" - a revision chooses, removes and re-times the sources' actions but keeps their "
            "wording; your coach can edit the words in.")
CANNOT = ("Not acted on: \"{said}\" - this asks for something a revision cannot do itself (it chooses, removes and "
          "re-times the sources' actions, and writes a new one only where you ask to add one); your coach can edit it "
          "in.")
EDITED = "Done: \"{said}\" - {titles}, in your coach's own words, does it."
IN_PART = ("Done in part: \"{said}\" - {titles}, in your coach's own words, does what could be written as a step; "
           "the rest your coach can edit in.")
WRITTEN = ("Written from your coach's words: {titles} - no action in the sources does this, so it cites the stage it "
           "serves (and the closest source action, if one is close); check it reads as you meant.")
NOT_ADDED = ("Not added: \"{said}\" - nothing in the sources does that for someone in your situation; your coach can "
             "edit an action in.")
ALREADY_SO = "Already so: \"{said}\" - the plan you saw kept to it (read as {reading}), and this one does too."
NOTHING_TO_CHANGE = ("Not done: \"{said}\" - I found no action in the sources to change it with; your coach can "
                     "edit it.")
ALREADY = "Already in the plan for \"{said}\": {titles}."
WORRY_HELD = "Your worry about {label}: {titles} already answers it (\"{said}\")."
WORRY_ADDED = "Added for your worry about {label}: {titles} (you wrote: \"{said}\")."
WORRY_UNREAD = ("No action for \"{said}\": nothing in the sources answers that worry as you put it; talk it through "
                "with your coach.")
WORRY_NONE = ("No action for \"{said}\": nothing in the sources answers your worry about {label} for someone in your "
              "situation; talk it through with your coach.")


def _where(asked: Adjustments, topic: str, how: str) -> str:
    """Where the feedback said it, quoted, so a misreading shows: " (you wrote: 'no more courses')"."""
    ask = next((a for a in asked.asks if topic in (a.exclude if how == "exclude" else a.focus)), None)
    if ask is None:
        return ""
    return f" (from \"{pointer(ask.said)}\")"


def _quoted(ask: Ask) -> str:
    return clipped(ask.said, QUOTED_CHARS)


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{'; '.join(items[:-1])} and {items[-1]}"


MANY_IDLE = 3
MANY_ASKS = 6
"""From this many sentences of one round that ask nothing a revision can do, each is pointed at by its first words."""
LIGHTER = 0.7
"""A lighter plan: each stage at most this share of the hours it asked before."""


def lighter_caps(shown: Plan) -> dict[str, float]:
    """Each stage's most hours a week in a lighter plan: below what it asked before, in half-hour steps."""
    return {s.stage: max(0.5, math.floor(s.weekly_hours * LIGHTER * 2) / 2) for s in shown.stages}


DIFF_NOTES = ("Hours: ", "Done: ", "Done in part: ", "Written from your coach's words: ",
              "Not written from your coach's words",
              "Left out ", "Read as ", "More on ", "You asked to take out ", "Sooner: ", "Removed: ",
              "Added: ", "Not acted on: ", "No change for ", "Not changed: ", "Not added: ", "Your worry about ",
              "Added for your worry about ", "No action for ", "Already in the plan for ", "Already so: ", "Not done: ",
              "Asked before: ",
              NOTHING_CHANGED)
"""How the notes `revision_notes` writes begin: they say what changed between two versions."""


def renoted(shown: Plan, plan: Plan, asked: Adjustments, topics: Topics) -> list[str]:
    """`plan`'s notes after it changed again (a coach's edit): what changed since `shown` said anew, and the notes
    that are not about the difference (a worry beyond the sources) kept."""
    own = [n for n in plan.revision_notes if not n.startswith(DIFF_NOTES)]
    return [*revision_notes(shown, plan, asked, topics), *own][:20]


def carried_notes(plan: Plan, kept: Adjustments, asked: Adjustments, topics: Topics) -> list[str]:
    """What an earlier round asked for more of and the plan still has no action about, said again: what a coach
    asked stays asked until approval, and a revision that cannot do it says so every time."""
    uncovered = [t for t in kept.focus if t not in asked.focus
                 and not topics.count(plan, t)]
    return [f"Asked before: more on {t}, but nothing I know about it fits your situation; your coach can edit an "
            "action in." for t in uncovered]


def revision_notes(shown: Plan, plan: Plan, asked: Adjustments, topics: Topics) -> list[str]:
    """The operations one round of feedback asked for, each said as done or not, then what else changed."""
    before, after = titles(shown), titles(plan)
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
        count = topics.count(plan, topic)
        said = _where(asked, topic, "focus")
        notes.append(f"More on {topic}: {count} action{'s are' if count != 1 else ' is'} about it{said}." if count else
                     f"Read as asking for more on {topic}, but nothing I know about it fits your situation{said}; your "
                     "coach can edit an action in.")
    seen = [a for s in shown.stages for a in s.actions]
    for phrase in asked.unmatched:
        fits = [a.title for a in naming(phrase, seen)]
        notes.append(f"You asked to take out \"{pointer(phrase)}\", but it fits more than one action ({_join(fits)}), "
                     "so none was taken out: your coach can remove the one meant." if len(fits) > 1 else
                     f"You asked to take out \"{pointer(phrase)}\", but no action matches it: your coach can remove "
                     "one.")
    if asked.deadline_weeks is not None:
        notes.append(deadline_note(shown, plan, asked.deadline_weeks))
    if asked.pace == "sooner":
        notes.append("Sooner: the stages now run " + ("shorter" if weeks(plan) < weeks(shown) else
                                                      "as short as your weekly hours allow") + ".")
    removed = [t for t in before if t not in after]
    added = [t for t in after if t not in before]
    if removed:
        notes.append(f"Removed: {_join(removed)}.")
    if added:
        notes.append(f"Added: {_join(added)}.")
    if written := [t for t in added
                   if after[t].catalog_id is None and f"stage.{_stage_of(plan, t)}" in after[t].citations]:
        notes.append(WRITTEN.format(titles=_join(written)))
    idle = sum(not (a.has_op or a.comment) for a in asked.asks)  # many sentences that ask nothing a revision can do,
    # or a long message: what is not done is pointed at rather than repeated
    brief = idle >= MANY_IDLE or len(asked.asks) >= MANY_ASKS
    for ask in asked.asks:
        if removed and not ask.has_op and (rule("feedback.remove").search(ask.said) or rule(
                "feedback.remove_it").search(ask.said)):
            continue  # "remove that action", said of one the round took out: the note of what was removed says it
        notes += _said_back(ask, shown, plan, topics, bool(asked.unmatched), brief=brief)
    return _one_for_the_undone(notes) or [NOTHING_CHANGED]


_CANNOT_HEAD, _CANNOT_TAIL = CANNOT.split("{said}")
CANNOT_MANY = ("Not acted on: {said} - these ask for something a revision cannot do itself (it chooses, removes and "
               "re-times the sources' actions, and writes a new one only where you ask to add one); your coach can "
               "edit them in.")


def _one_for_the_undone(notes: list[str]) -> list[str]:
    """The asks a revision cannot do, said in one note where there are several (the reason once, each ask quoted),
    in the place of the first."""
    undone = [i for i, n in enumerate(notes) if n.startswith(_CANNOT_HEAD) and n.endswith(_CANNOT_TAIL)]
    if len(undone) < 2:
        return notes
    quoted = "; ".join(notes[i][len(_CANNOT_HEAD) - 1:len(notes[i]) - len(_CANNOT_TAIL) + 1] for i in undone)  # with
    kept = [n for i, n in enumerate(notes) if i not in undone]  # their quotation marks
    return [*kept[:undone[0]], CANNOT_MANY.format(said=quoted), *kept[undone[0]:]]


def deadline_note(shown: Plan, plan: Plan, deadline: int) -> str:
    """What became of a length given to the whole plan, from the stages' own weeks before and after."""
    now, was = weeks(plan), weeks(shown)
    spans = ", ".join(f"{s.stage} {s.horizon_weeks} week{'s' if s.horizon_weeks != 1 else ''}" for s in plan.stages)
    if now > deadline:
        return (f"Deadline: you gave {deadline} weeks, but the stages need at least a week each, so they run {now} "
                f"weeks; your coach can drop a stage.")
    ran = f"they ran {was} before" if was != now else "as before"
    return f"Deadline: sized to the {deadline}-week deadline you gave: {spans}, {now} weeks in all ({ran})."


def _said_back(ask: Ask, shown: Plan, plan: Plan, topics: Topics, unmatched: bool = False, *,
               brief: bool = False) -> list[str]:
    """What became of one ask, where the notes above do not already say it: nothing for a comment on the draft
    (the revision as a whole answers it), the worry it named and what answers it, or why it was not done.
    `unmatched`: the round named something to take out that matched no action, said in a note of its own."""
    if ask.comment or (unmatched and not ask.has_op and rule("feedback.remove").search(ask.said)):
        return []
    # written in the coach's words, by their edit or from their ask, and carrying the whole of what was asked
    if edited := edited_in(ask.said, shown, plan, ask.adds):
        return [EDITED.format(said=_quoted(ask), titles=_join(edited))]
    if ask.adds and (part := edited_in(ask.said, shown, plan)):  # "his pension (check his forecast) and the income
        return [IN_PART.format(said=_quoted(ask), titles=_join(part))]  # floor": the step inside, not all of it
    if not ask.has_op:
        said = pointer(ask.said, whole=not brief)
        return [(REWORDED if rule("feedback.reword").search(ask.said) else CANNOT).format(said=said)]
    notes: list[str] = []
    for kind in ask.worries:
        if kind not in topics.kb.catalog.vocabulary.concern_kinds:
            notes.append(WORRY_UNREAD.format(said=pointer(ask.said, whole=not brief)))
            continue
        label = topics.kb.catalog.vocabulary.concern_kinds[kind].label
        now = [t for t, a in titles(plan).items() if any(label in w for w in a.addresses)]
        new = [t for t in now if t not in titles(shown)]  # only what this revision brought in is said to be added
        notes.append(WORRY_ADDED.format(label=label, titles=_join(new), said=_quoted(ask)) if new else
                     WORRY_HELD.format(label=label, titles=_join(now), said=_quoted(ask)) if now else
                     WORRY_NONE.format(said=_quoted(ask), label=label))
    others = ask.model_copy(update={"worries": []})
    kept = held(shown, plan, ask.adds) if ask.adds and not gained(shown, plan, ask.adds) else []
    if kept and not ask.worries:  # what was asked to be added is there already, kept from the plan shown
        notes.append(ALREADY.format(said=_quoted(ask), titles=_join(kept)))
    elif ask.adds and not others.model_copy(update={"adds": []}).has_op and not gained(shown, plan, ask.adds):
        notes.append(NOT_ADDED.format(said=pointer(ask.said, whole=not brief)))
    elif others.has_op and not effective(others, shown, plan, topics) and not ask.worries:
        notes.append(ALREADY_SO.format(said=_quoted(ask), reading=read_as(others))
                     if already(others, shown, plan, topics)
                     else NOTHING_TO_CHANGE.format(said=pointer(ask.said, whole=not brief)))
    return notes


def _stage_of(plan: Plan, title: str) -> str:
    return next((s.stage for s in plan.stages for a in s.actions if a.title == title), "")
