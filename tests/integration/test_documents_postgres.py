"""A person's own documents on PostgreSQL, with two API instances on one database: what one adds or deletes, the
other sees at once (no stale copy), and each person sees only their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.base import KnowledgeBase
from sessions.bootstrap import issue_user
from sessions.documents import remove_user_documents
from settings import load_settings
from tests.apitest.inprocess import running_api
from tests.support.postgres import temporary_database

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

NOTES = {"title": "My Notes", "text": "The zanzibar on-call rota for the payments team."}


async def test_own_documents_across_two_instances(tmp_path: Path, kb: KnowledgeBase) -> None:
    with temporary_database("coach_documents") as url:
        settings = load_settings(data_dir=tmp_path / "data", database_url=url)
        async with running_api(settings, kb=kb) as one, running_api(settings, kb=kb) as two:
            ada = await issue_user(database=one.runtime.database, name="Ada", role="coachee")
            bob = await issue_user(database=one.runtime.database, name="Bob", role="coachee")
            ada_one, ada_two, bob_two = one.client(ada.token), two.client(ada.token), two.client(bob.token)

            search = {"q": "zanzibar rota"}
            assert (await ada_two.get("/v1/knowledge/search", params=search)).json() == []
            doc = (await ada_one.post("/v1/knowledge/documents", json=NOTES)).json()
            hits = (await ada_two.get("/v1/knowledge/search", params=search)).json()
            assert [h["id"] for h in hits] == [f"my.{doc['id']}.1"], "the other instance sees it at once"
            assert (await bob_two.get("/v1/knowledge/search", params=search)).json() == []
            again = await ada_two.post("/v1/knowledge/documents", json={"title": "MY NOTES", "text": "other"})
            assert again.status_code == 409

            assert (await ada_two.delete(f"/v1/knowledge/documents/{doc['id']}")).status_code == 204
            assert (await ada_one.get("/v1/knowledge/search", params=search)).json() == []

            assert (await bob_two.post("/v1/knowledge/documents", json=NOTES)).status_code == 201
            async with one.runtime.database.transaction() as db:
                assert await remove_user_documents(db=db, user_id=bob.user.id) == 1
            assert (await bob_two.get("/v1/knowledge/documents")).json() == []
