"""The assessor's nodes: the interview loop and the assessment. Model calls happen here, never in `ask`."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.types import Command

from agents.assessor.coached import DRAFTING_CLAIM, coached, gaps_named, threat_named, without_drafting_claim
from agents.assessor.interview import (
    ask_again,
    ask_same,
    first_ask,
    is_sufficient,
    may_ask_again,
    may_repeat,
    next_question,
)
from agents.assessor.reflect import reflection
from agents.assessor.returning import is_returning, returning_update
from agents.assessor.revision import changes
from agents.deps import AgentDeps, charge, ensure_budget
from agents.engine import Drafted
from agents.guards import checked_assessment, heard_in
from agents.replies import answer_kept, not_taken, replied, reply_to
from domain.answers import Option, answer_schema, options, parse_structured, said
from domain.assessment import Assessment
from domain.failures import ModelOutputError, StateError
from domain.interrupts import Progress, QuestionInterrupt
from domain.interview import AskedQuestion
from domain.profile import Extraction, Profile
from domain.resumes import ResumeError, parse_answer
from domain.state import CoachState, Turn, initial_state, interrupt_id
from observability.events import ReadingReport, report_reading
from reading.answers import reader_for
from reading.assessment_feedback import read as read_feedback
from reading.cues import has_words, is_blank
from reading.role_feedback import restates
from reading.rules import rule
from reading.screen import redacted, screened

BLANK_NOTE = "I didn't get anything there - it may have been sent empty."
INSTRUCTIONS_NOTE = "That read as instructions to me rather than about you, so I left it out."
NOTHING_KEPT_NOTE = "I only found contact details, links or code there, and I don't keep those."
NO_WORDS_NOTE = "I couldn't find any words in that."
UNUSABLE_REPLY = ("The chat model's reply was not a usable assessment, even after it was asked to repair it, so this "
                  "one is the catalog's, written by the knowledge engine from what you told me.")
CATALOG_ASSESSMENT = ("The chat model's assessment did not pass the checks, so this one is the catalog's, written by "
                      "the knowledge engine from what you told me.")


def intake(state: CoachState) -> dict[str, Any]:
    """Start from a clean state; a session's first step."""
    return dict(initial_state())


def interview(state: CoachState, deps: AgentDeps) -> dict[str, Any]:
    """Read the latest answer into the profile, then choose the next question (or none: the interview ends).

    An empty answer brings the same question back and costs no question slot; a question that came back
    MAX_REASKS times is not asked again: the interview moves on, the field marked as not answered."""
    profile, asked, answer = state["profile"], state["asked"], state["answer"]
    questions = deps.kb.catalog.questions
    slots_left = deps.limits.max_questions - state["questions_asked"]
    update: dict[str, Any] = {"answer": None, "structured": None}
    said_back: str | None = None
    if is_returning(asked) and answer is not None:
        assert asked is not None
        if is_blank(answer) and may_repeat(asked):
            return update | {"asked": ask_same(asked, BLANK_NOTE), "phase": "interviewing"}
        returned = returning_update(answer, profile, deps)
        profile, said_back = returned.profile, returned.note
        update["transcript"] = [Turn(question_id=asked.question_id, field=asked.field, question=asked.prompt,
                                     answer=answer, counted=returned.how != "unchanged" or not is_blank(answer))]
        if returned.how == "afresh":
            update["remembered"] = None
    elif asked is not None and answer is not None and is_blank(answer):
        if may_repeat(asked):
            return update | {"asked": ask_same(asked, BLANK_NOTE), "phase": "interviewing"}
        profile = profile.merged(Profile(skipped=[asked.field]))
    elif asked is not None and answer is not None:
        ensure_budget(state["tokens_used"], deps.limits)
        structured = state["structured"]
        drafted = Drafted(deps.reader.read_structured(asked, structured, profile)) if structured is not None \
            else _extract(deps, asked, answer, profile)
        update["tokens_used"] = charge(state["tokens_used"], drafted.tokens, deps.limits)
        extraction = drafted.value
        report_reading(ReadingReport(field=asked.field, answered=extraction.answered, rules=extraction.rules,
                                     replaces=extraction.replaces, uncertain=extraction.uncertain,
                                     model=extraction.model or "", by_model=extraction.by_model))
        heard = profile.applied(extraction)
        said_back = reflection(profile, heard, extraction, deps.kb.catalog.vocabulary)
        profile = heard
        update["transcript"] = [Turn(question_id=asked.question_id, field=asked.field, question=asked.prompt,
                                     answer=answer, counted=extraction.answered)]
        if extraction.done:
            return update | {"profile": profile, "asked": None, "phase": "confirming"}
        if not extraction.answered and not extraction.skip:
            if may_ask_again(asked, profile, questions, slots_left=slots_left):
                return update | {"profile": profile, "asked": ask_again(asked, extraction.note),
                                 "questions_asked": state["questions_asked"] + 1, "phase": "interviewing"}
            profile = profile.merged(Profile(skipped=[asked.field]))
    following = None if slots_left <= 0 or is_sufficient(profile, questions) else next_question(
        profile, questions, state["asked_ids"], slots_left=slots_left)
    update["profile"] = profile
    if following is None:
        return update | {"asked": None, "phase": "confirming"}
    return update | {"asked": first_ask(following, said_back, profile),
                     "asked_ids": [*state["asked_ids"], following.id],
                     "questions_asked": state["questions_asked"] + 1, "phase": "interviewing"}


def _extract(deps: AgentDeps, asked: AskedQuestion, answer: str, profile: Profile) -> Drafted[Extraction]:
    """The engine's reading of an answer, screened first (`reading.screen`); an answer with nothing left after
    screening is not an answer, and no engine reads it."""
    text = screened(answer)
    if not text.text:
        return Drafted(Extraction(answered=False, note=INSTRUCTIONS_NOTE if text.instructions else NOTHING_KEPT_NOTE))
    if not has_words(text.text):
        return Drafted(Extraction(answered=False, note=NO_WORDS_NOTE))
    return deps.assessor.extract(asked, text.text, profile)


def question_payload(state: CoachState, deps: AgentDeps) -> QuestionInterrupt:
    """The pending question's interrupt payload (read from state only)."""
    asked = state["asked"]
    if asked is None:
        raise StateError("the ask node ran without a pending question; the interview node chooses one first")
    offered = options(asked.answer, deps.kb.catalog.vocabulary)
    return QuestionInterrupt(
        id=interrupt_id(state, "question"), prompt=asked.prompt, question=asked.question,
        reflection=asked.note or asked.reflection, field=asked.field, question_id=asked.question_id,
        attempt=asked.attempt, progress=Progress(asked=state["questions_asked"], max=deps.limits.max_questions),
        error=state["resume_error"], answer_kind=asked.answer.kind, answer_schema=answer_schema(asked.answer, offered),
        options=offered,
    )


def ask(state: CoachState, deps: AgentDeps) -> Command[Literal["interview", "announce"]]:
    """Put the pending question to the person. Only reads state above `interrupt()`: safe to re-run.

    A reply that is not an answer (not text, or over the length limit) is not taken: the question is put again,
    under a new interrupt id, with the reason in `error`. A chat message that arrived while the question was pending
    is the answer (its message is kept, under its own id, with personal data taken out).
    """
    payload = question_payload(state, deps)
    asked = state["asked"]
    assert asked is not None  # question_payload raised otherwise
    offered = payload.options
    reply = reply_to(state, payload.model_dump(mode="json"))
    answered = replied(state)
    try:
        answer, structured = _answer(reply, asked, offered, deps)
    except ResumeError as exc:
        return Command(goto="announce", update=not_taken("question", payload.id, exc, answered))
    said = redacted(answer)  # personal data never enters the state, the transcript or the messages
    message = answer_kept(state, "question", payload.id, said, chars=len(answer))
    return Command(goto="interview", update=answered | {"answer": said, "structured": structured,
                                                        "resume_error": None, "messages": [message]})


def _answer(reply: Any, asked: AskedQuestion, offered: list[Option], deps: AgentDeps) -> tuple[
        str, dict[str, Any] | None]:
    """The answer as words, and its structured part checked against the question's schema (None for free text)."""
    value = parse_answer(reply, max_chars=deps.limits.answer_chars)
    if isinstance(value, str):
        return value, None
    try:
        structured = parse_structured(asked.answer, value, offered)
    except ValueError as exc:  # pydantic's ValidationError included
        raise ResumeError(f"this answer does not fit the question's schema: {str(exc)[:300]}") from exc
    words = said(structured, offered)
    if len(words) > deps.limits.answer_chars:
        raise ResumeError(f"the answer is {len(words)} characters long; the limit is {deps.limits.answer_chars}")
    return words, structured.model_dump(mode="json", exclude_none=True)


def _assessed(deps: AgentDeps, profile: Profile, feedback: str | None) -> tuple[Drafted[Assessment], bool]:
    """The engine's assessment; when a chat model's reply is unusable even after its repair, the catalog's (without a
    catalog to stand in, the run fails and stays resumable). True when the catalog's stood in."""
    try:
        return deps.assessor.assess(profile, feedback), False
    except ModelOutputError:
        if deps.fallback_assessor is None:
            raise
    return deps.fallback_assessor.assess(profile, feedback), True


WORK_FIELDS = ("current_role", "matched_role", "target_role", "domain", "roles_not")
"""What a coach's feedback on an assessment may correct in the profile: the person's work, the roles that are not
theirs and where their goals point. Hours, times, level, skills and worries are the person's own words, confirmed at
their profile review; a coach's sentences about the draft ("the Salesforce figure is fine") never replace them."""


def _work_corrected(deps: AgentDeps, profile: Profile, feedback: str, previous: Assessment | None) -> Profile:
    """The profile as the feedback says the person's work is (`reading.role_feedback`): the job it names (only words
    that read as a job), the roles it rules out - with the role the draft placed them in, when it says that role is
    wrong and names their job - and where their goals point (never at a role it rules out)."""
    said = deps.reader.role_feedback(feedback)
    names = deps.reader.names
    update: dict[str, Any] = {}
    if said.role and not restates(said.role, profile.current_role):
        titles = names.titles_in(said.role)
        update |= {"current_role": said.role, "matched_role": titles[0][0] if titles else None,
                   "domain": names.domain_of(said.role)}
    own = {role_id for role_id, _ in names.titles_in(said.role or "")}
    not_roles = [r for r in said.not_roles if r not in own]
    if said.wrong_role and said.role and previous is not None and previous.fit != "none" and previous.role_matches:
        placed = previous.role_matches[0].role_id
        if placed not in own and placed != profile.role_choice:
            not_roles.append(placed)
    roles_not = list(dict.fromkeys([*profile.roles_not, *not_roles]))
    if roles_not != profile.roles_not:
        update["roles_not"] = roles_not
    ruled_out = {*roles_not, *said.not_targets}
    target = said.target if said.target and said.target not in ruled_out else profile.target_role
    if target in ruled_out:
        target = None
    if target != profile.target_role:
        update["target_role"] = target
    if gone := deps.reader.worries_taken_out(feedback, list(profile.concern_kinds)):  # a worry the person never
        update["concern_kinds"] = [k for k in profile.concern_kinds if k not in gone]  # raised: read out, not added
    return profile.model_copy(update=update)


def _unread(deps: AgentDeps, feedback: str, profile: Profile) -> list[str]:
    """The feedback's sentences nothing read: no job, role, goal, worry, gap, strength or word on the person's work and
    the tools reaching it. They are said back as not acted on."""
    out: list[str] = []
    gaps = [g.lower() for g in gaps_named(feedback)]  # a gap listed after "; " is read, though its piece alone is not
    for sentence in read_feedback(feedback).unread:
        said = deps.reader.role_feedback(sentence)
        if any(g in sentence.lower() for g in gaps) or said.role or said.not_roles or said.target or said.not_targets \
                or said.wrong_role or gaps_named(sentence) \
                or deps.reader.worries_taken_out(sentence, list(profile.concern_kinds)) \
                or rule("worry.answer_it").search(sentence) or threat_named(sentence):
            continue
        out.append(sentence)
    return out


def _kept_from(shown: Assessment | None, drafted: Assessment) -> Assessment:
    """The redone assessment with the strengths and gaps of the version the coach saw, where the role is the same:
    what an earlier round added or took out stays so (a redo from the profile alone would undo it), and a claim that
    AI drafts the person's tasks the coach took back is not made again."""
    if shown is None:
        return drafted
    claimed = {e.dynamic for e in shown.exposure if DRAFTING_CLAIM.search(e.rationale)}  # a claim taken back stays
    drafted = drafted.model_copy(update={"exposure": [  # gone, whatever role the redo is on
        e if e.dynamic in claimed else without_drafting_claim(e) for e in drafted.exposure]})
    same = [m.role_id for m in shown.role_matches[:1]] == [m.role_id for m in drafted.role_matches[:1]]
    return drafted.model_copy(update={"gaps": shown.gaps, "durable_strengths": shown.durable_strengths}) \
        if same else drafted


def assess(state: CoachState, deps: AgentDeps) -> dict[str, Any]:
    """Write (or, after a rejection or a role chosen at the review, rewrite) the assessment, and check it.

    Feedback is read as a correction of the profile first ("I'm a secondary school teacher", "not an illustrator"),
    so the redo is of the person as they now say they are; a redo says what changed, from the two versions."""
    ensure_budget(state["tokens_used"], deps.limits)
    feedback = screened(state["feedback"], drafted=True).text if state["feedback"] else None
    before = profile = state["profile"]
    if feedback:  # what the coach's feedback says of the person's work, applied; the rest is the person's to say
        profile = _work_corrected(deps, profile, feedback, state["assessment"])
    drafted, by_catalog = _assessed(deps, profile, feedback)
    assessment = coached(_kept_from(state["assessment"], drafted.value), feedback, profile)  # what the coach said of
    # the work, strengths and gaps
    if (previous := state["assessment"]) is not None:
        names: dict[str, str] = {d.key: d.name for d in deps.kb.catalog.dynamics}
        roles = {r.id: r.name for r in deps.kb.catalog.roles}
        worries: dict[str, str] = {k: v.label for k, v in deps.kb.catalog.vocabulary.concern_kinds.items()}
        unread = _unread(deps, feedback, profile) if feedback else []
        work_named = bool(feedback and reader_for(deps.kb).role_feedback(feedback).role)
        assessment = assessment.model_copy(update={"revision_notes": changes(
            previous, assessment, before, profile, names, roles, worries, unread, work_named=work_named)})
    if by_catalog:
        assessment = assessment.model_copy(update={"revision_notes": [UNUSABLE_REPLY, *assessment.revision_notes][:12]})
    tokens = charge(state["tokens_used"], drafted.tokens, deps.limits)
    review = checked_assessment(deps.guards, assessment, profile, subject="assessment", heard=heard_in(state))
    if review.verdict == "revise" and deps.fallback_assessor is not None:  # never worse than the catalog
        catalog = deps.fallback_assessor.assess(profile, feedback).value
        catalog = catalog.model_copy(update={"revision_notes": [CATALOG_ASSESSMENT, *assessment.revision_notes][:12]})
        if (checked := checked_assessment(deps.guards, catalog, profile, subject="assessment, the catalog's",
                                          heard=heard_in(state))
                ).verdict == "pass":
            assessment, review = catalog, checked
    return {"assessment": assessment, "assessment_review": review, "tokens_used": tokens, "profile": profile,
            "feedback": None, "phase": "awaiting_review"}
