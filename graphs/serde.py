"""Checkpoint serialization that revives only the project's own state types (strict msgpack allowlist)."""

from __future__ import annotations

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from domain.assessment import Assessment, ExposureAssessment, RoleMatch
from domain.checkin import ActionAnswer, ActionKey, ActionReport, ChangeReport, Checkin, CheckinRecord, FollowUp
from domain.feedback import Adjustments
from domain.interview import AskedQuestion
from domain.plan import Plan, PlanAction, PlanStage
from domain.profile import Profile
from domain.resumes import ChatReply
from domain.review import Review, ReviewIssue
from domain.state import Decision, Turn

STATE_TYPES = (Adjustments, AskedQuestion, ChatReply, Assessment, ExposureAssessment, Profile, RoleMatch, Plan,
               PlanAction, PlanStage, Review, ReviewIssue, Decision, Turn, ActionAnswer, ActionKey, ActionReport,
               ChangeReport, Checkin, CheckinRecord, FollowUp)


def make_serde() -> JsonPlusSerializer:
    return JsonPlusSerializer(allowed_msgpack_modules=[(t.__module__, t.__name__) for t in STATE_TYPES])
