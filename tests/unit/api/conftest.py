"""In-process API fixtures: a fresh data directory and database per test, the shared knowledge base."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from knowledge.base import KnowledgeBase
from settings import Settings
from tests.apitest.inprocess import InProcessApi, running_api


@pytest.fixture
async def api(settings: Settings, kb: KnowledgeBase) -> AsyncIterator[InProcessApi]:
    async with running_api(settings, kb=kb) as started:
        yield started
