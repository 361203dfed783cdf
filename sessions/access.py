"""Who may see and decide what, and what status a plan has: each rule written once.

Reads use `visible_clause` (a SQL condition) and `can_see` (the same rule on a loaded row); a refusal to see
is a 404, never a 403, so a caller learns nothing of sessions that are not theirs.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, true
from sqlmodel import col

from domain.interrupts import InterruptKind
from sessions.errors import Forbidden
from sessions.tables import CoachingSession, PlanStatus, PlanVersion, SessionStatus, User

STAFF_ROLES = ("coach", "admin")


def is_staff(user: User) -> bool:
    return user.role in STAFF_ROLES


def can_see(user: User, owner_id: str) -> bool:
    """A session is its owner's, and every coach's and admin's."""
    return owner_id == user.id or is_staff(user)


def visible_clause(user: User) -> ColumnElement[bool]:
    """`can_see` as a condition on `coaching_sessions`."""
    return true() if is_staff(user) else col(CoachingSession.owner_id) == user.id


def can_review(user: User, owner_id: str, *, require_coach_review: bool) -> bool:
    """Reviews are the owner's or a coach's; only a coach's (or an admin's) when the server requires it."""
    if require_coach_review:
        return is_staff(user)
    return can_see(user, owner_id)


def check_authority(*, kind: InterruptKind, actor: User, owner_id: str, require_coach_review: bool) -> None:
    """The owner answers questions; the person's own profile review is the owner's (or a coach's, beside them);
    other reviews follow `can_review`."""
    if kind == "question" or kind == "checkin":
        if actor.id != owner_id:
            raise Forbidden("only the session's owner answers its questions")
        return
    if kind == "profile_review":
        if not can_see(actor, owner_id):
            raise Forbidden("only the session's owner, or a coach, confirms what the interview understood")
        return
    if require_coach_review and not is_staff(actor):
        raise Forbidden("this server requires a coach or an admin to decide review checkpoints")
    if not can_review(actor, owner_id, require_coach_review=require_coach_review):
        raise Forbidden("only the session's owner, a coach or an admin decides its review checkpoints")


def can_delete(user: User, owner_id: str) -> bool:
    return owner_id == user.id or user.role == "admin"


def plan_status(session_status: SessionStatus, *, edited: bool | None = None,
                latest: PlanVersion | None = None) -> PlanStatus:
    """A plan is approved once its session completed; before that it is `edited` when a human's edit made it,
    else a `draft`. A new version says whether an edit `edited` it; a stored plan goes by its `latest` version."""
    if session_status == "completed":
        return "approved"
    if edited is not None:
        return "edited" if edited else "draft"
    return latest.status if latest is not None else "draft"
