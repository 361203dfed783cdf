"""The whole evaluation set runs once per test session; the tests read its report."""

from __future__ import annotations

import pytest

from agents.deps import AgentDeps
from agents.engines import build_deps
from evals.report import Report, evaluate
from knowledge.base import KnowledgeBase
from settings import Settings


@pytest.fixture(scope="session")
def deps(kb: KnowledgeBase) -> AgentDeps:
    return build_deps(Settings(), kb)


@pytest.fixture(scope="session")
def report(kb: KnowledgeBase, deps: AgentDeps) -> Report:
    return evaluate(deps, kb)
