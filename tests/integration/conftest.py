"""Fixtures of the browser tests: one Chromium for the run, and where the screenshots go (named at the end)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.browser import Screenshots, launched, require_browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SCREENSHOTS = pytest.StashKey[Screenshots]()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Per module: Playwright's sync API keeps an event loop running in this thread until it stops, and the
    async tests that follow need the thread's loop to themselves."""
    with launched(require_browser()) as running:
        yield running


@pytest.fixture(scope="session")
def screenshots(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Screenshots:
    explicit = os.environ.get("COACH_UI_SCREENSHOTS")
    taker = Screenshots(Path(explicit) if explicit else tmp_path_factory.mktemp("ui-screenshots"))
    request.config.stash[SCREENSHOTS] = taker
    return taker


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    taker = config.stash.get(SCREENSHOTS, None)
    if taker is not None and taker.taken:
        terminalreporter.write_line(f"UI screenshots ({len(taker.taken)}): {taker.directory}")
