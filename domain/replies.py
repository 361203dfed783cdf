"""What a reply in words decides at a review, when a client sends words instead of a decision: a chat message typed
at a pending review, LangChain's `respond`, Agent Inbox's `response`.

Only a reply that says nothing but an approval is taken as one; anything else is feedback. The phrases are data, and
each list's examples (`*_EXAMPLES`) double as its tests, with the replies that must not match.
"""

from __future__ import annotations

import re
from typing import Literal

Reading = Literal["approve", "approve_anyway", "feedback"]

PLAIN_APPROVALS = frozenset({
    "approve", "approved", "i approve", "approve it", "accept", "accepted", "confirm", "confirmed", "i confirm",
    "yes", "yes please", "yep", "yeah", "ok", "okay", "fine", "good", "great", "perfect", "lgtm", "looks good",
    "looks good to me", "looks right", "looks fine", "sounds good", "all good", "that's right", "that is right",
    "correct", "that's correct", "that is correct", "go ahead", "go on", "proceed", "continue", "agreed",
})
"""Replies that approve the draft as it is, and say nothing else."""

ANYWAY_APPROVALS = frozenset({
    "approve anyway", "approve it anyway", "accept anyway", "accept it anyway", "approve as is", "approve it as is",
    "accept as is", "keep it anyway", "keep it as is", "approve regardless", "approve despite the errors",
    "approve despite the findings", "approve over the errors", "yes approve anyway",
})
"""Replies that approve a draft the guards found errors in, knowingly (recorded as acknowledged)."""

POLITE = ("please", "thanks", "thank you", "thx", "then", "now")
"""Words around an approval that add nothing to it."""

RESTARTS = frozenset({"/restart", "restart", "start over", "start again", "start from the beginning", "new session"})
"""A chat message that is nothing but one of these starts the session again on its thread (an explicit restart)."""

PLAIN_APPROVAL_EXAMPLES = ("Approve", "looks good!", "Yes please.", "OK, thanks", "LGTM", "confirmed 👍", "go ahead")
ANYWAY_EXAMPLES = ("approve anyway", "Approve it anyway, thanks.", "accept as is", "keep it as is please")
FEEDBACK_EXAMPLES = ("yes but less time", "ok, but no management", "no", "not quite: I'm a nurse", "approve? no",
                     "looks good except the hours", "don't approve")
RESTART_EXAMPLES = ("/restart", "Start over", "start again.")
NOT_RESTART_EXAMPLES = ("I want to start over in a new career", "restart my career")

_EDGES = re.compile(r"^[\s\W_]+|[\s\W_]+$")
_SPACES = re.compile(r"[\s,;:!.]+")


def _normal(text: str) -> str:
    """Lower case, one space between words, no punctuation or emoji at either end, polite words dropped at the end."""
    words = _SPACES.sub(" ", _EDGES.sub("", text.lower().replace("’", "'"))).strip()
    changed = True
    while changed:
        changed = False
        for polite in POLITE:
            if words.endswith(" " + polite):
                words, changed = words[: -len(polite) - 1].strip(), True
    return words


def reading(text: str) -> Reading:
    """What a reply in words decides at a review: an approval, an approval over open errors, or feedback."""
    said = _normal(text)
    if said in ANYWAY_APPROVALS:
        return "approve_anyway"
    if said in PLAIN_APPROVALS:
        return "approve"
    return "feedback"


def is_restart(text: str) -> bool:
    """The message asks, and only asks, to start the session again."""
    said = text.strip().lower()
    return said in RESTARTS or _normal(text) in RESTARTS
