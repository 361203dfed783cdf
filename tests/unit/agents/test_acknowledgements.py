"""The line said back after each answer is built from what was read, in clean words: never a word said twice, a
filler, the person's own lead-in repeated after the coach's ("strong in strong in"), or a clause cut off midway."""

from __future__ import annotations

import re

import pytest

from agents.assessor.reflect import reflection
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from knowledge.models import ProfileField
from reading.answers import AnswerReader
from reading.signals import say_back
from tests.support.reading import asked

FILLERS = re.compile(r"(?i)\b(?:um+|uh+|erm+|lol|lmao|you named? it|you know|tbh)\b")
REPEATED = re.compile(r"(?i)\b((?:\w+\s+){0,3}\w+)\s+\1\b")
CUT_OFF = re.compile(r"(?i)\b(?:and|or|to|the|of|with|that|more like|they'll)\W*$")


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase) -> AnswerReader:
    return AnswerReader(kb)


def _line(reader: AnswerReader, kb: KnowledgeBase, field: ProfileField, text: str) -> str:
    before = Profile()
    extraction = reader.read(asked(field), text, before)
    line = reflection(before, before.applied(extraction), extraction, kb.catalog.vocabulary)
    assert line is not None
    return line


@pytest.mark.parametrize(("field", "text", "said"), [
    ("skills", "strong in stock control", "you're strong in stock control"),
    ("skills", "honestly im really good at good at handling complaints", "you're strong in handling complaints"),
    ("skills", "good at good at people lol", "you're strong in people"),
    ("main_tasks", "erm, mostly the the rota and and cashing up", "the rota and cashing up"),
    ("goals", "my goal is my goal is to open a salon", "your aim: open a salon"),
    ("goals", "get into get into bookkeeping, you named it", "your aim: get into bookkeeping"),
])
def test_what_is_said_back_is_clean(reader: AnswerReader, kb: KnowledgeBase, field: ProfileField, text: str,
                                    said: str) -> None:
    line = _line(reader, kb, field, text)
    assert said in line, line
    body = line.removeprefix("Got it: ").rstrip(".")
    assert not FILLERS.search(body) and not REPEATED.search(body), line


@pytest.mark.parametrize(("field", "text"), [
    ("goals", "um i want to want to move into something with more like"),
    ("main_tasks", "the till, and ordering stock and"),
    ("concerns", "that the new tills will will replace us and that they'll"),
])
def test_a_clause_cut_off_midway_is_never_quoted(reader: AnswerReader, kb: KnowledgeBase, field: ProfileField,
                                                 text: str) -> None:
    line = _line(reader, kb, field, text)
    for part in line.removeprefix("Got it: ").rstrip(".").split("; "):
        assert not CUT_OFF.search(part) and not REPEATED.search(part), line


@pytest.mark.parametrize(("text", "kept"), [
    ("payroll and forecasting", "payroll and forecasting"),
    ("good judgement", "good judgement"),  # "good" here is the skill itself, not a lead-in
    ("strong coffee", "strong coffee"),
])
def test_clean_phrases_keep_their_words(text: str, kept: str) -> None:
    assert say_back(text) == kept


@pytest.mark.parametrize("text", ["ordering stock and", "move into something with more like", "um lol"])
def test_fragments_and_fillers_are_not_said_back(text: str) -> None:
    assert say_back(text) is None
