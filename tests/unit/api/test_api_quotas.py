"""What one person may keep is capped, by settings: open sessions, and the bytes of their own documents. Past a cap
the request is a 409 with a plain message, and nothing is created; others are not held back."""

from __future__ import annotations

from pathlib import Path

from evals.http import drive
from knowledge.base import KnowledgeBase
from settings import Limits, load_settings
from tests.apitest.inprocess import running_api


async def test_open_sessions_are_capped_per_person(tmp_path: Path, kb: KnowledgeBase) -> None:
    settings = load_settings(data_dir=tmp_path / "coach", limits=Limits(open_sessions_per_user=2))
    async with running_api(settings, kb=kb) as api:
        _, ada = await api.user(name="Ada")
        _, bob = await api.user(name="Bob")
        first, second = [(await ada.post("/v1/sessions")).json() for _ in range(2)]
        refused = await ada.post("/v1/sessions")
        assert refused.status_code == 409, refused.text
        assert refused.json()["code"] == "conflict"
        assert "2 sessions that are not completed" in refused.json()["detail"] and "delete one" in refused.text
        assert len((await ada.get("/v1/sessions")).json()) == 2  # nothing was started
        assert (await bob.post("/v1/sessions")).status_code == 201  # another person is not held back

        assert (await ada.delete(f"/v1/sessions/{first['id']}")).status_code == 204
        third = (await ada.post("/v1/sessions")).json()
        assert (await ada.post("/v1/sessions")).status_code == 409
        completed, _ = await drive(ada, second)
        assert completed["status"] == "completed"
        assert (await ada.post("/v1/sessions")).status_code == 201  # a completed session is not open
        assert third["status"] == "interviewing"


async def test_the_bytes_of_ones_documents_are_capped(tmp_path: Path, kb: KnowledgeBase) -> None:
    settings = load_settings(data_dir=tmp_path / "coach", limits=Limits(user_doc_bytes_per_user=1000))
    async with running_api(settings, kb=kb) as api:
        _, ada = await api.user(name="Ada")
        post = "/v1/knowledge/documents"
        kept = await ada.post(post, json={"title": "First", "text": "a" * 600})
        assert kept.status_code == 201
        over = await ada.post(post, json={"title": "Second", "text": "b" * 600})
        assert over.status_code == 409 and over.json()["code"] == "conflict"
        assert "600 bytes" in over.json()["detail"] and "1,000" in over.json()["detail"]
        assert [d["title"] for d in (await ada.get(post)).json()] == ["First"]
        assert (await ada.post(post, json={"title": "Small", "text": "c" * 400})).status_code == 201
        assert (await ada.delete(f"{post}/{kept.json()['id']}")).status_code == 204
        assert (await ada.post(post, json={"title": "Second", "text": "b" * 600})).status_code == 201
