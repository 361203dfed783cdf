"""A person's own documents: added, listed and deleted through the API, visible to them only (searches, lookups
and the runs of their sessions), refused with 413/422/409 without changing anything."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
from langchain_core.messages import BaseMessage

from agents.engines import build_deps
from evals.http import resume_body
from knowledge.base import KnowledgeBase
from sessions.documents import remove_user_documents
from settings import Limits, Settings, load_settings
from tests.apitest.inprocess import InProcessApi, running_api
from tests.support.fake_chat import ScriptedChatModel
from tests.support.llm_script import ASSESSMENT, Script

NOTES = {"title": "My Notes", "text": "# Rota\n\nThe zanzibar on-call rota for the payments team, every other week."}


async def _hits(client: httpx.AsyncClient, query: str) -> list[str]:
    response = await client.get("/v1/knowledge/search", params={"q": query})
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()]


async def test_own_documents_are_visible_to_their_owner_only(api: InProcessApi) -> None:
    _, ada = await api.user(name="Ada")
    _, bob = await api.user(name="Bob")
    _, coach = await api.user("coach")
    added = await ada.post("/v1/knowledge/documents", json=NOTES)
    assert added.status_code == 201, added.text
    doc = added.json()
    assert (doc["title"], doc["passages"], doc["size_bytes"]) == ("My Notes", 1, len(NOTES["text"]))
    passage = f"my.{doc['id']}.1"

    assert [d["id"] for d in (await ada.get("/v1/knowledge/documents")).json()] == [doc["id"]]
    assert await _hits(ada, "zanzibar rota") == [passage]
    item = (await ada.get(f"/v1/knowledge/items/{passage}")).json()
    assert item["source_id"] == f"private:{doc['id']}" and item["locator"] == "My Notes § Rota"
    for other in (bob, coach, api.client(api.admin_key)):
        assert (await other.get("/v1/knowledge/documents")).json() == []
        assert await _hits(other, "zanzibar rota") == []
        assert (await other.get(f"/v1/knowledge/items/{passage}")).status_code == 404
        assert (await other.delete(f"/v1/knowledge/documents/{doc['id']}")).status_code == 404
    assert await _hits(ada, "zanzibar rota") == [passage], "another person's delete changed nothing"

    # Deleting a session leaves its owner's documents; deleting the document removes it from their searches.
    session = (await ada.post("/v1/sessions")).json()
    assert (await ada.delete(f"/v1/sessions/{session['id']}")).status_code == 204
    assert len((await ada.get("/v1/knowledge/documents")).json()) == 1
    assert (await ada.delete(f"/v1/knowledge/documents/{doc['id']}")).status_code == 204
    assert await _hits(ada, "zanzibar rota") == []
    assert (await ada.get(f"/v1/knowledge/items/{passage}")).status_code == 404
    assert (await ada.delete(f"/v1/knowledge/documents/{doc['id']}")).status_code == 404


async def test_a_title_in_use_is_refused_and_nothing_is_replaced(api: InProcessApi) -> None:
    _, ada = await api.user(name="Ada")
    _, bob = await api.user(name="Bob")
    first = (await ada.post("/v1/knowledge/documents", json=NOTES)).json()
    again = await ada.post("/v1/knowledge/documents", json={"title": "my-notes!", "text": "Sourdough schedule."})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert "'My Notes'" in again.json()["detail"] and first["id"] in again.json()["detail"]
    assert [d["id"] for d in (await ada.get("/v1/knowledge/documents")).json()] == [first["id"]]
    assert await _hits(ada, "sourdough") == [] and await _hits(ada, "zanzibar") == [f"my.{first['id']}.1"]
    assert (await bob.post("/v1/knowledge/documents", json=NOTES)).status_code == 201, "titles are per person"


async def test_limits_are_413_and_422_and_change_nothing(tmp_path: Path, kb: KnowledgeBase) -> None:
    settings = load_settings(data_dir=tmp_path / "coach", limits=Limits(user_doc_bytes=2000, user_docs_per_user=2))
    async with running_api(settings, kb=kb) as api:
        _, ada = await api.user(name="Ada")
        post = "/v1/knowledge/documents"
        too_large = await ada.post(post, json={"title": "Big", "text": "é" * 1001})  # 2002 bytes in UTF-8
        assert too_large.status_code == 413 and too_large.json()["code"] == "too_large"
        assert "2,002 bytes, over the limit of 2,000" in too_large.json()["detail"]
        huge_body = await ada.post(post, json={"title": "Huge", "text": "w " * 50_000})
        assert huge_body.status_code == 413 and "request body is over the limit" in huge_body.json()["detail"]
        for body, message in [
            ({"title": "Binary", "text": "PNG\u0001\u0002 data"}, "control character U+0001"),
            ({"title": "Blank", "text": " \n\t "}, "only whitespace"),
            ({"title": "", "text": "words"}, "at least 1 character"),
            ({"title": "Nul", "text": "a\u0000b"}, "control character U+0000"),
            ({"title": "\u0088Tab", "text": "words"}, "title: looks binary"),
            ({"text": "no title"}, "Field required"),
        ]:
            refused = await ada.post(post, json=body)
            assert refused.status_code == 422, (body, refused.text)
            assert message in json.dumps(refused.json()["detail"]), (body, refused.text)
        surrogate = await ada.post(post, content=b'{"title": "S", "text": "lone \\udc00 surrogate"}',
                                   headers={"content-type": "application/json"})
        assert surrogate.status_code == 422 and "unicode" in surrogate.text.lower()
        assert (await ada.get("/v1/knowledge/documents")).json() == []
        for n in (1, 2):
            assert (await ada.post(post, json={"title": f"Doc {n}", "text": "words"})).status_code == 201
        third = await ada.post(post, json={"title": "Doc 3", "text": "words"})
        assert third.status_code == 409 and "the most one person may keep (2)" in third.text
        assert len((await ada.get("/v1/knowledge/documents")).json()) == 2


async def test_removing_a_users_documents(api: InProcessApi) -> None:
    ada_key, ada = await api.user(name="Ada")
    _, bob = await api.user(name="Bob")
    for client in (ada, bob):
        assert (await client.post("/v1/knowledge/documents", json=NOTES)).status_code == 201
    async with api.runtime.database.transaction() as db:
        assert await remove_user_documents(db=db, user_id=ada_key.user.id) == 1
    assert (await ada.get("/v1/knowledge/documents")).json() == []
    assert len((await bob.get("/v1/knowledge/documents")).json()) == 1


# --- a session's runs draw on its owner's documents, never another person's -------------------------------------

QA_NOTES = {"title": "QA diary", "text": "Manual QA tester notes on regression testing and bug tickets: to test AI "
                                         "features I keep a zanzibar checklist of regression testing for AI features."}


class CitingScript(Script):
    """The scripted model, citing the first of the person's own passages it is offered in the assessment."""

    def __call__(self, schema: str, messages: list[BaseMessage]) -> str | dict[str, Any]:
        reply = super().__call__(schema, messages)
        prompt = str(messages[-1].content)
        if schema == "Assessment" and isinstance(reply, dict) and "my." in prompt:
            own = prompt[prompt.index("my."):].split(":", 1)[0]
            reply = {**ASSESSMENT, "citations": [*ASSESSMENT["citations"], own]}
        return reply


async def _to_assessment(client: httpx.AsyncClient) -> dict[str, Any]:
    view = (await client.post("/v1/sessions")).json()
    while view["pending"]["kind"] in ("question", "profile_review"):
        response = await client.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))
        assert response.status_code == 200, response.text
        view = response.json()
    assert view["pending"]["kind"] == "assessment_review", view
    return dict(view)


async def test_a_sessions_run_sees_its_owners_documents_only(settings: Settings, kb: KnowledgeBase) -> None:
    model = ScriptedChatModel(responder=CitingScript(malformed_first_assessment=False))
    deps = build_deps(settings.model_copy(update={"engine": "llm"}), kb, model=model)
    async with running_api(settings, kb=kb, deps=deps) as api:
        _, ada = await api.user(name="Ada")
        _, bob = await api.user(name="Bob")
        doc = (await ada.post("/v1/knowledge/documents", json=QA_NOTES)).json()
        own = f"my.{doc['id']}.1"

        ada_view = await _to_assessment(ada)
        ada_prompts = [str(m[-1].content) for schema, m in model.calls if schema == "Assessment"]
        assert ada_prompts and "zanzibar checklist" in ada_prompts[-1] and own in ada_prompts[-1]
        assert own in ada_view["assessment"]["citations"], "the owner's passage is a valid citation in their session"

        model.calls.clear()
        bob_view = await _to_assessment(bob)
        bob_prompts = [str(m[-1].content) for schema, m in model.calls if schema == "Assessment"]
        assert bob_prompts and all("zanzibar" not in p and "my." not in p for p in bob_prompts)
        assert own not in json.dumps(bob_view)
        assert all("zanzibar" not in str(m) for _, m in model.calls), "no call of Bob's run saw Ada's document"
