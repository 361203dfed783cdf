"""The approved plan as a calendar file through the HTTP API, in-process: a whole session, then the file parsed back."""

from __future__ import annotations

from datetime import timedelta

from dateutil.rrule import rrulestr
from icalendar import Calendar

from evals.http import resume_body
from evals.personas import QA_ENGINEER
from tests.apitest.inprocess import InProcessApi

FREE_ON_TUESDAYS_AND_THURSDAYS = QA_ENGINEER.model_copy(update={"answers": {
    **QA_ENGINEER.answers, "hours_per_week": "about 5 hours a week, tuesday and thursday evenings",
    "constraints": "none"}})


async def test_an_approved_plan_comes_as_a_calendar_of_the_times_said(api: InProcessApi) -> None:
    _, owner = await api.user("coachee", "owner")
    _, other = await api.user("coachee", "other")
    _, coach = await api.user("coach")
    view = (await owner.post("/v1/sessions")).json()
    sid, ics = view["id"], {"format": "ics"}
    missing = await owner.get(f"/v1/sessions/{sid}/plan", params=ics)
    assert missing.status_code == 404 and missing.json()["detail"] == "this session has no plan yet"

    while view["pending"]["kind"] != "plan_review":
        body = resume_body(view["pending"], FREE_ON_TUESDAYS_AND_THURSDAYS)
        view = (await owner.post(f"/v1/sessions/{sid}/resume", json=body)).json()
    draft = await owner.get(f"/v1/sessions/{sid}/plan", params=ics)
    assert draft.status_code == 409 and draft.json()["code"] == "conflict"
    assert draft.json()["detail"].startswith("the plan is not approved yet")
    assert view["profile"]["hours_pattern"] == "tuesday and thursday evenings"

    final = (await owner.post(f"/v1/sessions/{sid}/resume", json=resume_body(view["pending"]))).json()
    assert final["status"] == "completed"
    response = await owner.get(f"/v1/sessions/{sid}/plan", params=ics)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == f'attachment; filename="career-plan-{sid}.ics"'
    assert (await coach.get(f"/v1/sessions/{sid}/plan", params=ics)).content == response.content
    assert (await other.get(f"/v1/sessions/{sid}/plan", params=ics)).status_code == 404

    events = list(Calendar.from_ical(response.content).walk("VEVENT"))
    actions = [a for s in final["plan"]["stages"] for a in s["actions"]]
    assert [str(e["SUMMARY"]) for e in events] == [a["title"] for a in actions]
    for action, event in zip(actions, events, strict=True):
        days = [str(d) for d in event["RRULE"]["BYDAY"]]
        assert set(days) <= {"TU", "TH"} and event.start.strftime("%H:%M") >= "19:00"
        weekly = event.duration * len(days)
        assert abs(weekly - timedelta(hours=action["hours_per_week"])) <= timedelta(minutes=2.5 * len(days))
        dates = list(rrulestr(f"RRULE:{event['RRULE'].to_ical().decode()}", dtstart=event.start))
        assert len(dates) == action["duration_weeks"] * len(days)
        assert {d.strftime("%a") for d in dates} <= {"Tue", "Thu"}
