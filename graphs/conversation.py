"""The session as a conversation, for chat clients (Agent Chat UI, Studio's chat view) and inboxes (Agent Inbox).

- `announce` runs before every pause: an AI message saying what the pending interrupt asks (the question, an
  interview's or a check-in's, or the draft under review in words, with the checks' findings), under the
  interrupt's own id, so a chat client draws the interrupt's widget under it. The message is the human-in-the-loop
  request's `description`, word for word.
- `inbox` is the graph's entry. A run that starts with new input on a thread waiting at an interrupt (what a chat
  client sends when a person types in its composer) is not a new session: the message goes to the waiting interrupt
  as its resume value (`ChatReply`); a run with no new message asks the pending interrupt again. Only a new thread,
  or a message that asks for nothing but a restart ("start over"), starts from the beginning; a finished session
  says so and stays as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage
from langgraph.types import Command

from agents.assessor.node import question_payload
from agents.assessor.returning import is_returning
from agents.deps import AgentDeps
from domain.conversation import interrupt_message
from domain.failures import StateError
from domain.interrupts import AnyInterrupt
from domain.replies import is_restart
from domain.resumes import ChatReply
from domain.state import CoachState
from graphs.checkin import checkin_payload
from graphs.checkpoints import assessment_payload, plan_payload, profile_payload

Pending = Literal["ask", "checkin_ask", "profile_review", "assessment_review", "plan_review"]
Entry = Literal["intake", "checkin_start", "announce", "interview", "assess", "plan", "__end__"]
COMPLETED = ("This session is complete: your plan is approved. To begin a new session, open a new thread, or send "
             "\"start over\" here.")
OWN_IDS = ("-answer", "-decision")
"""Suffixes of the ids of human messages the graph writes itself (notes of answers and decisions)."""


def pending_checkpoint(state: Mapping[str, Any]) -> Pending | None:
    """The checkpoint a session waits at (or will, once announced), read from its state; None when no person is
    awaited (a fresh thread, a finished session, or an agent's step that did not complete)."""
    phase = state.get("phase")
    if phase == "interviewing" and state.get("asked") is not None:
        return "ask"
    if phase == "interviewing" and (checkin := state.get("checkin")) is not None and not checkin.finished:
        return "checkin_ask"
    if phase == "confirming":
        return "profile_review"
    if phase == "awaiting_review":
        return "plan_review" if state.get("plan") is not None else "assessment_review"
    return None


def _payload(pending: Pending, state: CoachState, deps: AgentDeps) -> AnyInterrupt:
    builders: dict[Pending, Callable[[CoachState, AgentDeps], AnyInterrupt]] = {
        "ask": question_payload, "checkin_ask": checkin_payload, "profile_review": profile_payload,
        "assessment_review": assessment_payload, "plan_review": plan_payload}
    return builders[pending](state, deps)


def announce(state: CoachState, deps: AgentDeps) -> Command[Pending]:
    """Say what the pending interrupt asks, as an AI message under its id; then pause there."""
    pending = pending_checkpoint(state)
    if pending is None:
        raise StateError(f"nothing to announce: no question or draft awaits a person in phase {state['phase']!r}")
    payload = _payload(pending, state, deps)
    said = payload.action_requests[0].description
    return Command(goto=pending, update={"messages": [interrupt_message(payload.id, said)]})


def _text(message: AnyMessage) -> str:
    """A message's text: its content, or the text blocks of a content list (as Agent Chat UI sends it)."""
    if isinstance(message.content, str):
        return message.content
    return "\n".join(str(b.get("text", "")) if isinstance(b, dict) else str(b) for b in message.content).strip()


def new_message(messages: Sequence[AnyMessage]) -> ChatReply | None:
    """The person's new words: the human messages after the last AI message that the graph did not write itself."""
    trailing: list[AnyMessage] = []
    for message in reversed(messages):
        if isinstance(message, AIMessage):
            break
        if isinstance(message, HumanMessage) and not str(message.id or "").endswith(OWN_IDS):
            trailing.insert(0, message)
    if not trailing:
        return None
    return ChatReply(text="\n".join(_text(m) for m in trailing), message_id=trailing[-1].id)


def _asks_what_changed(state: CoachState) -> bool:
    """A returning person's session waits at its first question, or at a profile review that holds what was
    remembered: a restart there drops what was remembered (restarting the session would only recall it again)."""
    pending = pending_checkpoint(state)
    return (pending == "ask" and is_returning(state.get("asked"))) or (
        pending == "profile_review" and state.get("remembered") is not None)


def inbox(state: CoachState) -> Command[Entry]:
    """Where a run that starts with input goes (see the module's docstring)."""
    chat = new_message(state.get("messages") or [])
    if chat is not None and is_restart(chat.text) and _asks_what_changed(state):
        return Command(goto="announce", update={"chat": chat})  # "start over" there is an answer: start afresh
    if state.get("phase") is None or (chat is not None and is_restart(chat.text)):
        return Command(goto="checkin_start" if state.get("follows") else "intake")  # a check-in follows a plan
    if state["phase"] == "completed":
        said = [AIMessage(content=COMPLETED, id=f"completed-{chat.message_id}")] if chat else []
        return Command(goto="__end__", update={"messages": said})  # END
    pending = pending_checkpoint(state)
    if pending is not None:
        return Command(goto="announce", update={"chat": chat})
    unfinished: dict[str, Entry] = {"interviewing": "interview", "assessing": "assess", "planning": "plan"}
    goto: Entry = unfinished.get(state["phase"], "intake")
    return Command(goto=goto)
