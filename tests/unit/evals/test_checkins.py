"""Every check-in case of the evaluation set (evals/checkins.yaml) holds every check-in property: nothing known asked
again, done actions not repeated, blocked actions replaced, hours within the new budget, every change explained,
the reviewer's guards passing."""

from __future__ import annotations

import pytest

from agents.deps import AgentDeps
from evals.checkins import CHECKIN_CHECKS, checkin_cases, checkin_report
from evals.report import Report


@pytest.fixture(scope="module")
def checkins(deps: AgentDeps) -> Report:
    return checkin_report(deps)[0]


@pytest.mark.parametrize("name", list(CHECKIN_CHECKS))
def test_each_check_in_property_holds_on_every_case(checkins: Report, name: str) -> None:
    tally = checkins.tallies[name]
    assert tally.failures == [] and tally.passed == tally.applicable


def test_the_cases_cover_what_the_properties_are_about(checkins: Report) -> None:
    assert {c.id for c in checkin_cases()} >= {"all-done", "partly", "blocked-by-employer-rule", "fewer-hours",
                                                "changed-job"}
    assert all(checkins.tallies[name].applicable for name in CHECKIN_CHECKS)
