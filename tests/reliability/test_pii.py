"""Personal data given in any answer, or in feedback on a plan, comes to rest nowhere but the session's own
checkpoints: not in the drafts, plans or traces the API returns, not in spans (content capture on), not in logs,
not in any other table of the database."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from evals.attacks import PLACES
from evals.canaries import canaries, leaks, resting_rows, shown_over_api, with_canaries
from evals.model import personas
from settings import load_settings
from tests.apitest.inprocess import running_api

PEOPLE = ("manual-qa", "laid-off-marketer")
PRODUCT_LOGGERS = ("api", "sessions", "graphs", "agents", "domain", "knowledge", "observability")


@pytest.mark.parametrize("persona_id", PEOPLE)
async def test_canaries_rest_only_in_checkpoints(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                 persona_id: str) -> None:
    caplog.set_level(logging.INFO)  # the product's own loggers at DEBUG; drivers' DEBUG echoes SQL parameters
    for name in PRODUCT_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    found = canaries(PLACES)
    persona = next(p for p in personas() if p.id == persona_id)
    settings = load_settings(data_dir=tmp_path / "coach", capture_content=True)
    async with running_api(settings) as api:
        _, client = await api.user("coachee")
        shown = await shown_over_api(client, with_canaries(persona, found))
        api.runtime.service.observer.flush()
    rows = resting_rows(settings.resolved_database_url)
    assert "spans" in rows and "decisions" in rows  # the tables that could hold it were read
    assert leaks("\n".join(shown), found) == [], "returned by the API"
    assert leaks(rows, found) == [], "stored outside the checkpoints"
    assert leaks(caplog.text, found) == [], "logged"
