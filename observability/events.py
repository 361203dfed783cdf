"""Events the product reports to the tracer from inside a run: the explicit contract between them.

A node calls `report_guards(...)` after the deterministic guards ran; the callback handler turns the event
into a `guards` span (OpenInference kind GUARDRAIL) under the node's span. Outside a traced run (a node
called on its own in a test) there is no run to attach to, and nothing is reported.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from langchain_core.callbacks import dispatch_custom_event
from langchain_core.runnables.config import ensure_config, get_callback_manager_for_config
from typing_extensions import TypedDict

GUARDS_EVENT = "coach.guards"


class GuardOutcome(TypedDict):
    """What the guards found on one draft."""

    subject: str
    """What was checked: 'plan', 'assessment', or an edit of either."""
    checks: list[str]
    failures: list[str]
    """One 'check@path: message' line per error-level issue."""
    started_ns: int
    """When the checks began (time.time_ns()), so the span shows their duration."""


def report_guards(*, subject: str, checks: Sequence[str], failures: Sequence[str], started_ns: int) -> None:
    """Tell the tracer what the guards found; a no-op outside a run."""
    config = ensure_config()
    if get_callback_manager_for_config(config).parent_run_id is None:
        return
    outcome = GuardOutcome(subject=subject, checks=list(checks), failures=list(failures), started_ns=started_ns)
    dispatch_custom_event(GUARDS_EVENT, outcome, config=config)


def now_ns() -> int:
    return time.time_ns()
