"""The interview as chat messages, for the graph's `messages` channel (Agent Chat UI, Studio's chat view).

Ids derive from the interrupt a message belongs to, so a node that runs again writes the same message again
(`add_messages` replaces by id) instead of a second copy.
"""

from __future__ import annotations

from langchain_core.messages import AIMessage, HumanMessage

from domain.interrupts import ACTION_NAMES, ReviewKind
from domain.plan import Plan
from domain.resumes import ReviewDecision


def interrupt_message(interrupt_id: str, markdown: str) -> AIMessage:
    """What an interrupt asks, as the AI message chat clients draw its widget under (the interrupt's own id)."""
    return AIMessage(content=markdown, id=interrupt_id)


def answer_message(interrupt_id: str, answer: str, *, message_id: str | None = None) -> HumanMessage:
    """The answer as the conversation keeps it; `message_id` is the chat message it came in, replaced in place."""
    return HumanMessage(content=answer, id=message_id or f"{interrupt_id}-answer")


def decision_note(interrupt_id: str, kind: ReviewKind, decision: ReviewDecision) -> HumanMessage:
    """One line saying what the reviewer decided."""
    subject = ACTION_NAMES[kind]
    if decision.action == "approve":
        note = f"Approved the {subject}" + (", acknowledging the guards' findings." if decision.acknowledge else ".")
    elif decision.action == "reject":
        note = f"Asked for changes to the {subject}: {decision.feedback}"
    else:
        note = f"Edited the {subject}: {', '.join(sorted(decision.edits or {}))}."
    return HumanMessage(content=note, id=f"{interrupt_id}-decision")


def plan_ready_message(plan: Plan) -> AIMessage:
    return AIMessage(content=f"Your plan is approved. {plan.summary}", id="plan-approved")
