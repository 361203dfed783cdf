"""The profile review and structured answers over the HTTP API: what the person sees, corrects and confirms."""

from __future__ import annotations

from typing import Any

import httpx

from evals.http import resume_body
from tests.apitest.inprocess import InProcessApi


async def _resume(client: httpx.AsyncClient, view: dict[str, Any], body: dict[str, Any]) -> httpx.Response:
    return await client.post(f"/v1/sessions/{view['id']}/resume", json={"interrupt_id": view["pending"]["id"], **body})


async def _until(client: httpx.AsyncClient, view: dict[str, Any], kind: str, field: str | None = None
                 ) -> dict[str, Any]:
    while view["pending"]["kind"] != kind or (field and view["pending"].get("field") != field):
        response = await client.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))
        assert response.status_code == 200, response.text
        view = response.json()
    return view


async def test_a_structured_answer_is_checked_before_the_graph_runs(api: InProcessApi) -> None:
    _, person = await api.user()
    view = await _until(person, (await person.post("/v1/sessions")).json(), "question", "hours_per_week")
    assert view["pending"]["answer_kind"] == "hours" and view["pending"]["options"]
    refused = await _resume(person, view, {"answer": {"hours_per_week": 3, "when": ["at dawn"]}})
    assert refused.status_code == 422 and "options" in refused.json()["detail"][0]["msg"]
    assert (await _resume(person, view, {"answer": {"hours": "three"}})).status_code == 422
    taken = await _resume(person, view, {"answer": {"hours_per_week": 2.5, "not_when": ["evenings"]}})
    assert taken.status_code == 200, taken.text
    assert taken.json()["profile"]["hours_per_week"] == 2.5 and taken.json()["profile"]["times_not"] == ["evenings"]


async def test_the_person_confirms_what_was_understood_before_the_assessment(api: InProcessApi) -> None:
    _, person = await api.user()
    view = await _until(person, (await person.post("/v1/sessions")).json(), "profile_review")
    assert view["status"] == "confirming" and view["pending"]["draft"]["current_role"]
    refused = await _resume(person, view, {"action": "edit", "edits": {"hours_per_week": "lots"}})
    assert refused.status_code == 422
    corrected = (await _resume(person, view, {"action": "reject", "feedback": "not evenings, 2 hours a week"})).json()
    assert corrected["pending"]["kind"] == "profile_review" and corrected["profile"]["times_not"] == ["evenings"]
    confirmed = (await _resume(person, corrected, {"action": "edit", "edits": {"situation": "job_seeking"}})).json()
    assert confirmed["pending"]["kind"] == "assessment_review"
    assert confirmed["profile"]["situation"] == "job_seeking" and confirmed["profile"]["confirmed"]


async def test_profile_reviews_stay_out_of_the_coachs_inbox(api: InProcessApi) -> None:
    _, person = await api.user()
    _, coach = await api.user("coach")
    await _until(person, (await person.post("/v1/sessions")).json(), "profile_review")
    assert (await coach.get("/v1/inbox")).json() == []
