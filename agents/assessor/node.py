"""The assessor's nodes: the interview loop and the assessment. Model calls happen here, never in `ask`."""

from __future__ import annotations

from typing import Any

from langgraph.types import interrupt

from agents.assessor.interview import ask_again, first_ask, is_sufficient, next_question
from agents.deps import AgentDeps, charge, ensure_budget
from agents.guards import checked_assessment
from domain.failures import StateError
from domain.interrupts import Progress, QuestionInterrupt
from domain.interview import MAX_ATTEMPTS
from domain.profile import Profile
from domain.state import CoachState, Turn, initial_state, interrupt_id


def intake(state: CoachState) -> dict[str, Any]:
    """Start from a clean state; a session's first step."""
    return dict(initial_state())


def interview(state: CoachState, deps: AgentDeps) -> dict[str, Any]:
    """Read the latest answer into the profile, then choose the next question (or none: the interview ends)."""
    profile, asked, tokens = state["profile"], state["asked"], state["tokens_used"]
    update: dict[str, Any] = {"answer": None}
    finished = False
    if asked is not None and state["answer"] is not None:
        ensure_budget(tokens, deps.limits)
        drafted = deps.assessor.extract(asked, state["answer"], profile)
        tokens = update["tokens_used"] = charge(tokens, drafted.tokens, deps.limits)
        extraction = drafted.value
        profile = profile.merged(extraction.updates)
        update["transcript"] = [Turn(question_id=asked.question_id, field=asked.field, question=asked.prompt,
                                     answer=state["answer"], counted=extraction.answered)]
        if extraction.done:
            finished = True
        elif not extraction.answered and not extraction.skip:
            if asked.attempt < MAX_ATTEMPTS and state["questions_asked"] < deps.limits.max_questions:
                update |= {"profile": profile, "asked": ask_again(asked, extraction.note),
                           "questions_asked": state["questions_asked"] + 1}
                return update
            profile = profile.merged(Profile(skipped=[asked.field]))
    questions = deps.kb.catalog.questions
    out_of_questions = state["questions_asked"] >= deps.limits.max_questions
    following = None if finished or out_of_questions or is_sufficient(profile, questions) else next_question(
        profile, questions, state["asked_ids"])
    update["profile"] = profile
    if following is None:
        return update | {"asked": None, "phase": "assessing"}
    return update | {"asked": first_ask(following), "asked_ids": [*state["asked_ids"], following.id],
                     "questions_asked": state["questions_asked"] + 1, "phase": "interviewing"}


def ask(state: CoachState, deps: AgentDeps) -> dict[str, Any]:
    """Put the pending question to the person. Only reads state above `interrupt()`: safe to re-run."""
    asked = state["asked"]
    if asked is None:
        raise StateError("the ask node ran without a pending question; the interview node chooses one first")
    payload = QuestionInterrupt(
        id=interrupt_id(state, "question"), prompt=asked.prompt, field=asked.field, question_id=asked.question_id,
        attempt=asked.attempt, progress=Progress(asked=state["questions_asked"], max=deps.limits.max_questions),
    )
    reply = interrupt(payload.model_dump(mode="json"))
    answer = reply.get("answer", "") if isinstance(reply, dict) else str(reply)
    return {"answer": str(answer), "interrupts": state["interrupts"] + 1}


def assess(state: CoachState, deps: AgentDeps) -> dict[str, Any]:
    """Write (or, after a rejection, rewrite) the assessment, and check it with the guards."""
    ensure_budget(state["tokens_used"], deps.limits)
    drafted = deps.assessor.assess(state["profile"], state["feedback"])
    tokens = charge(state["tokens_used"], drafted.tokens, deps.limits)
    review = checked_assessment(deps.guards, drafted.value, state["profile"], subject="assessment")
    return {"assessment": drafted.value, "assessment_review": review, "tokens_used": tokens,
            "feedback": None, "phase": "awaiting_review"}
