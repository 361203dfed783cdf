"""Office work people name in their own words is paperwork a plan may hand to AI: a plan never says "you named no
paperwork" to a medical secretary or a library assistant."""

from __future__ import annotations

import pytest

from agents.planner.tasks import TaskKinds
from knowledge.base import KnowledgeBase


@pytest.mark.parametrize("task", [
    "typing up clinic letters", "filing and scanning the referrals", "the reservations diary", "benefit applications",
    "getting the waiting lists ready", "weekly timesheets",
])
def test_office_tasks_are_paperwork_a_plan_may_name(kb: KnowledgeBase, task: str) -> None:
    assert TaskKinds(kb.catalog.vocabulary).paperwork(task)
