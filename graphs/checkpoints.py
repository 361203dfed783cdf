"""Human-in-the-loop checkpoints: approve, edit (validated, guards re-run) or reject with feedback.

Above each `interrupt()` the nodes only read state, so re-running them on resume is harmless. A resume value that
cannot be read as a decision (`domain.interrupts.parse_review`) is not applied: the node interrupts again, under a
new id, with the reason in the payload, and the thread stays healthy. Each decision is reported to the tracer and
noted in the `messages` channel (a chat message that decided it stands as its own note). Every pause is announced
first (`graphs.conversation.announce`): each node here goes back through it when it asks again.

An edit is read as form-based clients send it (`changed_fields`): only the fields it changes count, and an edit that
changes nothing approves the draft as it is. A refused edit leaves the draft and its own review as they were, the
reason shown in `error`, so the draft can still be approved.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from langgraph.types import Command
from pydantic import BaseModel, ValidationError

from agents.assessor.returning import AFRESH, from_last_time, wants_afresh
from agents.deps import AgentDeps
from agents.guards import (
    checked_assessment,
    checked_plan,
    closed_stages,
    heard_in,
    placed_in,
    unknown_references,
    where,
)
from agents.planner.changes import carried_notes, renoted
from agents.planner.worries import WorryNotes
from agents.planner.writing import retold
from agents.replies import reply_to
from domain.conversation import decision_note, interrupt_message, plan_ready_message
from domain.failures import StateError
from domain.interrupts import (
    ACTION_NAMES,
    AssessmentReviewInterrupt,
    PlanReviewInterrupt,
    ProfileReviewInterrupt,
    ReviewInterrupt,
    review_interrupt,
)
from domain.profile import Profile
from domain.resumes import ResumeError, ReviewDecision, apply_edits, changed_fields, parse_review, unacknowledged
from domain.review import Review
from domain.state import CoachState, Decision, interrupt_id
from domain.understanding import profile_view, role_options
from graphs.summaries import assessment_summary, plan_summary, profile_summary
from observability.events import DecisionReport, report_decision
from reading.screen import screen, screened_edits
from reading.text import clipped

ASSESSMENT_PROMPT = "Review the assessment: approve it, edit it, or reject it with feedback."
ASSESSMENT_UNSURE_PROMPT = (
    "Review the assessment. I'm not sure I placed your role right: if I didn't, reject it and tell me your role in a "
    "few words (for example \"I'm a registered nurse\"), and I'll redo it. Otherwise approve or edit it.")
ASSESSMENT_TENTATIVE_PROMPT = (
    "Review the assessment. I know too little yet for a firm one: reject it with a few words about your work, your "
    "goals and your time, and I'll redo it; or approve it, and the plan will be marked tentative.")
PLAN_PROMPT = "Review the plan: approve it, edit it, or reject it with feedback."
NO_ROLE = "none"
PROFILE_PROMPT = ("Here is what I understood from what you told me. Please check it before I assess anything: confirm "
                  "it, correct any field, or tell me in your own words what I got wrong or missed.")
PROFILE_RECALLED_PROMPT = ("Here is what I have. From your last session: {recalled}{today}. Please check it before I "
                           "assess anything: confirm it, correct any field, or tell me in your own words what changed "
                           "- or say 'start afresh' if this is not you.")
PROFILE_TODAY = "; the rest from what you told me today"
PROFILE_UNSURE_PROMPT = " I wasn't sure about {fields}: check those first."
PROFILE_CORRECTED_PROMPT = "I've changed {fields} with your correction. Check it again: confirm it, or correct more."
PROFILE_CORRECTED_SOME = "I've updated it with your correction. Check it again: confirm it, or correct more."
NOT_APPLIED = ("I've updated what I could. I could not tell which part of what I understood this is about: {said}. "
               "Correct that part directly, or say it another way.")
NOTHING_READ = ("I couldn't find anything to change in that. Correct a field directly, or say what is wrong, for "
                "example \"I'm not working at the moment\" or \"not evenings, mornings only\".")
FIELD_WORDS = {"current_role": "your work", "situation": "your situation", "years_experience": "your years in it",
               "seniority": "your level", "hours_per_week": "your hours", "hours_pattern": "when you're free",
               "main_tasks": "your tasks", "skills": "your skills", "goals": "your goals", "concerns": "your worries",
               "constraints": "your limits", "ai_tools": "your AI tools", "times_not": "the times ruled out",
               "age": "your age", "deadline_weeks": "your deadline"}
NOTHING_TO_APPLY = ("nothing in the edits could be applied: instructions to the system, markup, links and personal "
                    "data are left out")
UNKNOWN_IDS = "the edits were not applied: these ids are not in the knowledge base: {where}; cite entries by their ids"


def _open_errors(review: Review | None) -> list[str]:
    return [f"{i.check} at {i.path}: {i.message}" for i in (review.issues if review else []) if i.severity == "error"]


def _pause(state: CoachState, payload: ReviewInterrupt) -> tuple[
        ReviewDecision | None, dict[str, Any], DecisionReport, list[str]]:
    """Interrupt with `payload`. Returns the decision the resume carries (None if it carries none), the state
    update, the report to complete and send once the decision is applied, and the open errors an approval
    acknowledges (an approval over open errors records them)."""
    raw = reply_to(state, payload.model_dump(mode="json"))
    update: dict[str, Any] = {"interrupts": state["interrupts"] + 1, "chat": None}
    report = DecisionReport(interrupt_id=payload.id, kind=payload.kind)
    try:
        decision, shape = parse_review(raw, action_name=ACTION_NAMES[payload.kind])
        if decision.action == "edit" and not (decision.edits or {}).keys() <= {"role_id"}:
            decision = _as_changed(decision, payload.draft)
    except ResumeError as exc:
        report_decision(report | DecisionReport(action="invalid", error=str(exc)))
        return None, update | {"resume_error": str(exc)}, report, []
    acknowledged = _open_errors(payload.review) if decision.action == "approve" else []
    if acknowledged and not decision.acknowledge:
        reason = unacknowledged(acknowledged)
        report_decision(report | DecisionReport(action="invalid", shape=shape, error=reason))
        return None, update | {"resume_error": reason}, report, []
    record = Decision(interrupt_id=payload.id, kind=payload.kind, action=decision.action, feedback=decision.feedback,
                      edits=decision.edits, acknowledged=acknowledged)
    noted = [] if shape == "chat" else [decision_note(payload.id, payload.kind, decision)]
    report |= DecisionReport(action=decision.action, shape=shape, acknowledged=decision.acknowledge)
    if decision.feedback:
        report["feedback_chars"] = len(decision.feedback)
    if decision.edits:
        report["edited_fields"] = sorted(decision.edits)
    if acknowledged and payload.review is not None:
        report["acknowledged_issues"] = [f"{i.check}@{i.path}" for i in payload.review.issues if i.severity == "error"]
    return decision, update | {"decisions": [record], "resume_error": None, "messages": noted}, report, acknowledged


def _as_changed(decision: ReviewDecision, draft: BaseModel) -> ReviewDecision:
    """An edit cut down to the fields it changes; one that changes nothing approves the draft as it is."""
    edits = changed_fields(draft, decision.edits or {})
    if not edits:
        return ReviewDecision(action="approve", acknowledge=decision.acknowledge)
    return decision.model_copy(update={"edits": edits})


def _decided(report: DecisionReport, edit_verdict: str | None = None) -> None:
    report_decision(report | DecisionReport(edit_verdict=edit_verdict) if edit_verdict else report)


D = TypeVar("D", bound=BaseModel)


def _edited(draft: D, edits: dict[str, Any], report: DecisionReport,
            deps: AgentDeps) -> tuple[D | None, dict[str, Any]]:
    """The draft with a reviewer's edits applied (texts screened like answers), or None and the state update that
    says why not: nothing left to apply, the edit broke the draft's schema, or it named ids the knowledge base does
    not have (never stored: markup in a citation or a catalog id included). A refusal is reported, and leaves the
    draft and its own review as they were."""
    screened = screened_edits(edits)
    if not screened:
        _decided(report, "invalid")
        return None, {"resume_error": NOTHING_TO_APPLY}
    try:
        edited = apply_edits(draft, screened)
    except ValidationError as exc:
        _decided(report, "invalid")
        return None, {"resume_error": _schema_message(exc)}
    if unknown := unknown_references(draft, edited, deps.kb):
        _decided(report, "invalid")
        return None, {"resume_error": UNKNOWN_IDS.format(where=", ".join(where(loc) for loc in unknown[:5]))}
    return edited, {}


def _profile_prompt(state: CoachState) -> str:
    profile = state["profile"]
    if changed := state["corrected"]:  # (a bool in checkpoints written before the fields were kept)
        said = [FIELD_WORDS[f] for f in changed if f in FIELD_WORDS] if isinstance(changed, list) else []
        return PROFILE_CORRECTED_PROMPT.format(fields=_listed(said)) if said else PROFILE_CORRECTED_SOME
    unsure = [FIELD_WORDS[f] for f in profile.uncertain if f in FIELD_WORDS]
    prompt = _recalled_prompt(profile, state.get("remembered")) or PROFILE_PROMPT
    if not unsure:
        return prompt
    return prompt + PROFILE_UNSURE_PROMPT.format(fields=_listed(unsure))


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _recalled_prompt(profile: Profile, remembered: Profile | None) -> str | None:
    """For a returning person, the intro says which fields come from last time, never that they were told today."""
    kept = set(from_last_time(profile, remembered))
    recalled = [FIELD_WORDS[f] for f in FIELD_WORDS if f in kept]
    if not recalled:
        return None
    today = any(getattr(profile, f) and f not in kept for f in FIELD_WORDS)
    return PROFILE_RECALLED_PROMPT.format(recalled=_listed(recalled), today=PROFILE_TODAY if today else "")


def profile_payload(state: CoachState, deps: AgentDeps) -> ProfileReviewInterrupt:
    profile = state["profile"]
    vocabulary = deps.kb.catalog.vocabulary
    payload = review_interrupt("profile_review", id=interrupt_id(state, "profile_review"),
                               prompt=_profile_prompt(state), draft=profile, review=None, error=state["resume_error"],
                               summary=profile_summary(profile, vocabulary), **profile_view(profile, vocabulary))
    assert isinstance(payload, ProfileReviewInterrupt)
    return payload


def profile_review(state: CoachState, deps: AgentDeps) -> Command[Literal["assess", "announce", "interview"]]:
    """The person checks what the interview understood. Approve: confirmed as it is. Edit: the fields sent replace
    what was read (what follows from them is read again), and the profile is confirmed. Reject with words: they are
    read as a correction, the latest statement winning, and the corrected profile is shown again to confirm; words
    that ask to start afresh, or say this is not them ("that's not me", "who is this"), drop the whole profile and
    the whole interview runs again."""
    profile = state["profile"]
    decision, update, report, _ = _pause(state, profile_payload(state, deps))
    if decision is None:
        return Command(goto="announce", update=update)
    if decision.action == "approve":
        _decided(report)
        confirmed = profile.model_copy(update={"confirmed": True, "uncertain": []})
        return Command(goto="assess", update=update | {"profile": confirmed, "phase": "assessing"})
    if decision.action == "reject" and wants_afresh(screen(decision.feedback or "")):
        _decided(report, "pass")
        return Command(goto="interview", update=_afresh(update, interrupt_id(state, "profile_review")))
    if decision.action == "reject":
        said = screen(decision.feedback or "")
        corrected, not_applied = deps.reader.corrected(said, profile) if said else (profile, [])
        _decided(report, "pass" if corrected != profile else "invalid")
        if corrected == profile:  # nothing the words said changes what was understood
            return Command(goto="announce", update=update | {"resume_error": NOTHING_READ, "corrected": []})
        partly = NOT_APPLIED.format(said="; ".join(f'"{s}"' for s in not_applied)) if not_applied else None
        changed = [f for f in FIELD_WORDS if getattr(corrected, f) != getattr(profile, f)]
        return Command(goto="announce", update=update | {"profile": corrected, "corrected": changed,
                                                         "resume_error": partly})
    return _edited_profile(profile, decision.edits or {}, deps, update, report)


def _afresh(update: dict[str, Any], at: str) -> dict[str, Any]:
    """A session started afresh from the profile review: nothing understood or remembered is kept."""
    said = [*update.get("messages", []), interrupt_message(f"{at}-afresh", AFRESH)]
    return update | {"profile": Profile(), "remembered": None, "asked": None, "answer": None, "structured": None,
                     "asked_ids": [], "questions_asked": 0, "corrected": [], "phase": "interviewing",
                     "messages": said}


def _edited_profile(profile: Profile, edits: dict[str, Any], deps: AgentDeps, update: dict[str, Any],
                    report: DecisionReport) -> Command[Literal["assess", "announce", "interview"]]:
    edited, refused = _edited(profile, edits, report, deps)
    if edited is None:
        return Command(goto="announce", update=update | refused)
    _decided(report, "pass")
    confirmed = deps.reader.rederived(edited, set(edits)).model_copy(update={"confirmed": True, "uncertain": []})
    return Command(goto="assess", update=update | {"profile": confirmed, "phase": "assessing"})


def _schema_message(exc: ValidationError) -> str:
    problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:3])
    return f"the edit could not be applied: {problems}"


def assessment_payload(state: CoachState, deps: AgentDeps) -> AssessmentReviewInterrupt:
    assessment = state["assessment"]
    if assessment is None:
        raise StateError("the assessment review ran before an assessment was written")
    prompt = (ASSESSMENT_TENTATIVE_PROMPT if assessment.tentative else
              ASSESSMENT_UNSURE_PROMPT if assessment.fit != "confident" else ASSESSMENT_PROMPT)
    dynamics: dict[str, str] = {d.key: d.name for d in deps.kb.catalog.dynamics}
    payload = review_interrupt("assessment_review", id=interrupt_id(state, "assessment_review"), prompt=prompt,
                               draft=assessment, review=state["assessment_review"], error=state["resume_error"],
                               summary=assessment_summary(assessment, dynamics),
                               roles=role_options(deps.kb.catalog.roles))
    assert isinstance(payload, AssessmentReviewInterrupt)
    return payload


def assessment_review(state: CoachState, deps: AgentDeps) -> Command[Literal["plan", "assess", "announce"]]:
    payload = assessment_payload(state, deps)
    assessment = payload.draft
    decision, update, report, _ = _pause(state, payload)
    if decision is None:
        return Command(goto="announce", update=update)
    if decision.action != "edit":
        _decided(report)
    if decision.action == "approve":
        return Command(goto="plan", update=update | {"phase": "planning"})
    if decision.action == "reject":
        return Command(goto="assess", update=update | {"feedback": decision.feedback, "phase": "assessing"})
    if (chosen := (decision.edits or {}).get("role_id")) is not None:
        return _role_chosen(state, deps, chosen, update, report)
    edited, refused = _edited(assessment, decision.edits or {}, report, deps)
    if edited is None:
        return Command(goto="announce", update=update | refused)
    review = checked_assessment(deps.guards, edited, state["profile"], subject="assessment edit",
                                heard=(*heard_in(state), decision.feedback or ""))
    _decided(report, review.verdict)
    if review.verdict == "pass":
        return Command(goto="plan", update=update | {"assessment": edited, "assessment_review": review,
                                                     "phase": "planning"})
    return Command(goto="announce", update=update | {"assessment": edited, "assessment_review": review})


def _role_chosen(state: CoachState, deps: AgentDeps, chosen: Any, update: dict[str, Any],
                 report: DecisionReport) -> Command[Literal["plan", "assess", "announce"]]:
    """A role picked at the review (a catalog role id, or 'none'): the assessment is redone on it."""
    roles = {r.id for r in deps.kb.catalog.roles}
    if chosen != NO_ROLE and chosen not in roles:
        _decided(report, "invalid")
        return Command(goto="announce", update=update | {
            "resume_error": f"'role_id' is a catalog role id (see the assessment's role matches) or {NO_ROLE!r}"})
    _decided(report, "pass")
    before = state["profile"]  # a role picked is the coach's call: one said not to be theirs before is theirs again
    roles_not = [r for r in before.roles_not if r != chosen]
    profile = before.model_copy(update={"role_choice": chosen, "roles_not": roles_not})
    return Command(goto="assess", update=update | {"profile": profile, "phase": "assessing"})


def plan_payload(state: CoachState, deps: AgentDeps) -> PlanReviewInterrupt:
    draft = state["plan"]
    if draft is None:
        raise StateError("the plan review ran before a plan was drafted")
    payload = review_interrupt("plan_review", id=interrupt_id(state, "plan_review"), prompt=PLAN_PROMPT,
                               draft=draft, review=state["review"], error=state["resume_error"],
                               summary=plan_summary(draft))
    assert isinstance(payload, PlanReviewInterrupt)
    return payload


def plan_review(state: CoachState, deps: AgentDeps) -> Command[Literal["finalize", "plan", "announce"]]:
    payload = plan_payload(state, deps)
    draft = payload.draft
    decision, update, report, acknowledged = _pause(state, payload)
    if decision is None:
        return Command(goto="announce", update=update)
    if decision.action != "edit":
        _decided(report)
    if decision.action == "approve":
        approved = draft.model_copy(update={"open_issues": [a[:600] for a in acknowledged][:20]})
        return Command(goto="finalize", update=update | {"plan": approved})
    if decision.action == "reject":
        return Command(goto="plan", update=update | {"feedback": decision.feedback, "revisions": 0, "review": None,
                                                     "shown_plan": draft, "phase": "planning"})
    edited, refused = _edited(draft, decision.edits or {}, report, deps)
    if edited is None:
        return Command(goto="announce", update=update | refused)
    if "summary" not in (decision.edits or {}):  # the course it tells, told again of the actions now there
        edited = edited.model_copy(update={"summary": clipped(retold(edited.summary, draft, edited), 600)})
    if (shown := state["shown_plan"]) is not None and "revision_notes" not in (decision.edits or {}):
        # what the revision did, said again of the plan as edited: notes about the draft before would be untrue
        notes = [*renoted(shown, edited, state["feedback_ops"], deps.guards.topics),
                 *carried_notes(edited, state["adjustments"], state["feedback_ops"], deps.guards.topics)]
        edited = edited.model_copy(update={"revision_notes": [clipped(n, 600) for n in notes][:20]})
    if "revision_notes" not in (decision.edits or {}):  # what the notes say of worries, said of the plan as edited
        edited = edited.model_copy(update={"revision_notes": [
            clipped(n, 600) for n in WorryNotes(deps.kb).refreshed(edited, state["profile"])][:20]})
    review = checked_plan(deps.guards, edited, state["profile"], subject="plan edit",
                          adjustments=state["adjustments"], shown=state["shown_plan"],
                          roles=placed_in(state["assessment"]), closed=closed_stages(state),
                          heard=(*heard_in(state), decision.feedback or ""), asked=state["feedback_ops"])
    _decided(report, review.verdict)
    goto: Literal["finalize", "announce"] = "finalize" if review.verdict == "pass" else "announce"
    return Command(goto=goto, update=update | {"plan": edited, "review": review})


def finalize(state: CoachState) -> dict[str, Any]:
    plan = state["plan"]
    return {"phase": "completed", "messages": [plan_ready_message(plan)] if plan is not None else []}
