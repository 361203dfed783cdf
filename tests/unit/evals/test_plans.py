"""Plans over the whole evaluation set, and feedback at the plan checkpoint: every property holds for every
persona and every feedback case it applies to (figures: bench/quality.py)."""

from __future__ import annotations

import pytest

from evals.feedback_checks import first_plan
from evals.model import feedback_cases
from evals.plan_checks import PLAN_CHECKS
from evals.report import Report

MIN_FEEDBACK_CASES = 12


@pytest.mark.parametrize("name", list(PLAN_CHECKS))
def test_plan_property_holds_for_every_persona(report: Report, name: str) -> None:
    tally = report.tallies[name]
    assert tally.failures == [], f"{name}: {tally.passed}/{tally.applicable}"


def test_no_action_is_in_more_than_half_the_plans(report: Report) -> None:
    top, most, plans = report.shares
    assert plans >= 24 and most / plans <= 0.5, f"{top} is in {most} of {plans} plans"


def test_there_are_feedback_cases_of_many_kinds() -> None:
    cases = feedback_cases()
    assert len(cases) >= MIN_FEEDBACK_CASES
    asked = {name for case in cases for name in case.expect.model_fields_set}
    assert {"hours_budget", "lighter", "exclude", "focus", "pace"} <= asked


@pytest.mark.parametrize("name", ["feedback read right (negations never focus)",
                                  "feedback kept, or declined in plain words",
                                  *(f"after feedback: {n}" for n in PLAN_CHECKS)])
def test_feedback_is_a_contract(report: Report, name: str) -> None:
    tally = report.tallies[name]
    assert tally.failures == [], f"{name}: {tally.passed}/{tally.applicable}"


def test_a_budget_from_feedback_is_respected_exactly(report: Report) -> None:
    record = report.feedback["only-two-hours"]
    assert first_plan(record).stages[0].weekly_hours > 2
    assert all(stage.weekly_hours <= 2 for stage in record.plan.stages)


def test_a_refusal_is_never_read_as_focus(report: Report) -> None:
    adjustments = report.feedback["no-management-pm"].final["adjustments"]
    assert "management" in adjustments.exclude and "management" not in adjustments.focus
    assert not any("management" in note and "focus on" in note for note in report.feedback["no-management-pm"]
                   .plan.revision_notes)


def test_every_plan_feedback_clause_a_coach_wrote_is_answered(report: Report) -> None:
    """Each clause of a coach's plan rejection in the live cases is acted on, declined with its reason, or a comment
    the revision as a whole answers - never left unsaid or said back as 'I could not turn that into a change'."""
    tally = report.tallies["live people: each plan feedback clause acted on, declined with its reason, or a comment"]
    assert tally.applicable >= 10 and tally.failures == [], tally.failures
