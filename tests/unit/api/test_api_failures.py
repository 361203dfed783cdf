"""A failing agent marks the session failed with a classified failure; retry continues from the last checkpoint."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from agents.deps import AgentDeps, AssessorEngine
from agents.engine import Drafted
from agents.engines import build_deps
from domain.assessment import Assessment
from domain.interview import AskedQuestion
from domain.profile import Extraction, Profile
from evals.http import drive, resume_body
from knowledge.base import KnowledgeBase
from sessions import crud
from settings import load_settings
from tests.apitest.inprocess import running_api


class BrokenAssessor:
    """The real assessor, except that `assess` raises `error` until `fixed`."""

    def __init__(self, inner: AssessorEngine, error: Exception | None = None) -> None:
        self.inner = inner
        self.error = error or ConnectionError("the assessment model is unreachable")
        self.fixed = False
        self.calls = 0

    def extract(self, asked: AskedQuestion, answer: str, profile: Profile) -> Drafted[Extraction]:
        return self.inner.extract(asked, answer, profile)

    def assess(self, profile: Profile, feedback: str | None = None) -> Drafted[Assessment]:
        self.calls += 1
        if not self.fixed:
            raise self.error
        return self.inner.assess(profile, feedback)


def _broken_deps(tmp_path: Path, kb: KnowledgeBase, error: Exception | None = None
                 ) -> tuple[Any, AgentDeps, BrokenAssessor]:
    settings = load_settings(data_dir=tmp_path / "coach")
    deps = build_deps(settings, kb)
    assessor = BrokenAssessor(deps.assessor, error)
    return settings, dataclasses.replace(deps, assessor=assessor), assessor


async def test_failure_then_retry(tmp_path: Path, kb: KnowledgeBase) -> None:
    settings, deps, assessor = _broken_deps(tmp_path, kb)
    async with running_api(settings, kb=kb, deps=deps) as api:
        _, owner = await api.user()
        view = (await owner.post("/v1/sessions")).json()
        sid = view["id"]
        while view["status"] != "failed":
            response = await owner.post(f"/v1/sessions/{sid}/resume", json=resume_body(view["pending"]))
            assert response.status_code == 200
            view = response.json()

        assert view["error"]["code"] == "retryable" and "retry" in view["error"]["message"]
        assert "ConnectionError" not in json.dumps(view)  # class names go to logs and traces, not to clients
        assert view["pending"] is None and view["running"] is False
        assert view["profile"]["current_role"] == "QA engineer at a fintech"  # the interview's answers are kept
        failed_version = view["version"]
        stale = await owner.post(f"/v1/sessions/{sid}/resume", json={"interrupt_id": "i8-question", "answer": "x"})
        assert stale.status_code == 409 and "retry" in stale.json()["detail"]
        assert (await owner.get("/v1/sessions")).json()[0]["status"] == "failed"

        still_broken = (await owner.post(f"/v1/sessions/{sid}/retry")).json()
        assert still_broken["status"] == "failed" and still_broken["version"] == failed_version + 1

        assessor.fixed = True
        resumed = await owner.post(f"/v1/sessions/{sid}/retry")
        assert resumed.status_code == 200
        after = resumed.json()
        assert after["status"] == "awaiting_review" and after["error"] is None
        assert after["pending"]["kind"] == "assessment_review" and after["assessment"] is not None
        assert assessor.calls == 3
        assert (await owner.post(f"/v1/sessions/{sid}/retry")).status_code == 409  # nothing left to retry

        final, _ = await drive(owner, after)
        assert final["status"] == "completed"


async def test_an_internal_fault_is_classified_without_its_internals(tmp_path: Path, kb: KnowledgeBase) -> None:
    settings, deps, _ = _broken_deps(tmp_path, kb, AssertionError("invariant x broke in node y"))
    async with running_api(settings, kb=kb, deps=deps) as api:
        _, owner = await api.user()
        view = (await owner.post("/v1/sessions")).json()
        while view["status"] != "failed":
            view = (await owner.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))).json()
        assert view["error"]["code"] == "internal" and "session id" in view["error"]["message"]
        assert "AssertionError" not in json.dumps(view) and "invariant" not in json.dumps(view)
        listed = (await owner.get("/v1/sessions")).json()[0]
        assert listed["error"] == view["error"]


async def test_a_run_cut_off_by_a_crash_is_settled(tmp_path: Path, kb: KnowledgeBase) -> None:
    settings = load_settings(data_dir=tmp_path / "coach")
    async with running_api(settings, kb=kb) as api:
        owner_key, owner = await api.user()
        view = (await owner.post("/v1/sessions")).json()
        sid = view["id"]
        # As if the server died after claiming a resume (decision written) and before the graph moved on.
        async with api.runtime.database.transaction() as db:
            row = await crud.get_session(db=db, session_id=sid)
            assert row is not None and await crud.claim_session(db=db, row=row)
            await crud.add_decision(db=db, session_id=sid, interrupt_id="i1-question", kind="question",
                                    action="answer", actor=owner_key.user)
    async with running_api(settings, kb=kb) as restarted:  # settles it at start-up: its process is gone
        owner = restarted.client(owner_key.token)
        settled = (await owner.get(f"/v1/sessions/{sid}")).json()
        assert settled["running"] is False and settled["pending"]["id"] == "i1-question"
        async with restarted.runtime.database.sessions() as db:
            assert await crud.list_decisions(db=db, session_id=sid) == []  # its run died: not applied

        response = await owner.post(f"/v1/sessions/{sid}/resume", json=resume_body(view["pending"]))
        assert response.status_code == 200, response.text
        assert response.json()["pending"]["id"] == "i2-question" and response.json()["running"] is False
        async with restarted.runtime.database.sessions() as db:
            decisions = await crud.list_decisions(db=db, session_id=sid)
        assert [(d.interrupt_id, d.actor_id) for d in decisions] == [("i1-question", owner_key.user.id)]


async def test_a_writer_behind_the_runners_back_loses(tmp_path: Path, kb: KnowledgeBase) -> None:
    """Another process wrote the row: this process's claim on its remembered row fails its compare-and-set, so it
    reads the row, checks the request against it again and applies it once; a request the row refuses is a 409."""
    settings = load_settings(data_dir=tmp_path / "coach")
    async with running_api(settings, kb=kb) as api:
        _, owner = await api.user()
        view = (await owner.post("/v1/sessions")).json()
        async with api.runtime.database.transaction() as db:
            row = await crud.get_session(db=db, session_id=view["id"])
            assert row is not None and await crud.claim_session(db=db, row=row)
            assert await crud.finish_run(db=db, row=row, status="interviewing", pending_id="i1-question",
                                         pending_kind="question", error=None, error_code=None, traceparent=None)
        body = resume_body(view["pending"])
        applied = await owner.post(f"/v1/sessions/{view['id']}/resume", json=body)
        assert applied.status_code == 200 and applied.json()["version"] == view["version"] + 2
        again = await owner.post(f"/v1/sessions/{view['id']}/resume", json=body)
        assert again.status_code == 409 and again.json()["pending"]["id"] == applied.json()["pending"]["id"]
        assert await api.decision_ids(view["id"]) == [body["interrupt_id"]]


class PoisonedReader:
    """The real assessor, except that reading one particular answer fails every time (as a value no profile could
    hold once did): a failure a retry repeats, which only a different answer gets past."""

    POISON = "an answer this reader always fails on"

    def __init__(self, inner: AssessorEngine) -> None:
        self.inner = inner
        self.reads = 0

    def extract(self, asked: AskedQuestion, answer: str, profile: Profile) -> Drafted[Extraction]:
        self.reads += 1
        if answer == self.POISON:
            raise ValueError("a value no profile can hold")
        return self.inner.extract(asked, answer, profile)

    def assess(self, profile: Profile, feedback: str | None = None) -> Drafted[Assessment]:
        return self.inner.assess(profile, feedback)


async def test_an_input_that_always_fails_can_be_replaced_by_another(tmp_path: Path, kb: KnowledgeBase) -> None:
    settings = load_settings(data_dir=tmp_path / "coach")
    base = build_deps(settings, kb)
    deps = dataclasses.replace(base, assessor=PoisonedReader(base.assessor))
    async with running_api(settings, kb=kb, deps=deps) as api:
        _, owner = await api.user()
        view = (await owner.post("/v1/sessions")).json()
        sid, asked = view["id"], view["pending"]["id"]
        failed = (await owner.post(f"/v1/sessions/{sid}/resume",
                                   json={"interrupt_id": asked, "answer": PoisonedReader.POISON})).json()
        assert failed["status"] == "failed" and failed["pending_id"] == asked, failed
        again = (await owner.post(f"/v1/sessions/{sid}/retry")).json()
        assert again["status"] == "failed", "a retry replays the same input, and fails the same way"

        other = await owner.post(f"/v1/sessions/{sid}/resume", json={"interrupt_id": "i99-question", "answer": "x"})
        assert other.status_code == 409 and asked in other.json()["detail"], "only the failed interrupt is taken"
        replaced = await owner.post(f"/v1/sessions/{sid}/resume",
                                    json={"interrupt_id": asked, "answer": "QA engineer at a fintech"})
        assert replaced.status_code == 200, replaced.text
        moved = replaced.json()
        assert moved["status"] != "failed" and moved["error"] is None and moved["pending"]["id"] != asked, moved
        assert moved["profile"]["current_role"] == "QA engineer at a fintech"
        async with api.runtime.database.sessions() as db:
            decisions = await crud.list_decisions(db=db, session_id=sid)
        assert [d.interrupt_id for d in decisions] == [asked], "one decision for the interrupt: the answer taken"
        final, _ = await drive(owner, moved)
        assert final["status"] == "completed"
