"""A task the person said verb first is put as the doing of it where a plan names a piece of work ("your experience of
checking tickets", "your week goes on answering questions"), and work with the public ("check tickets", "answer
questions") is never paperwork for AI to draft - while support tickets still are."""

from __future__ import annotations

import pytest

from agents.planner.personal import filling
from agents.planner.tasks import TaskKinds
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from reading.text import doing


@pytest.mark.parametrize(("task", "said"), [
    ("check tickets", "checking tickets"), ("answer questions in galleries", "answering questions in galleries"),
    ("deal with complaints", "dealing with complaints"), ("run the till", "running the till"),
    ("customer service", "customer service"), ("checking tickets", "checking tickets"),
])
def test_a_task_said_verb_first_is_put_as_its_doing(task: str, said: str) -> None:
    assert doing(task) == said


@pytest.mark.parametrize(("task", "paperwork"), [
    ("check tickets", False), ("answer questions in galleries", False), ("closing support tickets", True),
    ("issuing penalty charge notices", True),
])
def test_work_with_the_public_is_no_paperwork(kb: KnowledgeBase, task: str, paperwork: bool) -> None:
    assert TaskKinds(kb.catalog.vocabulary).paperwork(task) is paperwork


def test_the_plan_names_their_tasks_as_work(kb: KnowledgeBase) -> None:
    profile = Profile(current_role="museum visitor assistant", main_tasks=["check tickets", "answer questions"])
    fill = filling(profile, kb.catalog.vocabulary, None)
    assert "checking tickets" in fill.jobs and "check tickets" not in fill.jobs
