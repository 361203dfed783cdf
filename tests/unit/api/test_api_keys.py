"""Key lifecycle over the API: revocation and expiry refuse the very next request, the last use is recorded once a
minute, admins manage users and keys under /v1/admin (others get 403), deleting a user leaves nothing behind."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

from sqlalchemy import text
from sqlmodel import update

from evals.http import drive
from sessions.changes import announce_change
from sessions.checkpointer import checkpoint_path
from sessions.tables import ApiKey, utcnow
from tests.apitest.inprocess import InProcessApi

USER_TABLES = {"coaching_sessions": "owner_id", "user_documents": "owner_id", "api_keys": "user_id", "users": "id"}
SESSION_TABLES = {"decisions": "session_id", "plan_versions": "session_id", "spans": "session_id"}


async def _count(api: InProcessApi, table: str, column: str, value: str) -> int:
    async with api.runtime.database.sessions() as db:
        statement = text(f"SELECT count(*) FROM {table} WHERE {column} = :value")
        return int((await db.exec(statement, params={"value": value})).one()[0])  # type: ignore[call-overload]


async def test_a_revoked_key_is_refused_on_its_next_request(api: InProcessApi) -> None:
    issued, client = await api.user()
    admin = api.client(api.admin_key)
    assert (await client.get("/v1/sessions")).status_code == 200  # verified once: nothing is cached any more
    prefix = issued.token.split("_")[1]
    revoked = await admin.post(f"/v1/admin/keys/{prefix}/revoke")
    assert revoked.status_code == 200 and revoked.json()["state"] == "revoked"
    refused = await client.get("/v1/sessions")
    assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"
    assert (await client.get("/v1/info", headers={"Authorization": "", "X-Api-Key": issued.token})).status_code == 401


async def test_an_expired_key_is_refused(api: InProcessApi) -> None:
    issued, client = await api.user()
    assert (await client.get("/v1/info")).status_code == 200
    async with api.runtime.database.transaction() as db:
        await db.exec(update(ApiKey).where(ApiKey.user_id == issued.user.id)  # type: ignore[call-overload]
                      .values(expires_at=utcnow() - timedelta(seconds=1)))
        await announce_change(db)  # as the product's own key changes do: processes read keys again
    assert (await client.get("/v1/info")).status_code == 401
    listed = (await api.client(api.admin_key).get("/v1/admin/keys", params={"user_id": issued.user.id})).json()
    assert [key["state"] for key in listed] == ["expired"]


async def test_the_last_use_is_recorded_at_most_once_a_minute(api: InProcessApi) -> None:
    issued, client = await api.user()
    admin = api.client(api.admin_key)

    async def last_used() -> Any:
        keys = (await admin.get("/v1/admin/keys", params={"user_id": issued.user.id})).json()
        return keys[0]["last_used_at"]

    assert await last_used() is None
    await client.get("/v1/info")
    first = await last_used()
    assert first is not None
    await client.get("/v1/info")
    assert await last_used() == first  # within the minute: no write
    api.runtime.key_use.interval_s = 0.0
    await client.get("/v1/info")
    assert await last_used() > first


async def test_admin_routes_are_for_admins_only(api: InProcessApi) -> None:
    _, coach = await api.user("coach")
    for method, path in [("GET", "/v1/admin/users"), ("POST", "/v1/admin/users"), ("GET", "/v1/admin/keys"),
                         ("POST", "/v1/admin/keys"), ("POST", "/v1/admin/keys/abc/revoke"),
                         ("POST", "/v1/admin/users/abc/revoke"), ("DELETE", "/v1/admin/users/abc")]:
        response = await coach.request(method, path, json={"name": "x", "user_id": "x"})
        assert (response.status_code, response.json()["code"]) == (403, "forbidden"), (method, path)
    assert (await api.client().get("/v1/admin/users")).status_code == 401


async def test_admins_create_list_and_revoke_users_and_keys(api: InProcessApi) -> None:
    admin = api.client(api.admin_key)
    created = await admin.post("/v1/admin/users", json={"name": "Robin", "role": "coach", "key_name": "laptop",
                                                         "expires_in_days": 30})
    assert created.status_code == 201
    first = created.json()
    robin = api.client(first["key"])
    assert (await robin.get("/v1/info")).json()["user"]["role"] == "coach"
    user_id = first["details"]["user_id"]
    second = (await admin.post("/v1/admin/keys", json={"user_id": user_id, "name": "ci"})).json()
    assert (await api.client(second["key"]).get("/v1/info")).status_code == 200

    listed = (await admin.get("/v1/admin/keys", params={"user_id": user_id})).json()
    assert [(key["name"], key["state"]) for key in listed] == [("laptop", "active"), ("ci", "active")]
    assert all("key" not in key and second["key"] not in str(key) for key in listed)  # never a secret
    users = {user["id"]: user for user in (await admin.get("/v1/admin/users")).json()}
    assert users[user_id]["active_keys"] == 2

    revoked = (await admin.post(f"/v1/admin/users/{user_id}/revoke")).json()
    assert revoked == {"user_id": user_id, "revoked": 2}
    assert (await robin.get("/v1/info")).status_code == 401
    assert (await admin.post("/v1/admin/keys", json={"user_id": "0" * 32})).status_code == 404
    bodies = [rb'{"name": "Ro\u0000bin"}', rb'{"name": "Ro\udc00bin"}', b'{"name": ""}',
              b'{"name": "x", "role": "boss"}']
    for bad in bodies:
        response = await admin.post("/v1/admin/users", content=bad, headers={"content-type": "application/json"})
        assert response.status_code == 422, bad
    assert (await admin.post("/v1/admin/keys/000000000000/revoke")).json()["code"] == "not_found"


async def test_deleting_a_user_leaves_nothing_behind(api: InProcessApi) -> None:
    issued, owner = await api.user()
    admin = api.client(api.admin_key)
    view, _ = await drive(owner, (await owner.post("/v1/sessions")).json())
    unfinished = (await owner.post("/v1/sessions")).json()
    sids = [view["id"], unfinished["id"]]
    assert await _count(api, "decisions", "session_id", sids[0]) > 0
    added = await owner.post("/v1/knowledge/documents", json={"title": "My notes", "text": "Notes on my own work."})
    assert added.status_code == 201, added.text

    deleted = await admin.delete(f"/v1/admin/users/{issued.user.id}")
    assert deleted.json() == {"user_id": issued.user.id, "sessions_deleted": 2}
    assert (await owner.get("/v1/sessions")).status_code == 401
    for table, column in USER_TABLES.items():
        assert await _count(api, table, column, issued.user.id) == 0, table
    with sqlite3.connect(checkpoint_path(api.runtime.settings)) as checkpoints:
        for sid in sids:
            for table, column in SESSION_TABLES.items():
                assert await _count(api, table, column, sid) == 0, (table, sid)
            for table in ("checkpoints", "writes"):
                found = checkpoints.execute(f"SELECT count(*) FROM {table} WHERE thread_id = ?", (sid,))
                assert found.fetchone()[0] == 0, (table, sid)
    assert (await admin.delete(f"/v1/admin/users/{issued.user.id}")).status_code == 404


async def test_the_last_admin_is_not_deleted(api: InProcessApi) -> None:
    admin = api.client(api.admin_key)
    me = (await admin.get("/v1/info")).json()["user"]["id"]
    refused = await admin.delete(f"/v1/admin/users/{me}")
    assert (refused.status_code, refused.json()["code"]) == (409, "conflict")
    assert "last admin" in refused.json()["detail"]
    assert (await admin.get("/v1/info")).status_code == 200
