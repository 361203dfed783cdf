"""The `messages` channel's questions: each question the interview chooses goes out as an AI message at once, so a
chat client shows it while the graph waits for the answer (the answer and the review notes are written by the nodes
that receive them)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from agents.deps import AgentDeps
from domain.conversation import question_message
from domain.state import CoachState, interrupt_id

Node = Callable[[CoachState, AgentDeps], dict[str, Any]]


def announcing_questions(node: Node) -> Node:
    """`node`, with an AI message for the question it leaves pending (the id of the interrupt that will ask it)."""

    @wraps(node)
    def run(state: CoachState, deps: AgentDeps) -> dict[str, Any]:
        update = node(state, deps)
        asked = update.get("asked")
        if asked is None:
            return update
        return update | {"messages": [question_message(interrupt_id(state, "question"), asked.prompt)]}

    return run
