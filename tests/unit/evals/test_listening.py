"""The evaluation set through the graph on the knowledge engine: every interview and assessment property holds
for every persona it applies to (figures: bench/quality.py)."""

from __future__ import annotations

import pytest

from evals.model import personas
from evals.report import Report

MIN_PERSONAS = 24


def test_the_set_covers_many_kinds_of_people() -> None:
    people = personas()
    kinds = {p.kind for p in people}
    assert len(people) >= MIN_PERSONAS
    assert {"job seeker", "freelancer", "executive", "no catalog role", "terse", "hostile", "off-topic",
            "non-native English", "security", "trades"} <= kinds
    assert sum(p.expect.role is None for p in people) >= 5, "roles the catalog lacks"


@pytest.mark.parametrize("name", [
    "concerns collected", "constraints collected", "no question for a known field", "role right, or honestly unsure",
    "negations and refusals read", "tools named are recognised", "situation read", "hours read", "years read",
    "seniority read", "tentative when too little said", "security words are not injection",
    "empty answers cost no question", "no personal data quoted",
])
def test_property_holds_for_every_persona(report: Report, name: str) -> None:
    tally = report.tallies[name]
    assert tally.applicable > 0
    assert tally.failures == [], f"{name}: {tally.passed}/{tally.applicable}"


def test_every_question_says_back_what_was_heard(report: Report) -> None:
    record = report.records["product-manager-parent"]
    later = [q.prompt for q in record.questions[1:] if q.attempt == 1]
    assert later and all(p.startswith(("Got it:", "Thanks", "No problem", "That's fine", "Understood", "Fair"))
                         for p in later), later
    assert "nine years" in record.questions[1].prompt
