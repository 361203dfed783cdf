"""Check-ins through the HTTP API, in-process, on SQLite (and on PostgreSQL in test_api_checkins_postgres.py): a
session completed, a check-in on its plan asked action by action then what changed, the adapted plan reviewed by a
coach and approved as a new version linked to the one before; who may start one; deletion forgetting the memory;
a returning person asked what changed first."""

from __future__ import annotations

from typing import Any

import httpx

from agents.assessor.returning import RETURNING_ID
from evals.http import drive
from graphs.memory import aholds
from tests.apitest.inprocess import InProcessApi

ANSWERS = ["done, about 2 hours a week", "partly, 1 h a week", "not started"]


async def completed(api: InProcessApi, coachee: httpx.AsyncClient) -> dict[str, Any]:
    final, _ = await drive(coachee, (await coachee.post("/v1/sessions")).json())
    assert final["status"] == "completed"
    return final


async def check_in(coachee: httpx.AsyncClient, follows: str, changes: Any = "nothing"
                   ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    created = await coachee.post("/v1/sessions", json={"follows": follows})
    assert created.status_code == 201, created.text
    view, asked = created.json(), []
    answers = iter(ANSWERS)
    while view["pending"] is not None and view["pending"]["kind"] == "checkin":
        pending = view["pending"]
        asked.append(pending)
        answer = next(answers, "not started") if pending["step"] == "action" else changes
        response = await coachee.post(f"/v1/sessions/{view['id']}/resume",
                                      json={"interrupt_id": pending["id"], "answer": answer})
        assert response.status_code == 200, response.text
        view = response.json()
    return view, asked


async def test_a_check_in_adapts_the_plan_and_a_coach_approves_it(api: InProcessApi) -> None:
    _, coachee = await api.user("coachee", "Quinn")
    _, coach = await api.user("coach", "Cora")
    first = await completed(api, coachee)
    view, asked = await check_in(coachee, first["id"], {"hours_per_week": 3, "rating": 1})
    actions = first["plan"]["stages"][0]["actions"]
    assert [p["action"]["title"] for p in asked if p["step"] == "action"] == [a["title"] for a in actions]
    assert asked[-1]["step"] == "changes" and asked[-1]["known"]["hours_per_week"] == first["profile"]["hours_per_week"]
    assert view["follows"] == first["id"] and view["status"] == "awaiting_review"
    assert view["pending"]["kind"] == "plan_review"
    inbox = (await coach.get("/v1/inbox")).json()
    assert any(item["session_id"] == view["id"] for item in inbox)

    draft = view["pending"]["draft"]
    assert actions[0]["title"] not in {a["title"] for s in draft["stages"] for a in s["actions"]}
    assert all(sum(a["hours_per_week"] for a in s["actions"]) <= 3 for s in draft["stages"])
    assert any("1 h" in note for note in draft["revision_notes"])
    decided = await coach.post(f"/v1/sessions/{view['id']}/resume",
                               json={"interrupt_id": view["pending"]["id"], "action": "approve", "acknowledge": True})
    assert decided.status_code == 200, decided.text
    assert decided.json()["status"] == "completed"
    plan = (await coachee.get(f"/v1/sessions/{view['id']}/plan")).json()
    assert plan["status"] == "approved" and plan["follows"] == first["id"]  # linked to the version before

    _, asked = await check_in(coachee, view["id"])  # the next check-in follows the adapted plan
    assert actions[0]["title"] not in {p["action"]["title"] for p in asked if p["action"]}


async def test_a_check_in_answer_may_be_structured_and_is_checked(api: InProcessApi) -> None:
    _, coachee = await api.user()
    first = await completed(api, coachee)
    view = (await coachee.post("/v1/sessions", json={"follows": first["id"]})).json()
    pending = view["pending"]
    bad = await coachee.post(f"/v1/sessions/{view['id']}/resume",
                             json={"interrupt_id": pending["id"], "answer": {"status": "finished"}})
    assert bad.status_code == 422 and "status" in bad.text
    good = await coachee.post(f"/v1/sessions/{view['id']}/resume",
                              json={"interrupt_id": pending["id"],
                                    "answer": {"status": "blocked", "blocker": "my manager said no"}})
    assert good.status_code == 200 and good.json()["pending"]["id"] != pending["id"]


async def test_who_may_start_a_check_in(api: InProcessApi) -> None:
    _, coachee = await api.user("coachee", "Quinn")
    _, other = await api.user("coachee", "Otto")
    _, coach = await api.user("coach", "Cora")
    open_one = (await coachee.post("/v1/sessions")).json()
    refused = await coachee.post("/v1/sessions", json={"follows": open_one["id"]})
    assert refused.status_code == 409 and "no approved plan" in refused.json()["detail"]
    first = await completed(api, coachee)
    assert (await other.post("/v1/sessions", json={"follows": first["id"]})).status_code == 404
    assert (await coachee.post("/v1/sessions", json={"follows": "nope!"})).status_code == 422
    started = await coach.post("/v1/sessions", json={"follows": first["id"]})
    assert started.status_code == 201 and started.json()["owner_id"] == first["owner_id"]
    pending = started.json()["pending"]
    answered_by_coach = await coach.post(f"/v1/sessions/{started.json()['id']}/resume",
                                         json={"interrupt_id": pending["id"], "answer": "done"})
    assert answered_by_coach.status_code == 403  # the person answers their own check-in


async def test_deleting_sessions_and_users_forgets_them(api: InProcessApi) -> None:
    admin = api.client(api.admin_key)
    user, coachee = await api.user("coachee", "Quinn")
    first = await completed(api, coachee)
    store = api.runtime.service.store
    assert store is not None
    kept = await aholds(store, user.user.id)
    assert kept == 2  # the confirmed profile and the approved plan
    view, _ = await check_in(coachee, first["id"])
    await coachee.post(f"/v1/sessions/{view['id']}/resume",
                       json={"interrupt_id": view["pending"]["id"], "action": "approve", "acknowledge": True})
    assert await aholds(store, user.user.id) == 4  # and the adapted plan, and the check-in
    assert (await coachee.delete(f"/v1/sessions/{view['id']}")).status_code == 204
    assert await aholds(store, user.user.id) == 2
    assert (await admin.delete(f"/v1/admin/users/{user.user.id}")).status_code == 200
    assert await aholds(store, user.user.id) == 0


async def test_progress_shows_each_action_the_hours_and_when_the_next_check_in_is_due(api: InProcessApi) -> None:
    from datetime import timedelta

    user, coachee = await api.user("coachee", "Quinn")
    _, coach = await api.user("coach", "Cora")
    _, other = await api.user("coachee", "Otto")
    assert (await coachee.get("/v1/progress")).json()["checkins"] == 0
    first = await completed(api, coachee)
    mine = (await coachee.get("/v1/progress")).json()
    actions = first["plan"]["stages"][0]["actions"]
    weeks = min(a["duration_weeks"] for a in actions)
    assert mine["session_id"] == first["id"] and mine["version"] == 1 and mine["next_due"] is not None
    assert [s["state"] for s in mine["stages"]] == ["current", "later", "later"]

    service = api.runtime.service
    approved = service.clock()
    service.clock = lambda: approved + timedelta(weeks=weeks, days=1)
    due = (await coach.get("/v1/progress/due")).json()
    assert [d["person_id"] for d in due] == [user.user.id] and due[0]["overdue"] and not due[0]["quiet"]
    assert (await coachee.get("/v1/progress/due")).status_code == 403

    view, _ = await check_in(coachee, first["id"], {"rating": -1})
    await coach.post(f"/v1/sessions/{view['id']}/resume",
                     json={"interrupt_id": view["pending"]["id"], "action": "approve", "acknowledge": True})
    seen = (await coach.get(f"/v1/users/{user.user.id}/progress")).json()
    assert seen["checkins"] == 1 and seen["version"] == 2
    by_title = {a["title"]: a for a in seen["actions"]}
    assert by_title[actions[0]["title"]]["state"] == "done"
    assert by_title[actions[0]["title"]]["history"][0]["status"] == "done"
    assert by_title[actions[1]["title"]]["history"][0]["hours_reported"] == 1
    assert seen["hours"][0]["planned"] == sum(a["hours_per_week"] for a in actions)
    assert seen["hours"][0]["reported"] == 2 + 1  # the done action's 2 h and the partly done one's 1 h
    assert seen["stages"][0]["ratings"][0]["rating"] == -1
    assert (await other.get(f"/v1/users/{user.user.id}/progress")).status_code == 403
    assert (await coach.get("/v1/users/0123abc/progress")).status_code == 404

    service.clock = lambda: approved + timedelta(weeks=5)
    assert (await coach.get("/v1/progress/due")).json()[0]["quiet"]


async def test_a_returning_person_is_asked_what_changed_until_the_session_it_came_from_is_deleted(
        api: InProcessApi) -> None:
    user, coachee = await api.user("coachee", "Rae")
    first = await completed(api, coachee)
    store = api.runtime.service.store
    assert store is not None
    second = (await coachee.post("/v1/sessions")).json()
    assert second["pending"]["kind"] == "question" and second["pending"]["question_id"] == RETURNING_ID
    assert (await coachee.delete(f"/v1/sessions/{second['id']}")).status_code == 204
    assert await aholds(store, user.user.id) == 2  # that session set nothing: the profile and the plan stay
    assert (await coachee.delete(f"/v1/sessions/{first['id']}")).status_code == 204
    assert await aholds(store, user.user.id) == 0  # the profile came from it: forgotten with it
    third = (await coachee.post("/v1/sessions")).json()
    assert third["pending"]["kind"] == "question" and third["pending"]["question_id"] != RETURNING_ID
