"""Checkpoint serialization that revives only the project's own state types (strict msgpack allowlist)."""

from __future__ import annotations

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from agents.assessor.interview import AskedQuestion
from agents.assessor.schemas import Assessment, ExposureAssessment, Profile, RoleMatch
from agents.planner.schemas import Plan, PlanAction, PlanStage
from agents.reviewer.schemas import Review, ReviewIssue
from graphs.state import Decision, Turn

STATE_TYPES = (AskedQuestion, Assessment, ExposureAssessment, Profile, RoleMatch, Plan, PlanAction, PlanStage,
               Review, ReviewIssue, Decision, Turn)


def make_serde() -> JsonPlusSerializer:
    return JsonPlusSerializer(allowed_msgpack_modules=[(t.__module__, t.__name__) for t in STATE_TYPES])
