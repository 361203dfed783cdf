"""Feedback at the plan checkpoint as a contract: read right, and kept by the revision (or declined plainly)."""

from __future__ import annotations

from agents.topics import Topics
from domain.feedback import Adjustments
from domain.plan import Plan
from evals.model import FeedbackCase
from evals.properties import Outcome
from evals.runner import SessionRecord
from knowledge.base import KnowledgeBase


def first_plan(record: SessionRecord) -> Plan:
    draft = next(p["draft"] for p in record.reviews if p["kind"] == "plan_review")
    return Plan.model_validate(draft)


def read_right(case: FeedbackCase, record: SessionRecord) -> Outcome:
    got: Adjustments = record.final["adjustments"]
    want = case.expect
    wrong = [name for name in want.model_fields_set if (
        not set(getattr(want, name)) <= set(getattr(got, name)) if isinstance(getattr(want, name), list)
        else getattr(want, name) != getattr(got, name))]
    negated_as_focus = set(want.exclude) & set(got.focus)
    return Outcome(not wrong and not negated_as_focus, f"misread {wrong}; negated read as focus {negated_as_focus}")


def kept(case: FeedbackCase, record: SessionRecord, kb: KnowledgeBase) -> Outcome:
    """Every part of the request holds in the final plan, or its revision notes say plainly why not."""
    topics, plan, before = Topics(kb), record.plan, first_plan(record)
    notes = " ".join(plan.revision_notes)
    about = [topics.of(a) for s in plan.stages for a in s.actions]
    broken: list[str] = []
    want = case.expect
    if want.hours_budget is not None and any(s.weekly_hours > want.hours_budget + 1e-9 for s in plan.stages):
        broken.append(f"over {want.hours_budget:g} h")
    if want.lighter and not all(a.weekly_hours < b.weekly_hours or b.weekly_hours <= 0.5
                                for a, b in zip(plan.stages, before.stages, strict=False)):
        broken.append("not lighter")
    broken += [f"still about {t}" for t in want.exclude if any(t in a for a in about)]
    broken += [f"no {t}" for t in want.focus if not any(t in a for a in about) and f"more on {t}, but" not in notes]
    if want.pace == "sooner" and not (sum(s.horizon_weeks for s in plan.stages) <
                                      sum(s.horizon_weeks for s in before.stages) or "whole weekly budget" in notes):
        broken.append("not sooner")
    if plan == before:
        broken.append("unchanged")
    return Outcome(not broken, "; ".join(broken))
