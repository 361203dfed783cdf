"""The API the web UI reads: inbox items with issue counts, plan versions, session totals, /v1/info, the transcript."""

from __future__ import annotations

from typing import Any

import httpx

from evals.http import resume_body
from knowledge.base import KnowledgeBase
from observability.tracing import otlp_origin
from settings import load_settings
from tests.apitest.inprocess import InProcessApi, running_api


async def _to_plan_review(api: InProcessApi) -> tuple[httpx.AsyncClient, dict[str, Any]]:
    _, owner = await api.user("coachee", "Ada")
    view = (await owner.post("/v1/sessions")).json()
    while view["pending"]["kind"] != "plan_review":
        response = await owner.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))
        assert response.status_code == 200, response.text
        view = response.json()
    return owner, view


def _over_budget(plan: dict[str, Any]) -> dict[str, Any]:
    """Edits that give the first action 30 hours a week: over the persona's budget of 5."""
    stages = [dict(stage, actions=[dict(action) for action in stage["actions"]]) for stage in plan["stages"]]
    stages[0]["actions"][0]["hours_per_week"] = 30
    return {"stages": stages}


async def test_the_inbox_says_whose_what_since_when_and_how_many_guard_issues(api: InProcessApi) -> None:
    _, view = await _to_plan_review(api)
    _, coach = await api.user("coach", "Cora")
    [item] = (await coach.get("/v1/inbox")).json()
    assert item["owner_name"] == "Ada" and item["kind"] == "plan_review"
    assert item["interrupt_id"] == view["pending"]["id"] and item["waiting_since"] == view["updated_at"]
    summary = view["plan"]["summary"]
    assert item["summary"] == (summary if len(summary) <= 160 else summary[:159] + "…")
    assert (item["issue_count"], item["error_count"]) == (0, 0)

    edited = await coach.post(f"/v1/sessions/{view['id']}/resume", json={
        "interrupt_id": view["pending"]["id"], "action": "edit", "edits": _over_budget(view["plan"])})
    assert edited.status_code == 200, edited.text
    issues = edited.json()["pending"]["review"]["issues"]
    assert any(i["check"] == "budget" and i["severity"] == "error" for i in issues)
    [item] = (await coach.get("/v1/inbox")).json()
    assert item["issue_count"] == len(issues)
    assert item["error_count"] == sum(i["severity"] == "error" for i in issues) >= 1


async def test_the_inbox_describes_an_assessment_by_its_best_match(api: InProcessApi) -> None:
    _, owner = await api.user("coachee", "Ada")
    view = (await owner.post("/v1/sessions")).json()
    while view["pending"]["kind"] in ("question", "profile_review"):
        view = (await owner.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))).json()
    [item] = (await owner.get("/v1/inbox")).json()
    best = view["assessment"]["role_matches"][0]
    assert item["kind"] == "assessment_review"
    assert item["summary"] == f"{best['name']} ({round(best['confidence'] * 100)}%)"


async def test_the_reviews_carry_what_the_page_builds_its_controls_from(api: InProcessApi) -> None:
    """The profile review's editors come from the draft's JSON Schema and the choices; the role picker from roles."""
    _, owner = await api.user()
    view = (await owner.post("/v1/sessions")).json()
    while view["pending"]["kind"] == "question":
        view = (await owner.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))).json()
    pending = view["pending"]
    assert view["status"] == "confirming" and pending["kind"] == "profile_review"
    properties = pending["review_configs"][0]["args_schema"]["properties"]
    assert pending["understood"] and all(line["field"] in properties for line in pending["understood"])
    assert set(pending["choices"]) <= set(properties)
    assert all(option.keys() == {"value", "label"} for options in pending["choices"].values() for option in options)

    view = (await owner.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(pending))).json()
    roles = view["pending"]["roles"]
    assert view["pending"]["kind"] == "assessment_review" and roles[-1] == {"value": "none", "label": "None of these"}
    assert {match["role_id"] for match in view["assessment"]["role_matches"]} <= {role["value"] for role in roles}


async def test_plan_versions_oldest_first_for_the_diff(api: InProcessApi) -> None:
    owner, view = await _to_plan_review(api)
    sid, first = view["id"], view["plan"]
    versions = (await owner.get(f"/v1/sessions/{sid}/plan/versions")).json()
    assert [(v["number"], v["status"], v["interrupt_id"]) for v in versions] == [(1, "draft", view["pending"]["id"])]
    assert versions[0]["plan"] == first

    edited = (await owner.post(f"/v1/sessions/{sid}/resume", json={
        "interrupt_id": view["pending"]["id"], "action": "edit", "edits": _over_budget(first)})).json()
    rejected = (await owner.post(f"/v1/sessions/{sid}/resume", json={
        "interrupt_id": edited["pending"]["id"], "action": "reject", "feedback": "Keep it within 5 hours"})).json()
    done = (await owner.post(f"/v1/sessions/{sid}/resume", json={
        "interrupt_id": rejected["pending"]["id"], "action": "approve"})).json()
    assert done["status"] == "completed"

    versions = (await owner.get(f"/v1/sessions/{sid}/plan/versions")).json()
    assert [(v["number"], v["status"]) for v in versions] == [(1, "draft"), (2, "edited"), (3, "draft"),
                                                             (4, "approved")]
    assert versions[1]["plan"]["stages"][0]["actions"][0]["hours_per_week"] == 30
    assert versions[-1]["plan"] == done["plan"] and versions[-1]["interrupt_id"] is None
    latest = (await owner.get(f"/v1/sessions/{sid}/plan/versions", params={"limit": 2})).json()
    assert [v["number"] for v in latest] == [3, 4]

    _, stranger = await api.user("coachee")
    assert (await stranger.get(f"/v1/sessions/{sid}/plan/versions")).status_code == 404
    assert (await owner.get("/v1/sessions/nope/plan/versions")).json()["code"] == "not_found"


async def test_session_list_with_totals_from_the_span_store(api: InProcessApi) -> None:
    owner, view = await _to_plan_review(api)
    _, coach = await api.user("coach")
    plain = (await owner.get("/v1/sessions")).json()
    assert plain[0]["owner_name"] == "Ada" and plain[0]["usage"] is None

    [listed] = (await coach.get("/v1/sessions", params={"usage": "true"})).json()
    usage = listed["usage"]
    traces = (await coach.get(f"/v1/sessions/{view['id']}/traces")).json()
    assert usage["trace_count"] == len(traces) == view["version"]
    assert usage["span_count"] == sum(t["span_count"] for t in traces)
    assert usage["error_count"] == 0 and usage["run_ms"] > 0
    assert usage["run_ms"] <= sum(t["duration_ms"] for t in traces) + 1e-6

    fresh = (await (await api.user("coachee"))[1].post("/v1/sessions")).json()
    rows = {row["id"]: row for row in (await coach.get("/v1/sessions", params={"usage": "true"})).json()}
    assert rows[fresh["id"]]["usage"]["trace_count"] == 1


async def test_the_session_view_carries_the_interview_so_far(api: InProcessApi) -> None:
    _, owner = await api.user()
    view = (await owner.post("/v1/sessions")).json()
    assert view["transcript"] == []
    pending = view["pending"]
    view = (await owner.post(f"/v1/sessions/{view['id']}/resume", json={
        "interrupt_id": pending["id"], "answer": "QA engineer at a fintech"})).json()
    [turn] = view["transcript"]
    assert turn["question"] == pending["prompt"] and turn["answer"] == "QA engineer at a fintech"
    assert turn["counted"] is True and turn["field"] == "current_role"


async def test_info_names_the_caller_and_the_servers_settings(api: InProcessApi) -> None:
    _, coach = await api.user("coach", "Cora")
    info = (await coach.get("/v1/info")).json()
    assert info["user"]["name"] == "Cora" and info["user"]["role"] == "coach"
    assert info["engine"] == "knowledge" and info["require_coach_review"] is False
    assert info["limits"]["answer_chars"] == 4000 and info["traces_url"] is None
    assert (await api.client().get("/v1/info")).status_code == 401


async def test_info_links_the_configured_trace_backend(tmp_path: Any, kb: KnowledgeBase) -> None:
    settings = load_settings(data_dir=tmp_path / "coach", traces_ui_url="http://127.0.0.1:6006/projects")
    async with running_api(settings, kb=kb) as api:
        info = (await api.client(api.admin_key).get("/v1/info")).json()
    assert info["traces_url"] == "http://127.0.0.1:6006/projects"


def test_the_otlp_backend_is_the_origin_of_the_otlp_endpoint() -> None:
    assert otlp_origin(load_settings(otlp_endpoint="http://127.0.0.1:6006/v1/traces"), {}) == "http://127.0.0.1:6006/"
    assert otlp_origin(load_settings(), {"OTEL_EXPORTER_OTLP_ENDPOINT": "https://otel.example:4318"}) == \
        "https://otel.example:4318/"
    assert otlp_origin(load_settings(), {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://h:4318/v1/traces"}) == \
        "http://h:4318/"
    assert otlp_origin(load_settings(), {}) is None
    assert otlp_origin(load_settings(otlp_endpoint="not a url"), {}) is None
