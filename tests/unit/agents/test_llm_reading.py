"""With a chat model, the rules' reading of an answer is the floor: the model may fill what they left open, never blank
out or overwrite what they read, and a reply that is not a usable reading leaves the rules' reading standing alone.

The replies below are what a small model typically sends for an interview answer: an empty object, `answered: false`
with the answer echoed into the note, a decline it made up, partial JSON, field names of its own, prose. None may
make the LLM engine read less than the knowledge engine."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from langchain_core.messages import BaseMessage

from agents.assessor.floor import settled
from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.assessor.llm_engine import LLMAssessor
from agents.engines import build_deps
from domain.interview import AskedQuestion
from domain.profile import Extraction, Profile
from evals.model import personas
from evals.properties import INTERVIEW_CHECKS
from evals.runner import Runner
from knowledge.base import KnowledgeBase
from knowledge.models import ProfileField
from settings import Settings
from tests.support.fake_chat import ScriptedChatModel

Reply = Callable[[list[BaseMessage]], str | dict[str, Any]]


def _person(messages: list[BaseMessage]) -> str:
    text = str(messages[-1].content)
    return text.split("<person>", 1)[-1].split("</person>", 1)[0]


SMALL_MODEL_REPLIES: dict[str, Reply] = {
    "empty object": lambda _: {},
    "not answered, answer echoed": lambda m: {"answered": False, "note": _person(m)[:200]},
    "answered with no updates": lambda _: {"answered": True, "updates": {}},
    "a made-up decline": lambda _: {"answered": True, "skip": True, "note": "No answer found for this question"},
    "a made-up stop": lambda _: {"answered": False, "done": True},
    "partial JSON": lambda _: '{"answered": true, "updates": {"current_role": "pay',
    "field names of its own": lambda _: {"answered": True, "role": "clerk", "hours": 5, "worries": ["AI"]},
    "prose": lambda m: f"The person says: {_person(m)[:80]}. They seem to be employed.",
    "markdown-fenced empty": lambda _: "```json\n{\"answered\": false}\n```",
}

# Answers invented for these tests, several per field, in wordings no persona or transcript uses.
ANSWERS: list[tuple[ProfileField, str]] = [
    ("current_role", "I run payroll for a haulage company, nine years now"),
    ("current_role", "bookkeeper at a dental practice"),
    ("current_role", "Senior data analyst in a retail bank's risk team"),
    ("situation", "between jobs since the spring, applying everywhere"),
    ("situation", "self-employed, I take contracts through an agency"),
    ("hours_per_week", "honestly 3 hrs, saturday mornings"),
    ("hours_per_week", "four hours a week if the kids sleep"),
    ("years_experience", "about twelve years in the trade"),
    ("concerns", "that the reconciliation software makes half our team redundant"),
    ("concerns", "I'm scared my age counts against me if I have to look for work"),
    ("constraints", "no money for courses, and I can't use AI on client files"),
    ("constraints", "I care for my mum, so only short bursts on weekdays"),
    ("ai_tools", "none, our IT blocks ChatGPT"),
    ("goals", "I'd like to move into a data analyst role within a year"),
]


def _asked(field: ProfileField) -> AskedQuestion:
    return AskedQuestion(question_id=f"q.{field}", field=field, text=f"Tell me about your {field}.", hint="",
                         attempt=1)


def _model(reply: Reply) -> ScriptedChatModel:
    def responder(schema: str, messages: list[BaseMessage]) -> str | dict[str, Any]:
        assert schema == "ModelReading", schema
        return reply(messages)
    return ScriptedChatModel(responder=responder)


def _always(reply: dict[str, Any]) -> Reply:
    return lambda _: reply


def _set(extraction: Extraction) -> dict[str, Any]:
    return {k: v for k, v in extraction.updates.model_dump().items() if v not in (None, [])}


@pytest.mark.parametrize("kind", sorted(SMALL_MODEL_REPLIES))
def test_a_small_models_reply_never_reads_less_than_the_rules(kb: KnowledgeBase, kind: str) -> None:
    llm = LLMAssessor(kb, _model(SMALL_MODEL_REPLIES[kind]))
    rules = KnowledgeAssessor(kb)
    for field, answer in ANSWERS:
        floor = rules.extract(_asked(field), answer, Profile()).value
        read = llm.extract(_asked(field), answer, Profile()).value
        assert read.answered == floor.answered and read.done == floor.done and read.skip == floor.skip, (kind, answer)
        assert _set(read) == _set(floor), (kind, answer)  # these replies carry nothing usable: exactly the rules'
        assert read.replaces == floor.replaces and read.removes == floor.removes
        assert read.model in ("nothing_new", "unusable"), (kind, read.model)


@pytest.mark.parametrize("kind", ["partial JSON", "field names of its own", "prose"])
def test_an_unusable_reply_is_said_in_the_extraction(kb: KnowledgeBase, kind: str) -> None:
    model = _model(SMALL_MODEL_REPLIES[kind])
    read = LLMAssessor(kb, model).extract(_asked("current_role"), "bookkeeper at a dental practice", Profile()).value
    assert read.model == "unusable" and read.by_model == []
    assert read.answered and read.updates.current_role
    assert len(model.calls) == 2, "one reply and one repair attempt, then the rules' reading stands"


def test_a_usable_empty_reply_is_nothing_new(kb: KnowledgeBase) -> None:
    read = LLMAssessor(kb, _model(lambda _: {"answered": False})).extract(
        _asked("hours_per_week"), "four hours a week if the kids sleep", Profile()).value
    assert read.model == "nothing_new" and read.answered and read.updates.hours_per_week == 4


WRONG_VALUES = {"answered": True, "updates": {
    "current_role": "Astronaut", "situation": "student", "hours_per_week": 40, "years_experience": 1,
    "concerns": ["nothing at all"], "constraints": ["none"], "seniority": "executive"}}


@pytest.mark.parametrize(("field", "answer", "kept"), [
    ("current_role", "I run payroll for a haulage company, nine years now", "current_role"),
    ("situation", "between jobs since the spring, applying everywhere", "situation"),
    ("hours_per_week", "honestly 3 hrs, saturday mornings", "hours_per_week"),
    ("years_experience", "about twelve years in the trade", "years_experience"),
    ("concerns", "that the reconciliation software makes half our team redundant", "concerns"),
    ("constraints", "no money for courses, and I can't use AI on client files", "constraints"),
])
def test_what_the_rules_read_the_model_does_not_overwrite(kb: KnowledgeBase, field: ProfileField, answer: str,
                                                          kept: str) -> None:
    floor = KnowledgeAssessor(kb).extract(_asked(field), answer, Profile()).value
    read = LLMAssessor(kb, _model(lambda _: WRONG_VALUES)).extract(_asked(field), answer, Profile()).value
    assert getattr(read.updates, kept) == getattr(floor.updates, kept), "the rules' value stands"
    for name, value in _set(floor).items():
        assert getattr(read.updates, name) == value, name
    assert kept not in read.by_model


def test_what_earlier_answers_read_a_later_models_reading_leaves_alone(kb: KnowledgeBase) -> None:
    """A small model echoes an answer into whatever field it likes: a later answer's reading neither replaces the job
    read earlier nor adds worries to the ones the person gave."""
    before = Profile(current_role="Payroll officer", concerns=["losing my job to software"], hours_per_week=3)
    echo = {"answered": True, "updates": {"current_role": "I care for my mum", "concerns": ["I care for my mum"],
                                          "hours_per_week": 20}}
    read = LLMAssessor(kb, _model(lambda _: echo)).extract(
        _asked("constraints"), "I care for my mum, so only short bursts on weekdays", before).value
    after = before.applied(read)
    assert after.current_role == "Payroll officer" and after.concerns == ["losing my job to software"]
    assert after.hours_per_week == 3
    assert after.constraints, "the rules read the limit"


def test_the_model_fills_what_the_rules_left_open_and_it_is_marked_for_review(kb: KnowledgeBase) -> None:
    answer = "I run payroll for a haulage company, nine years now"
    floor = KnowledgeAssessor(kb).extract(_asked("current_role"), answer, Profile()).value
    assert floor.updates.main_tasks == [], "the premise: the rules read no tasks from this answer"
    reply = {"answered": True, "updates": {"main_tasks": ["monthly payroll runs"], "skills": ["Sage Payroll"]}}
    read = LLMAssessor(kb, _model(lambda _: reply)).extract(_asked("current_role"), answer, Profile()).value
    assert read.model == "added" and set(read.by_model) == {"main_tasks", "skills"}
    assert read.updates.main_tasks == ["monthly payroll runs"] and read.updates.skills == ["Sage Payroll"]
    assert {"main_tasks", "skills"} <= set(read.uncertain), "what only a model read, the person confirms"
    assert read.updates.current_role == floor.updates.current_role
    assert Profile().applied(read).uncertain == read.uncertain


@pytest.mark.parametrize("answer", ["I'm on the tools every day for a builder",
                                    "I do shifts on a hospital ward, on the rota like everyone"])
def test_an_answer_the_rules_cannot_read_counts_when_the_model_reads_the_asked_field(kb: KnowledgeBase,
                                                                                     answer: str) -> None:
    floor = KnowledgeAssessor(kb).extract(_asked("situation"), answer, Profile()).value
    if floor.answered:
        pytest.skip("the rules read this answer; the case is for one they cannot")
    reply = {"answered": True, "updates": {"situation": "employed"}}
    read = LLMAssessor(kb, _model(lambda _: reply)).extract(_asked("situation"), answer, Profile()).value
    assert read.answered and read.note is None and "situation" in read.uncertain and read.by_model == ["situation"]
    wrong_field = {"answered": True, "updates": {"skills": ["carpentry"]}}
    read = LLMAssessor(kb, _model(lambda _: wrong_field)).extract(_asked("situation"), answer, Profile()).value
    assert not read.answered and read.note == floor.note, "a model reading other fields does not answer the question"


@pytest.mark.parametrize(("field", "answer", "number"), [
    ("hours_per_week", "stop here please, that's enough", 10),
    ("hours_per_week", "depends on the week really", 5),
    ("years_experience", "since I was 19, I'm 31 now", 19),
    ("years_experience", "since I was 19, I'm 31 now", 8),
])
def test_a_number_the_answer_does_not_say_is_not_taken(kb: KnowledgeBase, field: ProfileField, answer: str,
                                                       number: float) -> None:
    """Only a number the person said counts ('19' in 'since I was 19' is said, yet it is their age, not years of
    work: the rules read the age, so the model's figure for years fills an open field only when said as such)."""
    floor = KnowledgeAssessor(kb).extract(_asked(field), answer, Profile()).value
    read = LLMAssessor(kb, _model(lambda _: {"answered": True, "updates": {field: number}})).extract(
        _asked(field), answer, Profile()).value
    if number == 19:
        assert field in read.uncertain and read.by_model == [field], "said, so taken - and marked for the person"
        return
    assert getattr(read.updates, field) == getattr(floor.updates, field) and read.answered == floor.answered
    assert read.model == "nothing_new"


def test_what_is_not_the_models_to_set_is_not_taken(kb: KnowledgeBase) -> None:
    reply = {"answered": True, "updates": {"confirmed": True, "skipped": ["hours_per_week"], "roles_not": [
        "role.leadership"], "role_choice": "none", "uncertain": [], "matched_role": "role.leadership"}}
    read = LLMAssessor(kb, _model(lambda _: reply)).extract(
        _asked("current_role"), "bookkeeper at a dental practice", Profile()).value
    after = Profile().applied(read)
    assert not after.confirmed and after.skipped == [] and after.roles_not == [] and after.role_choice is None
    assert after.matched_role != "role.leadership"


@pytest.mark.parametrize("answer", ["that's enough", "let's move on!", "I'd rather not say", "not telling",
                                    "no idea", "hmm...", "what do you mean?"])
def test_what_the_rules_settle_no_model_is_asked(kb: KnowledgeBase, answer: str) -> None:
    floor = KnowledgeAssessor(kb).extract(_asked("hours_per_week"), answer, Profile()).value
    model = _model(lambda _: {"answered": True, "updates": {"hours_per_week": 10}})
    read = LLMAssessor(kb, model).extract(_asked("hours_per_week"), answer, Profile()).value
    assert settled(floor), "the premise: a stop, a decline or a non-answer"
    assert (read.answered, read.done, read.skip, read.note) == (floor.answered, floor.done, floor.skip, floor.note)
    assert read.updates.hours_per_week is None
    assert model.calls == [] and read.model == "not_asked"


@pytest.mark.parametrize(("field", "answer"), [
    ("goals", "done with accounting, I want something new"), ("concerns", "I want to stop worrying about my job"),
    ("constraints", "no money for courses is the main thing"), ("skills", "skip-level reporting and budgeting"),
])
def test_a_stop_or_a_decline_only_the_rules_decide(kb: KnowledgeBase, field: ProfileField, answer: str) -> None:
    """A model saying the person stopped or declined does not end the question: the words are read as an answer."""
    floor = KnowledgeAssessor(kb).extract(_asked(field), answer, Profile()).value
    assert (floor.done, floor.skip, floor.answered) == (False, False, True), "the premise: the rules read an answer"
    replies: list[dict[str, Any]] = [{"answered": False, "done": True}, {"answered": False, "skip": True}]
    for reply in replies:
        read = LLMAssessor(kb, _model(_always(reply))).extract(_asked(field), answer, Profile()).value
        assert (read.done, read.skip, read.answered) == (False, False, True)
        assert _set(read) == _set(floor)


def _session_responder(reading: Reply) -> Callable[[str, list[BaseMessage]], str | dict[str, Any]]:
    """A small model all through: its readings as given, every draft unusable (the catalog's stands in), no critique."""
    def responder(schema: str, messages: list[BaseMessage]) -> str | dict[str, Any]:
        if schema == "ModelReading":
            return reading(messages)
        if schema == "Critique":
            return {"issues": []}
        return '{"stages": [ not json'
    return responder


@pytest.mark.parametrize("kind", ["not answered, answer echoed", "a made-up decline", "partial JSON"])
def test_a_session_on_a_small_model_reads_the_interview_as_the_catalog_does(kb: KnowledgeBase, kind: str) -> None:
    person = personas()[0]
    knowledge = Runner(build_deps(Settings(), kb)).run(person)
    model = ScriptedChatModel(responder=_session_responder(SMALL_MODEL_REPLIES[kind]))
    llm = Runner(build_deps(Settings(engine="llm"), kb, model=model)).run(person)
    assert llm.profile.model_dump(exclude={"confirmed"}) == knowledge.profile.model_dump(exclude={"confirmed"})
    for name in ("concerns collected", "constraints collected", "situation read", "hours read", "years read",
                 "role right, or honestly unsure"):
        assert INTERVIEW_CHECKS[name](llm, kb).passed == INTERVIEW_CHECKS[name](knowledge, kb).passed, name
    assert [q.field for q in llm.questions] == [q.field for q in knowledge.questions]
    json.dumps(llm.profile.model_dump(mode="json"))
