"""The weekly hours a coach's feedback asks for, and never hours it only mentions: hours denied ("I never asked for
0.5 hours"), spent on something else, a shift's times, one action's size, or the draft's own figure quoted back
("the plan sets fixed blocks (2 h/week for 6 weeks)")."""

from __future__ import annotations

import re

from reading.numbers import HOURS_SAID, hours_limit
from reading.rules import rule

SENTENCE = re.compile(r"(?<=[.!?;])\s+|\s*\n+\s*")
SEGMENT = re.compile(r"\s*(?:[,:;()]|\s[-\u2013\u2014]\s)\s*")
_ASIDE = re.compile(r"\([^)]*\)")
_ASIDE_TEXT = re.compile(r"\(([^)]*)\)")
ALONE_WORDS = 6
"""Hours said in a sentence this short ("1 hour a week.") right after one that sizes an action are its size too."""


def weekly_budget(feedback: str) -> float | None:
    """The weekly hours the feedback asks for: the last sentence that gives hours as a budget, not hours denied
    ("I never asked for 0.5 hours"), spent on something else, or a shift's times."""
    found: float | None = None
    sized = False  # the sentence before sized one action: "Add an action: ask her manager ... . 1 hour a week."
    for sentence in SENTENCE.split(feedback):
        if rule("feedback.action_size").search(sentence) or (
                rule("feedback.thing_takes").search(sentence) and not rule("feedback.plan_takes").search(sentence)):
            sized = True
            continue  # "Add an action: ask the MD in writing - 0.5 h, in week 1", "the log takes 1 hour": that
            # action's size, not the week's
        if sized and len(sentence.split()) <= ALONE_WORDS and HOURS_SAID.search(sentence):
            continue  # hours said alone after it are its size too
        sized = False
        described = rule("feedback.hours_not_budget").search(_ASIDE.sub(" ", sentence))  # "the plan sets fixed
        # blocks (2 h/week for 6 weeks)": the draft's figure, in an aside of a sentence about the draft
        asides = {a.strip() for a in _ASIDE_TEXT.findall(sentence)} if described else set()
        if rule("feedback.hours_denied").search(sentence) and (said := rule("feedback.hours_instead").search(
                sentence)):
            found = float(said.group("hours"))  # "nobody asked for at most 2 hours a week: he has 3": the 3
            continue
        for part in SEGMENT.split(sentence):
            if HOURS_SAID.search(part) and not rule("feedback.hours_not_budget").search(part) \
                    and part.strip() not in asides:
                found = hours_limit(part) or found  # "2-3 hours" is a budget of at most 3
    return found
