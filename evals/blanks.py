"""A session sent nothing but blank answers: how many it takes before the interview moves on to the assessment,
and how large its checkpoints grow meanwhile (each run stores the conversation so far, so growth per answer
adds up)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from sessions.checkpointer import CHECKPOINT_FILE


@dataclass(frozen=True)
class BlankRun:
    session_id: str
    answers: int
    """Blank answers the session took before it stopped asking questions (or `sent`, if it never did)."""
    reached: str
    """The kind of interrupt pending at the end: no longer a question once the interview is over."""
    checkpoint_bytes: int
    seconds: float


def checkpoint_bytes(data_dir: Path) -> int:
    """The SQLite checkpoint file's size with its write-ahead log."""
    return sum(path.stat().st_size for path in data_dir.glob(f"{CHECKPOINT_FILE}*"))


async def blank_session(client: httpx.AsyncClient, *, sent: int, checkpoints: Path) -> BlankRun:
    """Start a session and answer each question it asks with an empty string, at most `sent` times."""
    started = time.perf_counter()
    view = (await client.post("/v1/sessions")).json()
    answers = 0
    while answers < sent and view["pending"] is not None and view["pending"]["kind"] == "question":
        response = await client.post(f"/v1/sessions/{view['id']}/resume",
                                     json={"interrupt_id": view["pending"]["id"], "answer": ""})
        response.raise_for_status()
        view = response.json()
        answers += 1
    reached = view["pending"]["kind"] if view["pending"] is not None else view["status"]
    return BlankRun(session_id=view["id"], answers=answers, reached=reached,
                    checkpoint_bytes=checkpoint_bytes(checkpoints), seconds=time.perf_counter() - started)
