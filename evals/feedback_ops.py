"""How a coach's plan feedback is acted on: every plan the coach rejected in the live cases (evals/live), replayed,
and each asking clause of the feedback counted by what the revision did with it.

    uv run python -m evals.feedback_ops            # the counts
    uv run python -m evals.feedback_ops --detail   # also each clause and what became of it

A clause is "acted" on when the revision changed the plan the way it asks, "declined" when a note of the revision
says why it was not done, "unclear" when the only note says "no change" without saying which of two reasons,
"ignored" when a note says it could not be turned into a change (or nothing answers an
ask at all), and a "comment" when it asks for no change of its own ("this is too generic"): the revision as a whole
answers it.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from agents.deps import AgentDeps
from agents.planner.changes import effective
from agents.planner.feedback import FeedbackReader
from agents.topics import Topics
from domain.feedback import clause_said
from domain.plan import Plan
from evals.live import LiveCase, Replay, load_cases, replay
from reading.cues import clauses
from reading.privacy import strip_personal
from reading.text import pointer

OUTCOMES = ("acted", "declined", "unclear", "ignored", "comment")
UNSAID = ("unclear", "ignored")
"""The outcomes that leave a coach's ask without an answer."""
IGNORED = "could not turn that into a change"
UNCLEAR = "No change for "
"""The note that says neither what was done nor why not ("the plan already kept to it, or I found nothing ...")."""


@dataclass(frozen=True)
class Rejection:
    case: str
    feedback: str
    shown: Plan
    revised: Plan


@dataclass(frozen=True)
class Counted:
    case: str
    said: str
    outcome: str


def rejections(run: Replay) -> list[Rejection]:
    """Each plan the coach rejected with feedback, with the revision shown next."""
    out: list[Rejection] = []
    decisions = list(run.case.decisions)
    at = 0
    plans: list[tuple[Plan, dict[str, Any]]] = []
    for pause in run.pauses:
        if pause["kind"] not in ("assessment_review", "plan_review"):
            continue
        decision: dict[str, Any] = decisions[at] if at < len(decisions) else {"action": "approve"}
        at += 1
        if pause["kind"] == "plan_review":
            plans.append((Plan.model_validate(pause["draft"]), decision))
    for (shown, decision), (revised, _) in pairwise(plans):
        if decision.get("action") == "reject" and decision.get("feedback"):
            out.append(Rejection(run.case.id, str(decision["feedback"]), shown, revised))
    return out


_NAMED_IN_NOTE = re.compile(r'^You asked to take out "([^"]{3,})"')
"""A note that names what a clause asked to take out, quoting the name rather than the clause."""
_ASKING = re.compile(
    r"\b(?:want|need|prefer|rather|please|make|add|give|put|more|less|fewer|only|no|not|don'?t|without|instead|"
    r"focus|stop|change|replace|swap|shorter|longer|sooner|faster|slower|cheaper|free|hours?|week|use|keep|centre|"
    r"center|include|should|must|generic|specific|remove|drop|take out|cut|answer|address|addresses|never|nothing|"
    r"fix)\b", re.IGNORECASE)
"""A clause that asks for something, or may: the yardstick is fixed here, apart from the reader it measures."""


def _asking(feedback: str) -> list[str]:
    """The clauses of the feedback that ask for something (a fixed yardstick, not the reader under test)."""
    return [c.text for c in clauses(strip_personal(feedback)) if _ASKING.search(c.text)]


def counted(rejection: Rejection, reader: FeedbackReader, topics: Topics) -> list[Counted]:
    asked = reader.read(rejection.feedback, rejection.shown)
    notes = rejection.revised.revision_notes
    out: list[Counted] = []
    for text in _asking(rejection.feedback):
        said = clause_said(text)
        head = pointer(said, whole=False).rstrip("\u2026")  # a note points at a clause by its opening
        quoting = [n for n in notes if (head and head in n) or any(
            q.lower() in text.lower() for q in _NAMED_IN_NOTE.findall(n))]
        ask = next((a for a in asked.asks if a.said == said), None)
        if any(IGNORED in n for n in quoting):
            outcome = "ignored"
        elif ask is not None and ask.has_op and effective(ask, rejection.shown, rejection.revised, topics):
            outcome = "acted"
        elif quoting and all(n.startswith(UNCLEAR) for n in quoting):  # the note of before this change
            outcome = "unclear"
        elif quoting:
            outcome = "declined"
        elif ask is None or not ask.has_op:
            outcome = "comment"
        else:
            outcome = "ignored"
        out.append(Counted(rejection.case, said, outcome))
    return out


def measure(deps: AgentDeps, cases: list[LiveCase] | None = None) -> list[Counted]:
    reader, topics = FeedbackReader(deps.kb.catalog.vocabulary), Topics(deps.kb)
    return [c for case in (cases or load_cases()) for r in rejections(replay(case, deps))
            for c in counted(r, reader, topics)]


def summary(found: list[Counted]) -> str:
    tally = Counter(c.outcome for c in found)
    return f"plan feedback clauses: {len(found)}; " + ", ".join(f"{o} {tally[o]}" for o in OUTCOMES)


def main(argv: list[str]) -> None:
    from agents.engines import build_deps
    from knowledge.base import KnowledgeBase
    from settings import Settings

    found = measure(build_deps(Settings(), KnowledgeBase.open(None)))
    if "--detail" in argv:
        for c in found:
            print(f"{c.outcome:9} {c.case}: {c.said}")
    print(summary(found))


if __name__ == "__main__":
    main(sys.argv[1:])
