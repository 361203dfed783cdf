"""The check-in through the HTTP API on PostgreSQL: checkpoints, product tables and the memory store (LangGraph's
PostgreSQL store) all in one database; deleting the person leaves nothing of theirs in the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphs.memory import aholds
from knowledge.base import KnowledgeBase
from settings import load_settings
from tests.apitest.inprocess import running_api
from tests.support.postgres import temporary_database
from tests.unit.api.test_api_checkins import check_in, completed

pytestmark = pytest.mark.postgres


async def test_a_check_in_on_postgres(tmp_path: Path, kb: KnowledgeBase) -> None:
    with temporary_database("coach_checkins") as url:
        settings = load_settings(data_dir=tmp_path, database_url=url, tracing=False)
        async with running_api(settings, kb=kb) as api:
            user, coachee = await api.user("coachee", "Quinn")
            _, coach = await api.user("coach", "Cora")
            first = await completed(api, coachee)
            view, asked = await check_in(coachee, first["id"], "I only have 2 hours a week now")
            assert asked[-1]["step"] == "changes" and view["pending"]["kind"] == "plan_review"
            assert all(sum(a["hours_per_week"] for a in s["actions"]) <= 2
                       for s in view["pending"]["draft"]["stages"])
            decided = await coach.post(f"/v1/sessions/{view['id']}/resume", json={
                "interrupt_id": view["pending"]["id"], "action": "approve", "acknowledge": True})
            assert decided.status_code == 200 and decided.json()["status"] == "completed"
            store = api.runtime.service.store
            assert store is not None and await aholds(store, user.user.id) == 4
            admin = api.client(api.admin_key)
            assert (await admin.delete(f"/v1/admin/users/{user.user.id}")).status_code == 200
            assert await aholds(store, user.user.id) == 0
