"""What the reading tests share: one answer reader on the knowledge base."""

from __future__ import annotations

import pytest

from knowledge.base import KnowledgeBase
from reading.answers import AnswerReader


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase) -> AnswerReader:
    return AnswerReader(kb)
