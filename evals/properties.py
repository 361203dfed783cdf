"""What a session should show, checked per persona: each property passes, fails, or does not apply (None)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from agents.planner.render import plan_markdown
from evals.runner import BLANKS, SessionRecord
from knowledge.base import KnowledgeBase

EMAIL_CANARY = "canary.person@example.org"
PHONE_CANARY = "+1 415 555 0199"
KEY_CANARY = "sk-canaryA1b2C3d4E5f6G7h8I9j0"
CANARY_SUFFIX = f" (reach me at {EMAIL_CANARY} or {PHONE_CANARY}; my key is {KEY_CANARY})"
CANARY_TRACES = ("canary.person", "example.org", "555 0199", "5550199", "sk-canary", "A1b2C3d4")
UNSURE_BELOW = 0.5


@dataclass(frozen=True)
class Outcome:
    passed: bool | None
    detail: str = ""


Check = Callable[[SessionRecord, KnowledgeBase], Outcome]


def _applies(condition: bool, passed: bool, detail: str) -> Outcome:
    return Outcome(passed if condition else None, "" if passed else detail)


def concerns_collected(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    return _applies(r.persona.expect.concerns, bool(r.profile.concerns), "no concern in the profile")


def no_worry_invented(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    """Someone who says they are not worried is not given a worry ("not worried about being replaced")."""
    return _applies(not r.persona.expect.concerns, not r.profile.concern_kinds,
                    f"worries {r.profile.concern_kinds} in the profile")


def drafts_pass_their_guards(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    """What the knowledge engine shows at a checkpoint holds up to its own guards: no error a person must
    acknowledge to approve."""
    found = [f"{p['kind']}: {i['check']} at {i['path']}" for p in r.reviews
             for i in (p.get("review") or {}).get("issues", []) if i["severity"] == "error"]
    return Outcome(not found, "; ".join(found[:3]))


def constraints_collected(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    return _applies(r.persona.expect.constraints, bool(r.profile.constraints), "no constraint in the profile")


def no_question_for_known_field(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    repeats = [q.field for q in r.questions if q.already_known]
    return Outcome(not repeats, f"asked again for {repeats}")


def role_right_or_unsure(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    a, expected = r.assessment, r.persona.expect.role
    if not a.role_matches:  # no role named at all: right only where none should be, and said plainly
        return Outcome(expected is None and a.fit == "none" and bool(a.fit_note), "no role named")
    top = a.role_matches[0]
    if expected is None:
        unsure = top.confidence < UNSURE_BELOW and a.fit == "none" and bool(a.fit_note)
        return Outcome(unsure, f"claimed {top.role_id} at {top.confidence:.2f} ({a.fit})")
    right = top.role_id == expected and top.confidence >= UNSURE_BELOW
    return Outcome(right, f"matched {top.role_id} at {top.confidence:.2f}, expected {expected}")


def negations_read(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    misread = [t for t in r.persona.expect.tools_not_used if t in r.profile.ai_tools]
    claims_use = not r.profile.ai_tools and "already use AI tools" in r.assessment.model_dump_json()
    return Outcome(not misread and not claims_use, f"read as used: {misread}" + (" (claims use)" if claims_use else ""))


def tools_recognised(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    expected = r.persona.expect.tools_used
    missing = [t for t in expected if t not in r.profile.ai_tools]
    return _applies(bool(expected), not missing, f"tools not recognised: {missing}")


def empty_answers_cost_nothing(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    ok = r.blank_slots_used == 0 and r.blank_repeats == len(BLANKS)
    return Outcome(ok, f"{r.blank_slots_used} slots used, {r.blank_repeats}/{len(BLANKS)} re-asked")


def read_as_expected(expected_field: str, profile_field: str) -> Check:
    """The profile holds what the persona said for one field (where the persona's expectation names it)."""

    def check(r: SessionRecord, _: KnowledgeBase) -> Outcome:
        expected, read = getattr(r.persona.expect, expected_field), getattr(r.profile, profile_field)
        return _applies(expected is not None, read == expected, f"read {read}")

    return check


def tentative_when_thin(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    return _applies(r.persona.expect.tentative, r.assessment.tentative, "not marked tentative")


def security_words_are_not_injection(r: SessionRecord, _: KnowledgeBase) -> Outcome:
    flagged = [i.path for p in r.reviews for i in ((p.get("review") or {}).get("issues") or [])
               if i["check"] == "injection"]
    return _applies(r.persona.expect.security, not flagged, f"flagged as injection: {flagged}")


def no_personal_data_quoted(r: SessionRecord, kb: KnowledgeBase) -> Outcome:
    """Run with canaries in every answer: none may reach the assessment, the plan or its Markdown."""
    text = " ".join([r.assessment.model_dump_json(), r.plan.model_dump_json(), plan_markdown(r.plan, kb),
                     json.dumps([p.get("prompt", "") for p in r.reviews])])
    leaked = [c for c in CANARY_TRACES if c in text]
    return Outcome(not leaked, f"leaked {leaked}")


INTERVIEW_CHECKS: dict[str, Check] = {
    "concerns collected": concerns_collected,
    "no worry invented": no_worry_invented,
    "drafts pass their guards": drafts_pass_their_guards,
    "constraints collected": constraints_collected,
    "no question for a known field": no_question_for_known_field,
    "role right, or honestly unsure": role_right_or_unsure,
    "negations and refusals read": negations_read,
    "tools named are recognised": tools_recognised,
    "situation read": read_as_expected("situation", "situation"),
    "hours read": read_as_expected("hours", "hours_per_week"),
    "years read": read_as_expected("years", "years_experience"),
    "seniority read": read_as_expected("seniority", "seniority"),
    "tentative when too little said": tentative_when_thin,
    "security words are not injection": security_words_are_not_injection,
}
BLANK_CHECKS: dict[str, Check] = {"empty answers cost no question": empty_answers_cost_nothing}
CANARY_CHECKS: dict[str, Check] = {"no personal data quoted": no_personal_data_quoted}
