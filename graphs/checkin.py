"""The check-in's nodes, and the memory's at a session's start and end.

`checkin_start` loads the approved plan a check-in follows from the memory; `checkin_ask` asks, one interrupt each,
how every open action of the current stage went, then what changed (pre-filled with what is known, so nothing known
is asked again). Each question is announced first (`graphs.conversation.announce`), and a chat message sent while
it waits is its answer, as at an interview question. The planner adapts the plan, the reviewer checks it, a coach
reviews it at `plan_review`;
`remember` keeps the approved plan (a new version, linked to the one it followed), the check-in and the profile.
`recall` starts a full session from what is known of the person, asking first what has changed since.
"""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.store.base import BaseStore
from langgraph.types import Command
from pydantic import ValidationError

from agents.assessor.returning import welcome_back
from agents.deps import AgentDeps
from agents.replies import answer_kept, not_taken, replied, reply_to
from domain.checkin import (
    ActionAnswer,
    Checkin,
    CheckinRecord,
    CheckinStep,
    action_schema,
    changes_schema,
    checkin_answer,
    current_stage,
    open_actions,
    rating_options,
    said_action,
    said_changes,
    status_options,
)
from domain.failures import StateError
from domain.interrupts import CheckinInterrupt
from domain.profile import Profile
from domain.resumes import ResumeError, parse_answer
from domain.state import CoachState, initial_state, interrupt_id
from graphs.context import resolve_deps
from graphs.memory import PlanMemory, follow_up, known_profile, remember, version_of
from reading.progress import read_action, read_changes
from reading.screen import redacted

ACTION_PROMPT = ("How did \"{title}\" go? The plan gave it {hours:g} h a week. Done, partly, not started, or blocked "
                 "(by what)? And about how many hours a week did you really spend on it?")
CHANGES_PROMPT = ("Last, what has changed? I have you {known}. Say only what is different now (your hours, your work, "
                  "a new limit or worry), or \"nothing\". And how near are you to the {stage} stage's goal - "
                  "\"{goal}\": much less than you hoped, a bit less, about what you hoped, a bit more, or much more?")
SENTENCE_OPENERS = frozenset({"that", "the", "my", "being", "losing", "not", "no", "a", "an", "only", "evenings",
                              "weekends", "mornings", "tight", "entry-level", "too", "getting", "falling"})
NO_STATUS = "I couldn't tell how it went: say done, partly, not started, or blocked (and by what)."
NO_PLAN = "there is no approved plan of session {follows!r} in the memory of this person to check in on"


def _store(runtime: Runtime[Any]) -> BaseStore:
    if runtime.store is None:
        raise StateError("a check-in needs the memory store: compile the graph with a store")
    return runtime.store


def route_start(state: CoachState) -> Literal["checkin_start", "intake"]:
    """A run that names the session it follows is a check-in; any other starts a full session."""
    return "checkin_start" if state.get("follows") else "intake"


def checkin_start(state: CoachState, *, runtime: Runtime[Any]) -> dict[str, Any]:
    person, follows = state.get("person"), state.get("follows")
    follow = follow_up(_store(runtime), person, follows) if person and follows else None
    if follow is None:
        raise StateError(NO_PLAN.format(follows=follows))
    stage = current_stage(follow.plan, follow.done)
    if stage is None:
        raise StateError("every action of that plan is done: start a new full session instead")
    record = CheckinRecord(follows=follow.follows, session_id=_thread(runtime), stage=stage.stage, goal=stage.goal)
    checkin = Checkin(follow=follow, stage=stage.stage, asking=open_actions(stage, follow.done), record=record,
                      done_stages=follow.done_stages)
    return dict(initial_state()) | {
        "person": person, "follows": follows, "checkin": checkin, "profile": follow.profile,
        "assessment": follow.assessment, "plan": follow.plan, "shown_plan": follow.plan, "phase": "interviewing"}


def _thread(runtime: Runtime[Any]) -> str | None:
    return runtime.execution_info.thread_id if runtime.execution_info else None


def _inline(text: str) -> str:
    """Stored text inside a sentence: 'That regression...' reads 'that regression...'; names and acronyms stay."""
    first = text.split(" ", 1)[0]
    return text[:1].lower() + text[1:] if first.lower() in SENTENCE_OPENERS and first.istitle() else text


def _known(profile: Profile) -> str:
    parts = [f"with {profile.hours_per_week:g} h a week for the plan" if profile.hours_per_week else
             "with no weekly hours said"]
    if profile.current_role:
        parts.append(f"working as {profile.current_role}")
    if profile.constraints:
        parts.append(f"with these limits: {'; '.join(_inline(c) for c in profile.constraints[:3])}")
    if profile.concerns:
        parts.append(f"worried about {'; '.join(_inline(c) for c in profile.concerns[:2])}")
    return ", ".join(parts)


def _payload(state: CoachState, checkin: Checkin) -> CheckinInterrupt:
    common: dict[str, Any] = {"id": interrupt_id(state, "checkin"), "stage": checkin.stage,
                              "asked": checkin.step + 1, "of": checkin.questions, "error": state["resume_error"]}
    if checkin.step < len(checkin.asking):
        action = checkin.asking[checkin.step]
        last = next((a.report for r in reversed(checkin.follow.history) for a in r.actions
                     if a.action.title == action.title), None)
        known: dict[str, Any] = {"planned_hours_per_week": action.hours_per_week,
                 **({"last_status": last.status} if last is not None else {})}
        return CheckinInterrupt(**common, step="action", action=action, known=known, options=status_options(),
                                prompt=ACTION_PROMPT.format(title=action.title, hours=action.hours_per_week),
                                answer_schema=action_schema())
    profile = state["profile"]
    known = {"hours_per_week": profile.hours_per_week, "current_role": profile.current_role,
             "limits": list(profile.constraints), "worries": list(profile.concerns)}
    return CheckinInterrupt(**common, step="changes", known=known, options=rating_options(),
                            prompt=CHANGES_PROMPT.format(known=_known(profile), stage=checkin.stage,
                                                         goal=checkin.record.goal[:200]),
                            answer_schema=changes_schema())


def checkin_payload(state: CoachState, deps: AgentDeps) -> CheckinInterrupt:
    """The pending check-in question's interrupt payload (read from state only)."""
    checkin = state["checkin"]
    if checkin is None:
        raise StateError("a check-in question was asked outside a check-in")
    return _payload(state, checkin)


def checkin_ask(state: CoachState, *, runtime: Runtime[Any]) -> Command[Literal["announce", "plan"]]:
    """Put the next check-in question (announced first). Only reads state above `reply_to`: safe to re-run. A chat
    message that arrived while the question was pending is the answer (kept under its own id, personal data taken
    out). An answer that cannot be read is not taken: the same question comes again, under a new id, saying why."""
    deps = resolve_deps(runtime.context)
    payload = checkin_payload(state, deps)
    checkin = state["checkin"]
    assert checkin is not None  # checkin_payload raised otherwise
    reply = reply_to(state, payload.model_dump(mode="json"))
    update = replied(state)
    try:
        checkin, words = _answered(checkin, payload, reply, deps)
    except ResumeError as exc:
        return Command(goto="announce", update=not_taken("checkin", payload.id, exc, update))
    message = answer_kept(state, "checkin", payload.id, words, chars=len(words))
    update |= {"checkin": checkin, "resume_error": None, "messages": [message]}
    if checkin.finished:
        return Command(goto="plan", update=update | {"phase": "planning"})
    return Command(goto="announce", update=update)


def _answered(checkin: Checkin, payload: CheckinInterrupt, reply: Any, deps: AgentDeps) -> tuple[Checkin, str]:
    value = parse_answer(reply, max_chars=deps.limits.answer_chars)
    text = redacted(value) if isinstance(value, str) else None
    record = checkin.record
    if payload.action is not None:
        report = _structured(payload.step, value) if isinstance(value, dict) else read_action(text or "")
        if report is None:
            raise ResumeError(NO_STATUS)
        words = text or said_action(report)
        record = record.model_copy(update={"actions": [*record.actions, ActionAnswer(
            action=payload.action, report=report, said=words[:600])]})
    else:
        changes = _structured(payload.step, value) if isinstance(value, dict) else read_changes(text or "")
        words = text or said_changes(changes)
        record = record.model_copy(update={"changes": changes, "changes_said": words[:600]})
    return checkin.model_copy(update={"record": record, "step": checkin.step + 1}), words


def _structured(step: CheckinStep, value: dict[str, Any]) -> Any:
    try:
        return checkin_answer(step, value)
    except ValidationError as exc:
        raise ResumeError(f"this answer does not fit the question's schema: {str(exc)[:300]}") from exc


def recall(state: CoachState, *, runtime: Runtime[Any]) -> Command[Literal["interview", "announce"]]:
    """A full session by someone the memory knows starts from their confirmed profile, and first asks one question:
    what has changed since last time (`agents.assessor.returning`). Then the interview asks only what it does not
    hold, and the person checks all of it at the profile review."""
    person = state.get("person")
    known = known_profile(runtime.store, person) if person and runtime.store is not None else None
    if known is None:
        return Command(goto="interview")
    profile = known.model_copy(update={"confirmed": False, "uncertain": [], "skipped": []})
    return Command(goto="announce", update={"profile": profile, "remembered": profile, "asked": welcome_back(profile),
                                            "phase": "interviewing"})


def remember_node(state: CoachState, *, runtime: Runtime[Any]) -> dict[str, Any]:
    """Keep the approved plan, the person as confirmed, and the check-in's answers (when a check-in)."""
    person, plan = state.get("person"), state["plan"]
    thread = _thread(runtime)
    if not person or runtime.store is None or plan is None or thread is None:
        return {}
    checkin = state["checkin"]
    follows = checkin.follow.follows if checkin else None
    done = checkin.follow.done + [a.action for a in checkin.record.actions if a.report.status == "done"] \
        if checkin else []
    memory = PlanMemory(session_id=thread, follows=follows, version=version_of(runtime.store, person, follows),
                        plan=plan, profile=state["profile"].model_copy(update={"confirmed": True}),
                        assessment=state["assessment"], done=done,
                        done_stages=checkin.done_stages if checkin else [])
    remember(runtime.store, person, memory, checkin.record if checkin else None)
    return {}
