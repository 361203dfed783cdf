"""An interview is bounded: a question that got no answer that counts (blank answers included, which cost no
question slot) is asked again at most three times, then the interview moves on with the field marked as not
answered (`tests/unit/graph/test_nodes.py` has the node alone); a session sent nothing but blank answers reaches
its assessment, and its checkpoints stay small."""

from __future__ import annotations

from pathlib import Path

from domain.interview import MAX_REASKS
from evals.blanks import blank_session
from knowledge.base import KnowledgeBase
from settings import Limits, load_settings
from tests.apitest.inprocess import running_api


async def test_blank_answers_alone_end_the_interview_with_small_checkpoints(tmp_path: Path,
                                                                           kb: KnowledgeBase) -> None:
    settings = load_settings(data_dir=tmp_path / "coach", limits=Limits(resumes="100000/minute"))
    async with running_api(settings, kb=kb) as api:
        _, owner = await api.user()
        run = await blank_session(owner, sent=300, checkpoints=settings.data_dir)
        assert run.reached == "profile_review", run  # the interview is over: the person checks what it understood
        limit = api.runtime.settings.limits.max_questions
        assert run.answers <= (MAX_REASKS + 1) * limit, run
        assert run.checkpoint_bytes < 4 * 1024 * 1024, run
        history = await owner.get(f"/v1/sessions/{run.session_id}/history", params={"limit": 200})
        assert history.status_code == 200 and len(history.json()) <= run.answers + 2
