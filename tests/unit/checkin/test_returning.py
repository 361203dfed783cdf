"""A returning person's new full session, on the graph with an in-memory store: one question on what has changed
first, read like a correction (latest wins); "nothing" keeps what is known; "start afresh" (or "that's not me")
there or at the profile review drops it and the whole interview runs; the profile review says which fields come
from last time; a denied job never becomes the job; deleting the session a remembered profile came from forgets it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from langgraph.types import Command

from agents.assessor.returning import RETURNING_ID, last_time, wants_afresh
from domain.profile import Profile
from graphs.memory import aforget_session, known_profile, namespace
from knowledge.base import KnowledgeBase
from reading.answers import AnswerReader
from settings import Settings
from tests.unit.checkin.test_checkin_graph import PERSON, SCRIPT, Memory

AFRESH = ["start afresh", "Start again please", "can we start again please", "none of this is me",
          "None of that is me... Start again please.", "that's not me", "who is this lol im not a benefits officer",
          "sorry i think this is someone elses?? can we start over", "wrong person - I'm Dev, a plumber",
          "new person here, my sister used this before"]
NOT_AFRESH = ["nothing", "I only have 2 hours a week now", "I want to start over in a new career",
              "I'm not a team leader any more", "same as before", "start again as a nurse, that's my goal now"]


@pytest.fixture
def memory(kb: KnowledgeBase, settings: Settings) -> Memory:
    from agents.engines import build_deps

    return Memory(build_deps(settings, kb))


@pytest.fixture
def returning(memory: Memory) -> tuple[Memory, Profile]:
    memory.full_session("s1")
    known = known_profile(memory.store, PERSON)
    assert known is not None
    return memory, known


def _interview(memory: Memory, thread: str, payload: dict[str, Any] | None) -> tuple[list[str], dict[str, Any]]:
    asked: list[str] = []
    while payload is not None and payload["kind"] == "question":
        asked.append(payload["field"])
        payload = memory.run(thread, Command(resume={"answer": SCRIPT.answer_for(payload["field"], 1)}))
    assert payload is not None
    return asked, payload


@pytest.mark.parametrize("said", AFRESH)
def test_phrasings_that_start_afresh(said: str) -> None:
    assert wants_afresh(said)


@pytest.mark.parametrize("said", NOT_AFRESH)
def test_phrasings_that_do_not_start_afresh(said: str) -> None:
    assert not wants_afresh(said)


def test_the_first_question_says_what_is_known_and_asks_what_changed(returning: tuple[Memory, Profile]) -> None:
    memory, known = returning
    payload = memory.run("s2", {"person": PERSON})
    assert payload is not None and payload["kind"] == "question" and payload["question_id"] == RETURNING_ID
    assert payload["prompt"].startswith("Welcome back. Last time: ")
    assert known.current_role and known.current_role in payload["prompt"]
    assert f"{known.hours_per_week:g} h a week" in payload["prompt"]
    assert "start afresh" in payload["prompt"]


def test_nothing_changed_goes_to_the_review_saying_what_came_from_last_time(
        returning: tuple[Memory, Profile]) -> None:
    memory, known = returning
    memory.run("s2", {"person": PERSON})
    asked, review = _interview(memory, "s2", memory.run("s2", Command(resume={"answer": "nothing has changed"})))
    assert review["kind"] == "profile_review"
    assert not set(asked) & {"current_role", "hours_per_week", "goals", "constraints"}
    prompt = review["action_requests"][0]["description"]
    assert "from what you told me" not in prompt.split("\n")[0]
    assert "From your last session: your work" in prompt
    assert review["draft"]["current_role"] == known.current_role


def test_what_changed_is_read_and_the_latest_statement_wins(returning: tuple[Memory, Profile]) -> None:
    memory, known = returning
    new_hours = 2.0 if known.hours_per_week != 2 else 4.0
    memory.run("s2", {"person": PERSON})
    payload = memory.run("s2", Command(resume={"answer": f"I only have {new_hours:g} hours a week now"}))
    asked, review = _interview(memory, "s2", payload)
    assert review["kind"] == "profile_review" and "hours_per_week" not in asked
    assert review["draft"]["hours_per_week"] == new_hours
    assert review["draft"]["current_role"] == known.current_role
    prompt = review["action_requests"][0]["description"]
    assert "your hours" not in prompt.split("told me today")[0]  # the hours are today's, not last time's


def test_a_denied_job_is_cleared_and_asked_never_kept_as_the_job(returning: tuple[Memory, Profile]) -> None:
    memory, known = returning
    memory.run("s2", {"person": PERSON})
    payload = memory.run("s2", Command(resume={"answer": f"I'm not a {known.current_role} any more"}))
    assert payload is not None and payload["kind"] == "question" and payload["field"] == "current_role"


@pytest.mark.parametrize("said", ["start afresh", "None of that is me. Start again please."])
def test_start_afresh_at_the_first_question_runs_the_whole_interview(returning: tuple[Memory, Profile],
                                                                     said: str) -> None:
    memory, _ = returning
    first = memory.run("s2", {"person": PERSON})
    assert first is not None
    asked, review = _interview(memory, "s2", memory.run("s2", Command(resume={"answer": said})))
    assert review["kind"] == "profile_review"
    assert {"current_role", "hours_per_week", "goals"} <= set(asked)
    assert "From your last session" not in review["action_requests"][0]["description"]


@pytest.mark.parametrize("said", ["Start again please", "who is this lol im not a benefits officer n im not 52",
                                  "none of this is me, wrong person"])
def test_start_afresh_at_the_profile_review_runs_the_whole_interview(returning: tuple[Memory, Profile],
                                                                     said: str) -> None:
    memory, _ = returning
    memory.run("s2", {"person": PERSON})
    _, review = _interview(memory, "s2", memory.run("s2", Command(resume={"answer": "nothing"})))
    assert review["kind"] == "profile_review"
    payload = memory.run("s2", Command(resume={"action": "reject", "feedback": said}))
    assert payload is not None and payload["kind"] == "question" and payload["question_id"] != RETURNING_ID
    asked, again = _interview(memory, "s2", payload)
    assert {"current_role", "hours_per_week"} <= {payload["field"], *asked}
    assert again["kind"] == "profile_review"
    assert again["draft"]["current_role"] not in ("who is this", "not a benefits officer")


def test_start_over_in_chat_at_the_first_question_starts_afresh(returning: tuple[Memory, Profile]) -> None:
    memory, _ = returning
    memory.run("s2", {"person": PERSON})
    payload = memory.run("s2", {"messages": [{"role": "user", "content": "start over", "id": "m1"}]})
    assert payload is not None and payload["kind"] == "question" and payload["question_id"] != RETURNING_ID
    assert payload["field"] == "current_role"


def test_a_person_the_memory_does_not_know_gets_no_welcome_back(memory: Memory) -> None:
    payload = memory.run("s1", {"person": "someone-new"})
    assert payload is not None and payload["question_id"] != RETURNING_ID


def test_a_denied_job_never_becomes_the_job(kb: KnowledgeBase) -> None:
    reader = AnswerReader(kb)
    profile = Profile(current_role="benefits officer", hours_per_week=3)
    for said in ("im not a benefits officer", "who is this lol im not a benefits officer n im not 52",
                 "I am not a benefits officer", "not a tyre fitter"):
        corrected, _ = reader.corrected(said, profile)
        assert corrected.current_role is None or "not" not in corrected.current_role.split()
        assert corrected.current_role != "who is this"
    cleared, _ = reader.corrected("I'm not a benefits officer", profile)
    assert cleared.current_role is None
    kept, _ = reader.corrected("I'm a copywriter, not an illustrator", profile)
    assert kept.current_role == "copywriter"


def test_last_time_sums_up_work_hours_and_limits() -> None:
    said = last_time(Profile(current_role="tyre fitter", hours_per_week=3,
                             constraints=["no money for courses", "back pain", "shifts"]))
    assert said == ("you worked as tyre fitter, you had 3 h a week for the plan, your main limits were: no money for "
                    "courses; back pain")


def test_deleting_the_session_a_remembered_profile_came_from_forgets_it(returning: tuple[Memory, Profile]) -> None:
    memory, _ = returning
    asyncio.run(aforget_session(memory.store, PERSON, "s1"))
    assert known_profile(memory.store, PERSON) is None
    assert memory.store.get(namespace(PERSON, "plans"), "s1") is None
    payload = memory.run("s3", {"person": PERSON})
    assert payload is not None and payload["question_id"] != RETURNING_ID


def test_deleting_another_session_keeps_the_profile_and_the_latest_left_takes_over(
        returning: tuple[Memory, Profile]) -> None:
    memory, known = returning
    asyncio.run(aforget_session(memory.store, PERSON, "never-approved"))
    assert known_profile(memory.store, PERSON) == known
    memory.run("s2", {"person": PERSON})
    memory.run("s2", Command(resume={"answer": "I only have 1 hour a week now"}))
    memory.full_session("s2")  # the rest approved as it comes
    newer = known_profile(memory.store, PERSON)
    assert newer is not None and newer.hours_per_week == 1
    asyncio.run(aforget_session(memory.store, PERSON, "s2"))
    assert known_profile(memory.store, PERSON) == known  # s1's profile again
