"""Drive a session through the HTTP API, answering what the API asks with a persona's answers."""

from __future__ import annotations

import json
from typing import Any

import httpx

from evals.personas import QA_ENGINEER
from graphs.driver import SessionScript


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def resume_body(pending: dict[str, Any], script: SessionScript = QA_ENGINEER) -> dict[str, Any]:
    """The resume a script gives to a pending interrupt: its answer to a question, approval of a review."""
    if pending["kind"] == "question":
        return {"interrupt_id": pending["id"], "answer": script.answer_for(pending["field"], pending["attempt"])}
    return {"interrupt_id": pending["id"], "action": "approve"}


async def drive(client: httpx.AsyncClient, view: dict[str, Any], script: SessionScript = QA_ENGINEER,
                max_steps: int = 30) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Resume until nothing is pending; returns the last view and every interrupt answered."""
    answered: list[dict[str, Any]] = []
    for _ in range(max_steps):
        pending = view["pending"]
        if pending is None:
            return view, answered
        response = await client.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(pending, script))
        assert response.status_code == 200, response.text
        answered.append(pending)
        view = response.json()
    raise AssertionError(f"session {view['id']} still pending after {max_steps} resumes")


def parse_sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(event, data) pairs of a text/event-stream body."""
    events: list[tuple[str, dict[str, Any]]] = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        event, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
        if data:
            events.append((event, json.loads("\n".join(data))))
    return events
