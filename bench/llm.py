"""The LLM engine on the embedded model (llama.cpp's server from xllamacpp + SmolLM2-135M Q4_1, CPU): time to
first question, LLM calls and tokens per completed session, and whole-session wall time.

Run: make install-local-llm && uv run python bench/llm.py [--sessions 1]
In-process API with COACH_LLM_LOCAL semantics (the server starts with the app). Calls and tokens are read off
the session's traces (`chat` spans). The tiny model's drafts mostly fail the guards: the figures include the
bounded revisions that follow.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from api.app import create_app  # noqa: E402
from bench.harness import PERSONA  # noqa: E402
from sessions.bootstrap import IssuedKey  # noqa: E402
from settings import load_settings  # noqa: E402

TIMEOUT_S = 900


def _chat_spans(node: dict[str, Any]) -> int:
    return int(node["name"].startswith("chat ")) + sum(_chat_spans(child) for child in node["children"])


async def one_session(client: httpx.AsyncClient) -> dict[str, float]:
    started = time.perf_counter()
    view = (await client.post("/v1/sessions")).raise_for_status().json()
    first_question = time.perf_counter() - started
    while (pending := view["pending"]) is not None:
        if pending["kind"] == "question":
            body = {"interrupt_id": pending["id"], "answer": PERSONA.answer_for(pending["field"], pending["attempt"])}
        else:
            # The tiny model's drafts often keep guard errors after the bounded revisions; approving them takes an
            # acknowledgement, or the checkpoint asks again.
            open_errors = any(issue["severity"] == "error" for issue in (pending["review"] or {}).get("issues", []))
            body = {"interrupt_id": pending["id"], "action": "approve", "acknowledge": open_errors}
        view = (await client.post(f"/v1/sessions/{view['id']}/resume", json=body)).raise_for_status().json()
    wall = time.perf_counter() - started
    if view["status"] != "completed":
        raise RuntimeError(f"session ended {view['status']}: {view.get('error')}")
    traces = (await client.get(f"/v1/sessions/{view['id']}/traces")).raise_for_status().json()
    trees = [(await client.get(f"/v1/traces/{t['trace_id']}")).raise_for_status().json() for t in traces]
    return {"first_question_s": first_question, "wall_s": wall, "calls": sum(_chat_spans(t) for t in trees),
            "tokens_in": sum(t["input_tokens"] for t in traces), "tokens_out": sum(t["output_tokens"] for t in traces)}


async def main(sessions: int) -> None:
    with tempfile.TemporaryDirectory(prefix="coach-bench-llm-") as data_dir:
        settings = load_settings(data_dir=Path(data_dir), llm_local=True)
        keys: list[IssuedKey] = []
        app = create_app(settings, on_admin_key=keys.append)
        boot = time.perf_counter()
        async with app.router.lifespan_context(app):
            print(f"app + embedded model server up in {time.perf_counter() - boot:.1f} s")
            headers = {"Authorization": f"Bearer {keys[0].token}"}
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench",
                                         headers=headers, timeout=TIMEOUT_S) as client:
                results = [await one_session(client) for _ in range(sessions)]
    print(f"LLM bench: SmolLM2-135M-Instruct Q4_1 on llama.cpp (xllamacpp, 1 CPU thread), {sessions} session(s), "
          f"max {settings.limits.max_questions} questions, max {settings.limits.max_revisions} revisions")
    for key, label in [("first_question_s", "time to first question (s)"), ("calls", "LLM calls per session"),
                       ("tokens_in", "input tokens per session"), ("tokens_out", "output tokens per session"),
                       ("wall_s", "whole-session wall time (s)")]:
        values = [r[key] for r in results]
        print(f"  {label:<30} {statistics.median(values):10.1f}" + (f"  (min {min(values):.1f}, max {max(values):.1f})"
                                                                    if len(values) > 1 else ""))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=1)
    asyncio.run(main(parser.parse_args().sessions))
