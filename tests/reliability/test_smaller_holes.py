"""The smaller holes an outside probe found, each closed: the last admin keys, streams outliving their key, forwarded
addresses from anyone, ids in edits that the catalog lacks, names and titles of invisible characters, errors that
claim nothing changed, and people's document indexes without a bound."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from evals.http import bearer, parse_sse, resume_body
from knowledge import base as knowledge_base
from knowledge.base import KnowledgeBase
from knowledge.documents import passages
from knowledge.private import PrivateDocuments
from settings import Limits, Settings, load_settings
from tests.apitest.inprocess import InProcessApi, running_api
from tests.apitest.threaded import serving

INVISIBLE = "\u200b\u200d\ufeff"


async def test_the_last_working_admin_keys_are_never_revoked(api: InProcessApi) -> None:
    admin = api.client(api.admin_key)
    admin_id = (await admin.get("/v1/info")).json()["user"]["id"]
    (own,) = (await admin.get("/v1/admin/keys", params={"user_id": admin_id})).json()
    for path in (f"/v1/admin/keys/{own['prefix']}/revoke", f"/v1/admin/users/{admin_id}/revoke"):
        refused = await admin.post(path)
        assert refused.status_code == 409, refused.text
        assert "no admin would have a working key left" in refused.json()["detail"]
    assert (await admin.get("/v1/info")).status_code == 200  # still locked in, not out

    second = (await admin.post("/v1/admin/users", json={"name": "Second admin", "role": "admin"})).json()
    assert (await admin.post(f"/v1/admin/users/{admin_id}/revoke")).json()["revoked"] == 1
    other = api.client(second["key"])
    refused = await other.post(f"/v1/admin/keys/{second['details']['prefix']}/revoke")
    assert refused.status_code == 409 and (await other.get("/v1/admin/users")).status_code == 200
    deleted = await other.delete(f"/v1/admin/users/{second['details']['user_id']}")
    assert deleted.status_code == 409  # the admin holding the last working keys stays


async def test_an_event_stream_ends_when_its_key_is_revoked(tmp_path: Path, kb: KnowledgeBase) -> None:
    settings = load_settings(data_dir=tmp_path / "coach", limits=Limits(stream_heartbeat_s=0.2))
    async with running_api(settings, kb=kb) as api:
        issued, owner = await api.user()
        sid = (await owner.post("/v1/sessions")).json()["id"]
        stream = asyncio.create_task(owner.get(f"/v1/sessions/{sid}/events", params={"follow": "true"}))
        await asyncio.sleep(0.5)
        admin = api.client(api.admin_key)
        assert (await admin.post(f"/v1/admin/users/{issued.user.id}/revoke")).status_code == 200
        events = parse_sse((await asyncio.wait_for(stream, 10)).text)
    assert events[-1] == ("closed", {"reason": "revoked"}), events


def test_forwarded_addresses_count_only_from_trusted_proxies(tmp_path: Path) -> None:
    def bad_key_statuses(settings: Settings) -> list[int]:
        with serving(settings) as server, httpx.Client(base_url=server.url, headers=bearer("ck_bad_key")) as client:
            return [client.get("/v1/sessions", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
                    for n in range(8)]

    limits = Limits(bad_keys="5/minute")
    untrusted = bad_key_statuses(load_settings(data_dir=tmp_path / "a", limits=limits))
    assert untrusted == [401] * 5 + [429] * 3  # the connection's address counts, whatever the header says
    trusted = bad_key_statuses(load_settings(data_dir=tmp_path / "b", limits=limits, trusted_proxies="127.0.0.1"))
    assert trusted == [401] * 8  # behind a configured proxy, each forwarded address counts on its own


async def _at_plan_review(api: InProcessApi) -> tuple[httpx.AsyncClient, dict[str, Any]]:
    _, owner = await api.user()
    view = (await owner.post("/v1/sessions")).json()
    while view["pending"]["kind"] != "plan_review":
        view = (await owner.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))).json()
    return owner, view


@pytest.mark.parametrize(("field", "value"), [
    ("citations", ["<script>alert(1)</script>"]), ("citations", ["no.such.entry"]),
    ("catalog_id", "<img src=x onerror=alert(1)>"), ("catalog_id", "role.qa-ai-quality"),
])
async def test_ids_an_edit_puts_in_a_plan_must_be_the_catalogs(api: InProcessApi, field: str, value: Any) -> None:
    owner, view = await _at_plan_review(api)
    stages = json.loads(json.dumps(view["plan"]["stages"]))
    stages[0]["actions"][0][field] = value
    edit = {"interrupt_id": view["pending"]["id"], "action": "edit", "edits": {"stages": stages}}
    refused = await owner.post(f"/v1/sessions/{view['id']}/resume", json=edit)
    assert refused.status_code == 422, refused.text
    loc = refused.json()["detail"][0]["loc"]
    assert loc[:7] == ["body", "edits", "stages", 0, "actions", 0, field]
    after = (await owner.get(f"/v1/sessions/{view['id']}")).json()
    assert after["plan"] == view["plan"] and after["version"] == view["version"]  # nothing stored
    stages[0]["actions"][0][field] = ["role.qa-ai-quality"] if field == "citations" else None
    accepted = await owner.post(f"/v1/sessions/{view['id']}/resume", json=edit | {"edits": {"stages": stages}})
    assert accepted.status_code == 200, accepted.text


@pytest.mark.parametrize(("path", "body"), [
    ("/v1/admin/users", {"name": INVISIBLE}), ("/v1/admin/users", {"name": " \u2060 "}),
    ("/v1/knowledge/documents", {"title": INVISIBLE, "text": "words"}),
    ("/v1/knowledge/documents", {"title": "Notes", "text": INVISIBLE * 10}),
])
async def test_names_and_titles_must_show_something(api: InProcessApi, path: str, body: dict[str, str]) -> None:
    refused = await api.client(api.admin_key).post(path, json=body)
    assert refused.status_code == 422, refused.text
    assert "invisible" in refused.text


async def test_a_failed_write_never_claims_that_nothing_changed(api: InProcessApi,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("a fault of ours")

    monkeypatch.setattr(api.runtime.service, "start", broken)
    monkeypatch.setattr(api.runtime.service, "settled", broken)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api.app, raise_app_exceptions=False),
                                 base_url="http://test", headers=bearer(api.admin_key)) as client:
        write, read = await client.post("/v1/sessions"), await client.get("/v1/sessions")
    assert write.status_code == read.status_code == 500
    assert "nothing was changed" not in write.text and "may or may not have taken effect" in write.text
    assert "nothing was changed" in read.text


def test_the_views_of_peoples_documents_are_kept_within_a_byte_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = KnowledgeBase.open(None)
    monkeypatch.setattr(knowledge_base, "VIEWS_BYTES", 10_000)
    for person in range(6):
        items = passages("# Notes\n\n" + f"pipeline triage notes {person} " * 200, id_prefix=f"my.d{person}",
                         source_id=f"private:d{person}", title="Notes", locator="Notes")
        documents = PrivateDocuments(owner_id=f"p{person}", version=(f"d{person}",), items=tuple(items))
        assert documents.text_bytes > 4000
        assert kb.with_private(documents).get(items[0].id) is not None
        kept, held = kb.views_kept()
        assert held <= 10_000 and kept <= 2
