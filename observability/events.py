"""Events the product reports to the tracer from inside a run: the explicit contract between them.

A node calls `report_reading(...)` after reading an answer; the handler adds it as an event (which reading rules
fired) to the node's span. A node calls `report_guards(...)` after the deterministic guards ran; the callback
handler turns the event into a `guards` span (OpenInference kind GUARDRAIL) under the node's span. A node that
receives a human's reply calls `report_decision(...)`; the handler adds it as an event to the root span of the run.
Outside a traced run (a node called on its own in a test) there is no run to attach to, and nothing is reported.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from langchain_core.callbacks import dispatch_custom_event
from langchain_core.runnables.config import ensure_config, get_callback_manager_for_config
from typing_extensions import TypedDict

GUARDS_EVENT = "coach.guards"
DECISION_EVENT = "coach.decision"
READING_EVENT = "coach.reading"
PROGRESS_EVENT = "coach.progress"


class GuardOutcome(TypedDict):
    """What the guards found on one draft."""

    subject: str
    """What was checked: 'plan', 'assessment', or an edit of either."""
    checks: list[str]
    failures: list[str]
    """One 'check@path: message' line per error-level issue."""
    started_ns: int
    """When the checks began (time.time_ns()), so the span shows their duration."""


class DecisionReport(TypedDict, total=False):
    """A human's reply to an interrupt, as the run that received it saw it. No free text but an error message."""

    interrupt_id: str
    kind: str
    """question, assessment_review or plan_review."""
    action: str
    """answer, approve, edit, reject, or invalid (the reply could not be used; the interrupt asks again)."""
    shape: str
    """How a review decision was sent: coach (`{"action"}`), hitl (`{"decisions"}`) or agent_inbox (a list)."""
    answer_chars: int
    feedback_chars: int
    edited_fields: list[str]
    edit_verdict: str
    """The guards' verdict on an edited draft: pass or revise (invalid: the edit broke the draft's schema)."""
    acknowledged: bool
    acknowledged_issues: list[str]
    """'check@path' of each error-level finding an approval acknowledged."""
    error: str


class ReadingReport(TypedDict):
    """How one answer was read: the named reading rules that fired and what they changed. No text of the answer."""

    field: str
    """The profile field the question was about."""
    answered: bool
    rules: list[str]
    """Names of the rules (`knowledge/data/reading.yaml`) that fired on the answer."""
    replaces: list[str]
    """Fields the answer corrected."""
    uncertain: list[str]
    """Fields read with low confidence (the profile review marks them)."""
    model: str
    """What a chat model's reading came to beside the rules' (`domain.profile.ModelUse`); empty without a model."""
    by_model: list[str]
    """Fields only the chat model read (the rules' reading is the floor; these are marked uncertain)."""


class ProgressReport(TypedDict):
    """What a check-in recorded and what the adaptation changed: statuses, hours, the rating. No text."""

    follows: str
    stage: str
    statuses: list[str]
    """One per action asked about: done, partly, not_started or blocked."""
    hours_planned: float
    hours_reported: float
    rating: int | None
    changes: int
    """How many changes the adapted plan says it made."""
    done_stages: list[str]


def _dispatch(name: str, data: object) -> None:
    config = ensure_config()
    if get_callback_manager_for_config(config).parent_run_id is None:
        return
    dispatch_custom_event(name, data, config=config)


def report_guards(*, subject: str, checks: Sequence[str], failures: Sequence[str], started_ns: int) -> None:
    """Tell the tracer what the guards found; a no-op outside a run."""
    _dispatch(GUARDS_EVENT, GuardOutcome(subject=subject, checks=list(checks), failures=list(failures),
                                         started_ns=started_ns))


def report_decision(report: DecisionReport) -> None:
    """Tell the tracer what a human decided at an interrupt; a no-op outside a run."""
    _dispatch(DECISION_EVENT, report)


def report_reading(report: ReadingReport) -> None:
    """Tell the tracer how an answer was read; an event on the node's span, a no-op outside a run."""
    _dispatch(READING_EVENT, report)


def report_progress(report: ProgressReport) -> None:
    """Tell the tracer what a check-in recorded; an event on the run's root span, a no-op outside a run."""
    _dispatch(PROGRESS_EVENT, report)


def now_ns() -> int:
    return time.time_ns()
