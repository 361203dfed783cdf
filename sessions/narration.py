"""What the root span of a run says it was given and where it stopped (OpenInference input.value and
output.value), so a trace viewer's session view reads as the conversation. Free text (answers, feedback, questions,
the plan's summary) only when content capture is on; the span redacts whatever it is given."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langgraph.types import Command

from domain.failures import Failure
from domain.interrupts import PendingInterrupt


def _chars(text: str) -> str:
    return f"{len(text)} characters"


def run_input(graph_input: Any, *, capture: bool) -> str:
    """The run's input: a start, a retry, an answer or a review decision."""
    if graph_input is None:
        return "retry the last step"
    if not isinstance(graph_input, Command):
        return "start the session"
    value = graph_input.resume
    if isinstance(value, dict) and "answer" in value:
        answer = str(value["answer"])
        return answer if capture else f"answer ({_chars(answer)})"
    if isinstance(value, dict) and "action" in value:
        parts = [str(value["action"])]
        feedback = value.get("feedback")
        if feedback:
            parts.append(f"feedback: {feedback}" if capture else f"feedback ({_chars(str(feedback))})")
        if value.get("edits"):
            parts.append("edited: " + ", ".join(sorted(value["edits"])))
        if value.get("acknowledge"):
            parts.append("acknowledging the guards' findings")
        return "; ".join(parts)
    return "resume"


def run_output(pending: PendingInterrupt | None, values: Mapping[str, Any], failure: Failure | None, *,
               capture: bool) -> str:
    """Where the run stopped: the question or the review it waits on, the end of the session, or a failure."""
    if failure is not None:
        return f"failed ({failure.code}): {failure.message}"
    if pending is not None and pending.kind == "question":
        return pending.prompt if capture else f"question {pending.id} ({pending.field})"
    if pending is not None and pending.kind == "checkin":
        return pending.prompt if capture else f"check-in {pending.id} ({pending.step})"
    if pending is not None:
        verdict = pending.review.verdict if pending.review is not None else "unchecked"
        return f"{pending.kind} {pending.id}: {pending.prompt} (guards: {verdict})"
    plan = values.get("plan")
    if values.get("phase") == "completed" and plan is not None and capture:
        return f"completed: {plan.summary}"
    return str(values.get("phase", "stopped"))
