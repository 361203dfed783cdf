"""A whole session over HTTP on the embedded model (`coach serve` with COACH_LLM_LOCAL=true).

SmolLM2-135M proves the LLM path end to end offline; it does not write good plans. What must hold: every draft
the API shows is schema-valid, the guards' findings come with it, and the session completes after approval.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from domain.assessment import Assessment
from domain.plan import Plan
from domain.review import Review
from evals.http import bearer
from evals.personas import QA_ENGINEER
from localmodel import LocalModelUnavailable, locate_model, require_server
from tests.apitest.server import Server, coach_serve

pytestmark = [pytest.mark.integration, pytest.mark.local_llm]
LLM_TIMEOUT_S = 600


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    try:
        require_server()
        locate_model()
    except LocalModelUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI installs the local model extra (make test), yet it is unavailable: {exc}")
        pytest.skip(f"local model extra not installed: {exc}")
    data_dir: Path = tmp_path_factory.mktemp("llm") / "data"
    env = {"COACH_LLM_LOCAL": "true", "COACH_LIMIT_MAX_QUESTIONS": "4", "COACH_LIMIT_MAX_REVISIONS": "0"}
    with coach_serve(data_dir, env=env) as servers:
        yield servers[0]


def test_a_whole_session_on_the_embedded_model(server: Server) -> None:
    with httpx.Client(base_url=server.url, headers=bearer(server.admin_key), timeout=LLM_TIMEOUT_S) as client:
        view = client.post("/v1/sessions").json()
        kinds: list[str] = []
        while (pending := view["pending"]) is not None:
            kinds.append(pending["kind"])
            if pending["kind"] == "question":
                body = {"interrupt_id": pending["id"],
                        "answer": QA_ENGINEER.answer_for(pending["field"], pending["attempt"])}
            elif pending["kind"] == "profile_review":
                body = {"interrupt_id": pending["id"], "action": "approve"}
            else:
                review = Review.model_validate(pending["review"])
                model = Assessment if pending["kind"] == "assessment_review" else Plan
                model.model_validate(pending["draft"])  # whatever the tiny model wrote, the document is valid
                open_errors = any(i.severity == "error" for i in review.issues)  # a tiny model's drafts may have some
                body = {"interrupt_id": pending["id"], "action": "approve", "acknowledge": open_errors}
            response = client.post(f"/v1/sessions/{view['id']}/resume", json=body)
            assert response.status_code == 200, response.text
            view = response.json()
        assert view["status"] == "completed", view.get("error")
        assert kinds.count("question") <= 4 and kinds[-2:] == ["assessment_review", "plan_review"]
        Plan.model_validate(view["plan"])
        traces = client.get(f"/v1/sessions/{view['id']}/traces").json()
        assert sum(t["input_tokens"] for t in traces) > 0, "chat spans carry the model's token counts"
