"""The whole evaluation set runs once per test session; the tests read its report."""

from __future__ import annotations

import pytest

from agents.engines import build_deps
from evals.report import Report, evaluate
from knowledge.base import KnowledgeBase
from settings import Settings


@pytest.fixture(scope="session")
def report(kb: KnowledgeBase) -> Report:
    return evaluate(build_deps(Settings(), kb), kb)
