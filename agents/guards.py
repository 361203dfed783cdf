"""Deterministic guards shared by the reviewer agent and the API.

Each check returns `ReviewIssue`s with a path into the draft. Errors send a plan back for revision;
the same checks re-run on a human's edit so the reviewer of the edit sees their findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import BaseModel

from agents.audience import Who
from agents.claims import ClaimChecker, deadline_for
from agents.prompts import SAFETY_RULES
from agents.theirs import heard, their_numbers
from agents.topics import Topics
from domain.assessment import Assessment
from domain.feedback import Adjustments
from domain.plan import STAGE_ORDER, Plan, PlanAction
from domain.profile import Profile
from domain.review import Check, Review, ReviewIssue
from domain.state import CoachState
from knowledge.base import KnowledgeBase
from knowledge.index import Tokenizer
from observability.events import now_ns, report_guards
from reading.answers import reader_for
from reading.instructions import instruction_match, is_instruction
from reading.privacy import has_personal_data
from reading.rules import rule
from reading.text import normalize_number, number_set, numbers_in, shared_run, without_planning_numbers

PLAN_CHECKS: tuple[Check, ...] = ("stages", "citations", "numbers", "budget", "guarantees", "injection", "privacy",
                                  "claims", "figures", "limits", "worries")
ASSESSMENT_CHECKS: tuple[Check, ...] = ("citations", "numbers", "guarantees", "injection", "privacy", "claims",
                                        "figures")
MIN_SUPPORT_TERMS = 2

# Promises of outcomes no plan can make: a job, a salary, a promotion, success. "Check every promise before it goes
# out" or "there is no guarantee" are not promises.
_GUARANTEE = re.compile(
    r"\b(?:(?:we|i|this plan|the plan|the coach)\s+(?:guarantee|promise)s?|"
    r"guaranteed?\s+(?:you\s+)?(?:a |an |the |your )?"
    r"(?:job|role|offer|promotion|salary|income|success|results?|interviews?|raise|placement|hire)|"
    r"(?:job|role|income|salary|success|results?|placement)\s+(?:is|are)\s+(?:guaranteed|assured|certain)|"
    r"(?:is|are) guaranteed to|promise[sd]? (?:you|that you)|certain(?:ly)? to (?:get|land|be hired)|"
    r"100% (?:sure|certain|guaranteed)|will (?:definitely|certainly|surely) (?:get|land|earn|be hired)|"
    r"you will (?:get|land|be offered) (?:a|the|your) (?:job|role|offer|promotion)|will be hired|risk[- ]free|"
    r"job security is assured|salary of at least)\b",
    re.IGNORECASE,
)
# Markup a draft must never carry: tags, links, images, URLs, code fences, chat-template tokens.
_MARKUP = re.compile(r"</?[A-Za-z!][^<>]{0,200}>|\]\(|\b(?:https?|javascript|data|ftp|file):|\bwww\.|```|<\||\$\{|\{\{")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_INJECTION_RUN_WORDS = 5
_PROMPT_RUN_WORDS = 6
# The prompts' own words: their shared rules, and the lines every agent's prompt opens and closes with (the rest
# describes the catalog's stages, which drafts rightly echo). The agents' prompts are theirs; guards import none.
_PROMPT_LINES = re.compile(r"\byou are the (?:assessor|planner|reviewer) of a career-coaching service\b|"
                           r"\breply with (?:only the corrected )?json(?: document)?(?: only)?\b", re.IGNORECASE)


def looks_like_instruction(text: str) -> bool:
    """Whether `text` addresses the system with an instruction (data, never an order)."""
    return is_instruction(text)


def untrusted_sentences(profile: Profile) -> list[str]:
    """Sentences of the person's text that read like instructions to the system: data, never orders."""
    texts = [profile.current_role or "", *profile.skills, *profile.ai_tools, *profile.main_tasks, *profile.goals,
             *profile.constraints, *profile.concerns]
    return [s.strip() for t in texts for s in _SENTENCE.findall(t) if is_instruction(s)]


def _action_texts(action: PlanAction) -> list[str]:
    return [action.title, action.why, *action.steps, action.success_metric]


def _plan_texts(plan: Plan) -> Iterator[tuple[str, str]]:
    """(path, text) for every free-text field of a plan."""
    yield "summary", plan.summary
    for s, stage in enumerate(plan.stages):
        yield f"stages[{s}].goal", stage.goal
        for a, action in enumerate(stage.actions):
            base = f"stages[{s}].actions[{a}]"
            yield f"{base}.title", action.title
            yield f"{base}.why", action.why
            for i, step in enumerate(action.steps):
                yield f"{base}.steps[{i}]", step
            yield f"{base}.success_metric", action.success_metric


def _assessment_texts(assessment: Assessment) -> Iterator[tuple[str, str]]:
    yield "risk_summary", assessment.risk_summary
    if assessment.fit_note:
        yield "fit_note", assessment.fit_note
    for i, item in enumerate(assessment.durable_work):
        yield f"durable_work[{i}]", item
    for i, exp in enumerate(assessment.exposure):
        yield f"exposure[{i}].rationale", exp.rationale
    for i, match in enumerate(assessment.role_matches):
        yield f"role_matches[{i}].reason", match.reason
    for i, item in enumerate(assessment.durable_strengths):
        yield f"durable_strengths[{i}]", item
    for i, item in enumerate(assessment.gaps):
        yield f"gaps[{i}]", item


def _relayed(path: str, text: str) -> list[ReviewIssue]:
    """Instruction-like text, markup or the coach's own prompts in a draft: relayed, never to be sent."""
    found: list[str] = []
    if said := instruction_match(text):
        found.append(f"contains instruction-like text ({said[:60]!r}); the draft must not relay it")
    if markup := _MARKUP.search(text):
        found.append(f"contains markup or a link ({markup.group(0)[:40]!r}); the draft must be plain text")
    if shared_run(text, SAFETY_RULES, _PROMPT_RUN_WORDS) or _PROMPT_LINES.search(text):
        found.append("repeats the coach's own instructions; the draft must not reveal them")
    return [ReviewIssue(check="injection", severity="error", path=path, message=m) for m in found]


def stated_numbers(text: str) -> list[str]:
    """The numbers a draft states as facts, as written: not the plan's own schedule ("2 hours a week for 6 weeks"),
    nor a number that is part of a name ("Microsoft 365", "ISO 17025", "GPT-4")."""
    return numbers_in(rule("number.in_name").sub(" ", without_planning_numbers(text)))


def _feedback(path: str, message: str) -> ReviewIssue:
    return ReviewIssue(check="feedback", severity="error", path=path, message=message)


class Guards:
    """The checks, bound to the knowledge base that citations must resolve against."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._tokenize = Tokenizer()
        self.topics = Topics(kb)
        self.claims = ClaimChecker(kb, self.topics)

    def _cited_text(self, ids: list[str]) -> str:
        return " ".join(f"{item.title} {item.text}" for i in ids if (item := self.kb.get(i)))

    def _unresolved(self, ids: list[str], path: str) -> list[ReviewIssue]:
        return [
            ReviewIssue(check="citations", severity="error", path=f"{path}[{n}]",
                        message=f"citation {cid!r} does not resolve to any knowledge entry")
            for n, cid in enumerate(ids) if cid not in self.kb
        ]

    def _unsupported_numbers(self, path: str, text: str, allowed: set[str], where: str) -> list[ReviewIssue]:
        """A number neither the cited entries nor the person gave (theirs are in `allowed` too)."""
        return [
            ReviewIssue(check="numbers", severity="error", path=path,
                        message=f"the number {raw!r} appears in no {where} and is not one the person gave")
            for raw in stated_numbers(text) if normalize_number(raw) not in allowed
        ]

    def _language(self, items: Iterator[tuple[str, str]], profile: Profile | None) -> list[ReviewIssue]:
        issues: list[ReviewIssue] = []
        untrusted = untrusted_sentences(profile) if profile else []
        for path, text in items:
            if m := _GUARANTEE.search(text):
                issues.append(ReviewIssue(check="guarantees", severity="error", path=path,
                                          message=f"promises an outcome ({m.group(0)!r}); no job or salary is certain"))
            issues += _relayed(path, text)
            if has_personal_data(text):
                issues.append(ReviewIssue(check="privacy", severity="error", path=path,
                                          message="quotes personal data (an e-mail address, phone number or key)"))
            for sentence in untrusted:
                if run := shared_run(text, sentence, _INJECTION_RUN_WORDS):
                    issues.append(ReviewIssue(
                        check="injection", severity="error", path=path,
                        message=f"repeats the person's instruction-like text ({run!r}) instead of treating it as data",
                    ))
        return issues

    def check_plan(self, plan: Plan, profile: Profile, adjustments: Adjustments | None = None, *,
                   shown: Plan | None = None, roles: tuple[str, ...] = (), closed: tuple[str, ...] = (),
                   heard: Sequence[str] = (), asked: Adjustments | None = None) -> Review:
        """Every check on a plan. `shown`: the plan the person saw before (what claims of change are measured
        against); `roles`: the catalog roles the assessment placed them in (whom figures may be told to); `closed`:
        stages a check-in found done (no longer in the plan); `heard`: what the person said and the feedback given at
        the reviews (`agents.theirs.heard`), whose numbers are theirs to be told back; `asked`: what the last round
        of feedback asked, clause by clause (what the revision notes say of it is held against it)."""
        theirs = their_numbers(profile, heard)
        issues: list[ReviewIssue] = [*self.check_feedback(plan, adjustments)] if adjustments else []
        issues += self.claims.plan_claims(plan, profile, shown, asked)
        issues += self.claims.limits(plan, profile)
        issues += self.claims.deadline(plan, deadline_for(profile, adjustments))
        issues += self.claims.situation(plan, profile)
        kinds = reader_for(self.kb).concern_kinds_in
        issues += self.claims.worries(plan, profile, {w: list(kinds(w)) for w in profile.concerns})
        issues += self.claims.figures(_plan_texts(plan), Who.of(profile, roles, theirs))
        present = [s.stage for s in plan.stages]
        for key in STAGE_ORDER:
            if key not in present and key not in closed:
                issues.append(ReviewIssue(check="stages", severity="error", path="stages",
                                          message=f"the {key} stage is missing"))
        if [k for k in present if k in STAGE_ORDER] != [k for k in STAGE_ORDER if k in present] or len(
            set(present)
        ) != len(present):
            issues.append(ReviewIssue(check="stages", severity="error", path="stages",
                                      message="stages must appear once each, in the order survive, adapt, lead"))
        all_cited: list[str] = []
        for s, stage in enumerate(plan.stages):
            for a, action in enumerate(stage.actions):
                base = f"stages[{s}].actions[{a}]"
                all_cited += action.citations
                issues += self._unresolved(action.citations, f"{base}.citations")
                cited = self._cited_text(action.citations)
                overlap = set(self._tokenize(" ".join(_action_texts(action)))) & set(self._tokenize(cited))
                if cited and len(overlap) < MIN_SUPPORT_TERMS:
                    issues.append(ReviewIssue(check="citations", severity="error", path=f"{base}.citations",
                                              message="none of the cited entries is about this action"))
                allowed = number_set([cited]) | theirs
                for i, text in enumerate(_action_texts(action)):
                    issues += self._unsupported_numbers(f"{base}.text[{i}]", text, allowed, "entry this action cites")
            if profile.hours_per_week is not None and stage.weekly_hours > profile.hours_per_week + 1e-9:
                issues.append(ReviewIssue(
                    check="budget", severity="error", path=f"stages[{s}]",
                    message=(f"the {stage.stage} stage asks {stage.weekly_hours:g} h/week side by side; "
                             f"the budget is {profile.hours_per_week:g} h/week"),
                ))
        plan_allowed = number_set([self._cited_text(all_cited)]) | theirs
        issues += self._unsupported_numbers("summary", plan.summary, plan_allowed, "cited entry")
        for s, stage in enumerate(plan.stages):
            issues += self._unsupported_numbers(f"stages[{s}].goal", stage.goal, plan_allowed, "cited entry")
        issues += self._language(_plan_texts(plan), profile)
        checks: list[Check] = [*PLAN_CHECKS, "feedback"] if adjustments and not adjustments.empty else list(PLAN_CHECKS)
        return Review.of(issues, checks)

    def check_feedback(self, plan: Plan, adjustments: Adjustments) -> list[ReviewIssue]:
        """What the person asked for at the checkpoint, held against the draft."""
        issues: list[ReviewIssue] = []
        budget = adjustments.hours_budget
        for s, stage in enumerate(plan.stages):
            if budget is not None and stage.weekly_hours > budget + 1e-9:
                issues.append(_feedback(f"stages[{s}]", f"the {stage.stage} stage asks {stage.weekly_hours:g} h/week; "
                                                        f"the person asked for at most {budget:g}"))
            for a, action in enumerate(stage.actions):
                for topic in sorted(self.topics.of(action) & set(adjustments.exclude)):
                    issues.append(_feedback(f"stages[{s}].actions[{a}]", f"is about {topic}, which the person "
                                                                          "asked to leave out"))
        declined = " ".join(plan.revision_notes)
        for topic in adjustments.focus:
            if not self.topics.count(plan, topic) and f"more on {topic}, but" not in declined:
                issues.append(_feedback("stages", f"the person asked to focus on {topic}; no action is about it and "
                                                  "the revision notes do not say why"))
        return issues

    def check_assessment(self, assessment: Assessment, profile: Profile | None = None,
                         heard: Sequence[str] = ()) -> Review:
        """Every check on an assessment; `heard` as for `check_plan`."""
        issues: list[ReviewIssue] = []
        theirs = their_numbers(profile, heard)
        who = Who.of(profile or Profile(), [m.role_id for m in assessment.role_matches[:1]
                                            if assessment.fit != "none"], theirs)
        issues += self.claims.figures(_assessment_texts(assessment), who)
        redone = [n for n in assessment.revision_notes if not n.startswith("I read your feedback, but")]
        for path, text in _assessment_texts(assessment):
            if rule("claim.feedback_handled").search(text) and not redone:
                issues.append(ReviewIssue(check="claims", severity="error", path=path,
                                          message="says feedback was acted on, but this version changed nothing"))
        cited: list[str] = list(assessment.citations)
        issues += self._unresolved(assessment.citations, "citations")
        for i, exp in enumerate(assessment.exposure):
            issues += self._unresolved(exp.citations, f"exposure[{i}].citations")
            cited += exp.citations
        for i, match in enumerate(assessment.role_matches):
            if match.role_id not in self.kb:
                issues.append(ReviewIssue(check="citations", severity="error", path=f"role_matches[{i}].role_id",
                                          message=f"unknown role {match.role_id!r}"))
        allowed = number_set([self._cited_text(cited)]) | theirs
        for path, text in _assessment_texts(assessment):
            issues += self._unsupported_numbers(path, text, allowed, "cited entry")
        dynamics = {e.dynamic for e in assessment.exposure}
        if len(dynamics) != len(assessment.exposure):
            issues.append(ReviewIssue(check="schema", severity="error", path="exposure",
                                      message="each of the four dynamics must be assessed exactly once"))
        issues += self._language(_assessment_texts(assessment), profile)
        return Review.of(issues, list(ASSESSMENT_CHECKS))


def _reported(review: Review, subject: str, started_ns: int) -> Review:
    failures = [f"{i.check}@{i.path}: {i.message}" for i in review.issues if i.severity == "error"]
    report_guards(subject=subject, checks=review.checks, failures=failures, started_ns=started_ns)
    return review


def placed_in(assessment: Assessment | None) -> tuple[str, ...]:
    """The catalog role an assessment placed the person in, if it placed them at all."""
    return (assessment.role_matches[0].role_id,) if assessment is not None and assessment.fit != "none" else ()


def checked_plan(guards: Guards, plan: Plan, profile: Profile, *, subject: str,
                 adjustments: Adjustments | None = None, shown: Plan | None = None,
                 roles: tuple[str, ...] = (), closed: tuple[str, ...] = (), heard: Sequence[str] = (),
                 asked: Adjustments | None = None) -> Review:
    """The guards' review of a plan, reported to the tracer as a `guards` span."""
    started = now_ns()
    review = guards.check_plan(plan, profile, adjustments, shown=shown, roles=roles, closed=closed, heard=heard,
                               asked=asked)
    return _reported(review, subject, started)


def closed_stages(state: CoachState) -> tuple[str, ...]:
    """The stages a check-in under way found done (none in a full session)."""
    checkin = state.get("checkin")
    return tuple(checkin.done_stages) if checkin is not None else ()


def checked_assessment(guards: Guards, assessment: Assessment, profile: Profile, *, subject: str,
                       heard: Sequence[str] = ()) -> Review:
    """The guards' review of an assessment, reported to the tracer as a `guards` span."""
    started = now_ns()
    return _reported(guards.check_assessment(assessment, profile, heard), subject, started)


def heard_in(state: CoachState) -> tuple[str, ...]:
    """What the person said and the feedback given at the reviews so far in a session."""
    return heard(state["transcript"], state["decisions"])


REFERENCE_FIELDS = frozenset({"citations", "applies", "catalog_id", "role_id"})
Loc = tuple[str | int, ...]


def _references(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str, str]]:
    """(location, field, id) of every id a draft's JSON holds in a reference field."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in REFERENCE_FIELDS and isinstance(item, str):
                yield (*loc, key), key, item
            elif key in REFERENCE_FIELDS and isinstance(item, list):
                yield from (((*loc, key, n), key, ref) for n, ref in enumerate(item) if isinstance(ref, str))
            else:
                yield from _references(item, (*loc, key))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _references(item, (*loc, n))


def unknown_references(before: BaseModel, after: BaseModel, kb: KnowledgeBase) -> list[Loc]:
    """Where an edit put an id that is not the knowledge base's: each id of `after` that `before` did not hold and
    that does not resolve (a catalog action for `catalog_id`, a catalog role for `role_id`, any entry the caller
    may see for a citation). Ids the draft already held are the guards' to judge, not the edit's."""
    held = {ref for _, _, ref in _references(before.model_dump(mode="json"))}
    actions = {action.id for action in kb.catalog.actions}
    roles = {role.id for role in kb.catalog.roles}
    unknown: list[Loc] = []
    for loc, field, ref in _references(after.model_dump(mode="json")):
        known = ref in actions if field == "catalog_id" else ref in roles if field == "role_id" else ref in kb
        if ref not in held and not known:
            unknown.append(loc)
    return unknown


def where(loc: Loc) -> str:
    """A location as the guards write paths: `stages[0].actions[1].citations[0]`."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
