"""Where an interrupting node gets its resume value: the chat message the thread received while the session waited
(sent as new input by a chat client, and handed over by the graph's entry), or else `interrupt()`'s."""

from __future__ import annotations

from typing import Any

from langgraph.types import interrupt

from domain.state import CoachState


def reply_to(state: CoachState, payload: dict[str, Any]) -> Any:
    """The resume value for `payload`. Above it the caller only reads state, so re-running the node is harmless; its
    update clears `chat` (one message answers one interrupt)."""
    chat = state["chat"]
    return chat.as_resume() if chat is not None else interrupt(payload)
