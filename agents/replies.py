"""Where an interrupting node gets its resume value: the chat message the thread received while the session waited
(sent as new input by a chat client, and handed over by the graph's entry), or else `interrupt()`'s - and what it
does with an answer: reported, kept as the conversation's message, or not taken and asked again."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage
from langgraph.types import interrupt

from domain.conversation import answer_message
from domain.resumes import ResumeError
from domain.state import CoachState
from observability.events import DecisionReport, report_decision


def reply_to(state: CoachState, payload: dict[str, Any]) -> Any:
    """The resume value for `payload`. Above it the caller only reads state, so re-running the node is harmless; its
    update clears `chat` (one message answers one interrupt)."""
    chat = state["chat"]
    return chat.as_resume() if chat is not None else interrupt(payload)


def replied(state: CoachState) -> dict[str, Any]:
    """The update every reply makes, taken or not: one more interrupt put, and the chat message used up."""
    return {"interrupts": state["interrupts"] + 1, "chat": None}


def not_taken(kind: str, interrupt_id: str, error: ResumeError, update: dict[str, Any]) -> dict[str, Any]:
    """A reply that is no answer, reported; the update that puts the question again saying why."""
    report_decision(DecisionReport(interrupt_id=interrupt_id, kind=kind, action="invalid", error=str(error)))
    return update | {"resume_error": str(error)}


def answer_kept(state: CoachState, kind: str, interrupt_id: str, words: str, *, chars: int) -> HumanMessage:
    """An answer taken, reported (`chars` long as received); its message in the conversation, under the chat
    message's own id when it came as one."""
    report_decision(DecisionReport(interrupt_id=interrupt_id, kind=kind, action="answer", answer_chars=chars))
    chat = state["chat"]
    return answer_message(interrupt_id, words, message_id=chat.message_id if chat else None)
