"""A check-in end to end on the graph, with an in-memory checkpointer and store: a full session remembered, a
check-in on its plan asking one question per open action and one on what changed, the plan adapted, reviewed and
kept as a new version linked to the one before; a later full session starting from what is known."""

from __future__ import annotations

from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.store.memory import InMemoryStore
from langgraph.types import Command

from agents.assessor.returning import RETURNING_ID
from agents.deps import AgentDeps
from agents.engines import build_deps
from evals.personas import PERSONAS
from graphs.coaching import make_graph
from graphs.driver import pending_interrupt
from graphs.memory import checkins, follow_up, known_profile, namespace
from graphs.serde import make_serde
from knowledge.base import KnowledgeBase
from settings import Settings

SCRIPT = PERSONAS["manual_qa"][2]
PERSON = "ada"


class Memory:
    def __init__(self, deps: AgentDeps) -> None:
        self.store = InMemoryStore()
        self.graph = make_graph(InMemorySaver(serde=make_serde()), self.store)
        self.deps = deps

    def run(self, thread: str, value: Any) -> dict[str, Any] | None:
        return pending_interrupt(self.graph.invoke(value, {"configurable": {"thread_id": thread}}, context=self.deps))

    def full_session(self, thread: str) -> list[dict[str, Any]]:
        seen: list[dict[str, Any]] = []
        payload = self.run(thread, {"person": PERSON})
        while payload is not None:
            seen.append(payload)
            if payload["kind"] == "question":
                resume: Any = {"answer": SCRIPT.answer_for(payload["field"], payload["attempt"])}
            else:
                resume = {"action": "approve", "acknowledge": True}
            payload = self.run(thread, Command(resume=resume))
        return seen


@pytest.fixture
def memory(kb: KnowledgeBase, settings: Settings) -> Memory:
    return Memory(build_deps(settings, kb))


def test_a_check_in_adapts_the_plan_and_remembers_it(memory: Memory) -> None:
    memory.full_session("s1")
    before = follow_up(memory.store, PERSON, "s1")
    assert before is not None
    first = before.plan.stages[0]
    payload = memory.run("c1", {"person": PERSON, "follows": "s1"})
    asked: list[dict[str, Any]] = []
    answers = iter(["done, about 2 hours a week", "blocked: my employer does not allow AI tools on work material",
                    "partly, 1 h a week"])
    while payload is not None and payload["kind"] == "checkin" and payload["step"] == "action":
        asked.append(payload)
        payload = memory.run("c1", Command(resume={"answer": next(answers, "not started")}))
    assert [p["action"]["title"] for p in asked] == [a.title for a in first.actions]
    assert payload is not None and payload["step"] == "changes"
    assert payload["known"]["hours_per_week"] == before.profile.hours_per_week  # pre-filled, not asked again
    payload = memory.run("c1", Command(resume={"answer": {"hours_per_week": 3, "rating": 1}}))
    assert payload is not None and payload["kind"] == "plan_review"
    adapted = payload["draft"]
    titles = {a["title"] for s in adapted["stages"] for a in s["actions"]}
    assert first.actions[0].title not in titles  # done: not repeated
    assert all(sum(a["hours_per_week"] for a in s["actions"]) <= 3 for s in adapted["stages"])
    assert adapted["revision_notes"] and any("done" in n for n in adapted["revision_notes"])
    assert memory.run("c1", Command(resume={"action": "approve", "acknowledge": True})) is None
    kept = memory.store.get(namespace(PERSON, "plans"), "c1")
    assert kept is not None and kept.value["follows"] == "s1" and kept.value["version"] == 2
    [record] = checkins(memory.store, PERSON)
    assert record.changes.rating == 1 and record.actions[0].report.status == "done"


def test_an_unreadable_answer_is_asked_again(memory: Memory) -> None:
    memory.full_session("s1")
    payload = memory.run("c1", {"person": PERSON, "follows": "s1"})
    assert payload is not None
    again = memory.run("c1", Command(resume={"answer": "hmm"}))
    assert again is not None and again["kind"] == "checkin" and again["error"] and again["id"] != payload["id"]
    assert again["action"] == payload["action"]


def test_a_new_full_session_starts_from_what_is_known(memory: Memory) -> None:
    first = memory.full_session("s1")
    known = known_profile(memory.store, PERSON)
    assert known is not None and known.confirmed
    payload = memory.run("s2", {"person": PERSON})
    assert payload is not None and payload["question_id"] == RETURNING_ID  # what has changed, asked first
    payload = memory.run("s2", Command(resume={"answer": "nothing has changed"}))
    asked = []
    while payload is not None and payload["kind"] == "question":
        asked.append(payload["field"])
        payload = memory.run("s2", Command(resume={"answer": SCRIPT.answer_for(payload["field"], 1)}))
    assert payload is not None and payload["kind"] == "profile_review"
    assert len(asked) < sum(p["kind"] == "question" for p in first)
    assert not set(asked) & {"current_role", "hours_per_week", "goals"}
