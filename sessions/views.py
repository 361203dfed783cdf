"""From the graph's state and a session row to what the service returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from langgraph.types import StateSnapshot
from pydantic import BaseModel

from domain.assessment import Assessment
from domain.failures import Failure
from domain.interrupts import InterruptKind, PendingInterrupt, parse_pending
from domain.plan import Plan
from sessions.public import HistoryEntry, InboxItem, SessionPublic, SessionSummary
from sessions.tables import CoachingSession, SessionStatus, User, aware

SUMMARY_CHARS = 160

PHASE_STATUS: dict[str, SessionStatus] = {
    "interviewing": "interviewing",
    "confirming": "confirming",
    "assessing": "interviewing",
    "awaiting_review": "awaiting_review",
    "planning": "planning",
    "completed": "completed",
}


PENDING_STATUS: dict[str, SessionStatus] = {"question": "interviewing", "checkin": "interviewing",
                                            "profile_review": "confirming"}


@dataclass(frozen=True)
class GraphState:
    """Where a session's graph thread stands: its state values and the interrupt it waits on."""

    values: Mapping[str, Any]
    pending: PendingInterrupt | None
    exists: bool = True
    """False before the first checkpoint is written."""

    @property
    def status(self) -> SessionStatus:
        """The status the state implies; a failure is the runner's to record, not the graph's."""
        if self.pending is not None:
            return PENDING_STATUS.get(self.pending.kind, "awaiting_review")
        return PHASE_STATUS.get(str(self.values.get("phase", "interviewing")), "interviewing")

    def open_errors(self, kind: InterruptKind) -> list[str]:
        """The guards' error-level findings on the draft a review checkpoint of `kind` decides on."""
        if kind in ("question", "profile_review", "checkin"):
            return []
        review = self.values.get("assessment_review" if kind == "assessment_review" else "review")
        issues = getattr(review, "issues", None) or []
        return [f"{i.check} at {i.path}: {i.message}" for i in issues if i.severity == "error"]

    def draft_for(self, kind: InterruptKind) -> BaseModel | None:
        """The draft a review checkpoint of `kind` decides on."""
        draft = self.values.get({"profile_review": "profile", "assessment_review": "assessment"}.get(kind, "plan"))
        return draft if isinstance(draft, BaseModel) else None


def pending_interrupts(snapshot: StateSnapshot) -> list[PendingInterrupt]:
    return [parse_pending(item.value) for task in snapshot.tasks for item in task.interrupts]


def graph_state(snapshot: StateSnapshot) -> GraphState:
    """The graph pauses at one checkpoint at a time: its first pending interrupt is the one."""
    pending = pending_interrupts(snapshot)
    values = snapshot.values if isinstance(snapshot.values, dict) else {}
    return GraphState(values=values, pending=pending[0] if pending else None, exists=snapshot.created_at is not None)


def failure_of(row: CoachingSession) -> Failure | None:
    if row.error is None:
        return None
    return Failure(code=row.error_code or "internal", message=row.error)


def session_summary(row: CoachingSession, *, running: bool) -> SessionSummary:
    return SessionSummary(
        id=row.id, owner_id=row.owner_id, status=row.status, running=running or row.run_started_at is not None,
        version=row.version, pending_id=row.pending_id, pending_kind=row.pending_kind, error=failure_of(row),
        created_at=aware(row.created_at), updated_at=aware(row.updated_at),
    )


def session_public(row: CoachingSession, state: GraphState, *, running: bool) -> SessionPublic:
    summary = session_summary(row, running=running)
    values = state.values
    return SessionPublic(
        **summary.model_dump(),
        pending=None if summary.running else state.pending,
        profile=values.get("profile"),
        assessment=values.get("assessment"),
        assessment_review=values.get("assessment_review"),
        plan=values.get("plan"),
        review=values.get("review"),
        transcript=values.get("transcript") or [],
        follows=values.get("follows"),
    )


def draft_line(draft: BaseModel | None) -> str | None:
    """One line about a draft under review, for lists: the best role match, or the plan's summary."""
    if isinstance(draft, Assessment) and draft.role_matches:
        best = draft.role_matches[0]
        return f"{best.name} ({best.confidence:.0%})"
    if isinstance(draft, Plan):
        return draft.summary if len(draft.summary) <= SUMMARY_CHARS else draft.summary[:SUMMARY_CHARS - 1] + "…"
    return None


def inbox_item(row: CoachingSession, owner: User, state: GraphState) -> InboxItem | None:
    """A session paused at a review, with what a coach needs to pick it: whose, what, since when, how many issues.
    None when the graph no longer waits on the interrupt the row names (a run moved it on meanwhile)."""
    pending = state.pending
    if pending is None or pending.id != row.pending_id or pending.kind == "question" or pending.kind == "checkin":
        return None
    issues = pending.review.issues if pending.review is not None else []
    return InboxItem(
        session_id=row.id, owner_id=owner.id, owner_name=owner.name, interrupt_id=pending.id, kind=pending.kind,
        waiting_since=aware(row.updated_at), summary=draft_line(pending.draft),
        issue_count=len(issues), error_count=sum(issue.severity == "error" for issue in issues),
    )


def history_entry(snapshot: StateSnapshot) -> HistoryEntry:
    configurable = snapshot.config.get("configurable", {})
    parent = (snapshot.parent_config or {}).get("configurable", {})
    metadata = snapshot.metadata or {}
    values: dict[str, Any] = snapshot.values if isinstance(snapshot.values, dict) else {}
    step = metadata.get("step")
    return HistoryEntry(
        checkpoint_id=str(configurable.get("checkpoint_id", "")),
        parent_checkpoint_id=parent.get("checkpoint_id"),
        created_at=datetime.fromisoformat(snapshot.created_at) if snapshot.created_at else None,
        step=step if isinstance(step, int) else None,
        source=metadata.get("source"),
        next=list(snapshot.next),
        phase=values.get("phase"),
        pending_ids=[item.id for item in pending_interrupts(snapshot)],
    )
