"""Whether what a person is shown keeps faith with them: every claim true, figures only about people like them,
their limits kept, each worry answered or declined - on every draft they see (the first plan, each revision, the
assessment) - and, for the live and correction cases, what they corrected kept."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Protocol

from agents.guards import Guards, placed_in
from agents.theirs import heard, their_numbers
from domain.assessment import Assessment
from domain.plan import Plan
from domain.profile import Profile
from domain.review import Review, ReviewIssue
from evals.live import LiveCase, Replay
from evals.properties import Outcome
from knowledge.base import KnowledgeBase
from reading.answers import reader_for
from reading.text import contains_phrase, normalize_number


class Shown(Protocol):
    """A session as the person saw it: the drafts at each review and the final state (a scripted persona's run or
    a live case's replay)."""

    @property
    def reviews(self) -> list[dict[str, Any]]: ...

    @property
    def final(self) -> dict[str, Any]: ...

    @property
    def profile(self) -> Profile: ...

    @property
    def assessment(self) -> Assessment: ...

    @property
    def plan(self) -> Plan: ...

    @property
    def final_by_coach(self) -> bool: ...


def _plans(r: Shown) -> Iterator[tuple[Plan, Plan | None]]:
    """Each plan the person saw, with the one they saw before it."""
    pauses = [p for p in r.reviews if p["kind"] == "plan_review"]
    seen = [Plan.model_validate(p["draft"]) for p in pauses]
    for n, plan in enumerate(seen):  # before it: the plan the coach saw last (their own edit, when a replay says so)
        before = pauses[n].get("before", pauses[n - 1]["draft"] if n else None)
        yield plan, Plan.model_validate(before) if before is not None else None
    approved = r.plan.model_copy(update={"open_issues": []}) if r.final.get("plan") is not None and not \
        r.final_by_coach else None
    if approved is not None and (not seen or approved != seen[-1]):  # an acknowledged draft only gains its issues
        yield r.plan, seen[-1] if seen else None


def _assessments(r: Shown) -> list[Assessment]:
    return [Assessment.model_validate(p["draft"]) for p in r.reviews if p["kind"] == "assessment_review"]


def _said(issues: list[ReviewIssue]) -> Outcome:
    return Outcome(not issues, "; ".join(f"{i.path}: {i.message[:120]}" for i in issues[:2]))


def claims_verified(r: Shown, kb: KnowledgeBase) -> Outcome:
    guards = _guards(kb)
    issues = [i for plan, shown in _plans(r) for i in guards.claims.plan_claims(plan, r.profile, shown)]
    issues += [i for a in _assessments(r) for i in guards.check_assessment(a, r.profile).issues if i.check == "claims"]
    return _said(issues)


def figures_for_their_group(r: Shown, kb: KnowledgeBase) -> Outcome:
    guards = _guards(kb)
    roles = placed_in(r.assessment)
    said = heard(r.final.get("transcript", []), r.final.get("decisions", []))
    issues = [i for plan, _ in _plans(r)
              for i in guards.check_plan(plan, r.profile, roles=roles, heard=said).issues if i.check == "figures"]
    issues += [i for a in _assessments(r) for i in guards.check_assessment(a, r.profile, said).issues
               if i.check == "figures"]
    return _said(issues)


def worries_answered(r: Shown, kb: KnowledgeBase) -> Outcome:
    kinds = reader_for(kb).concern_kinds_in
    issues = [i for plan, _ in _plans(r) for i in _guards(kb).claims.worries(
        plan, r.profile, {w: list(kinds(w)) for w in r.profile.concerns})]
    return _said(issues)


def limits_respected(r: Shown, kb: KnowledgeBase) -> Outcome:
    return _said([i for plan, _ in _plans(r) for i in _guards(kb).claims.limits(plan, r.profile)])


_FLAGGED = re.compile(r"^numbers(?: at \S+:)? the number '([^']+)' appears in no ")


def own_numbers_not_flagged(r: Shown, kb: KnowledgeBase) -> Outcome:
    """No number the person gave was flagged as uncited: neither on a draft shown nor among the guard errors a
    coach had to approve over (their edits say the person's facts back)."""
    said = heard(r.final.get("transcript", []), r.final.get("decisions", []))
    theirs = their_numbers(r.profile, said)
    flagged = [f"numbers {i.message}" for p in r.reviews if (review := _review(p.get("review")))
               for i in review.issues if i.check == "numbers"]
    flagged += [a for d in r.final.get("decisions", []) for a in getattr(d, "acknowledged", [])]
    wrong = [text for text in flagged if (m := _FLAGGED.match(text)) and normalize_number(m.group(1)) in theirs]
    return Outcome(not wrong, "; ".join(w[:120] for w in wrong[:2]))


def _review(value: Any) -> Review | None:
    return value if isinstance(value, Review) or value is None else Review.model_validate(value)


_GUARDS: dict[int, Guards] = {}


def _guards(kb: KnowledgeBase) -> Guards:
    return _GUARDS.setdefault(id(kb), Guards(kb))


FaithCheck = Callable[[Shown, KnowledgeBase], Outcome]
FAITH_CHECKS: dict[str, FaithCheck] = {
    "claims verified (on every draft shown)": claims_verified,
    "figures only about the person's group": figures_for_their_group,
    "every worry answered or declined": worries_answered,
    "limits respected (money, device, AI at work, times)": limits_respected,
    "the person's own numbers never flagged as uncited": own_numbers_not_flagged,
}


def corrections_kept(case: LiveCase, run: Replay) -> Outcome:
    """What the person said or corrected is what the confirmed profile holds (`expect`, field by field)."""
    profile = run.final["profile"]
    wrong = [f"{field}: {getattr(profile, field)!r}, expected {want!r}" for field, want in case.expect.items()
             if not _holds(getattr(profile, field), want)]
    return Outcome(None if not case.expect else not wrong, "; ".join(wrong[:3]))


def _holds(value: Any, want: Any) -> bool:
    """`value` holds what was expected: the same number or choice; for words, the expected phrase within what was
    kept ('audit associate' in 'audit associate at a mid tier firm'); for a list, each expected item so held."""
    if isinstance(want, list):
        return isinstance(value, list) and all(any(_holds(v, w) for v in value) for w in want)
    if isinstance(want, float | int) and not isinstance(want, bool) and isinstance(value, float | int):
        return abs(value - want) < 1e-9
    if isinstance(want, str) and isinstance(value, str) and " " in want.strip() + value.strip():
        return contains_phrase(value, want)
    return bool(value == want)
