"""Every claim verified, figures told only to their group, limits and worries kept: the guards on drafts a person
might be shown, and the plans the knowledge engine writes for people outside the catalog."""

from __future__ import annotations

import pytest

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.guards import Guards
from agents.planner.changes import revision_notes
from agents.planner.feedback import FeedbackReader
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.reviewer.fallback import WHOLE_PLAN, mended
from domain.feedback import Adjustments
from domain.plan import Plan
from domain.profile import Profile
from domain.review import Review, ReviewIssue
from knowledge.base import KnowledgeBase

PHARMACIST = Profile(
    current_role="pharmacist in a small pharmacy", domain="healthcare", situation="employed", years_experience=12,
    main_tasks=["dispensing", "checking scripts", "talking to patients about their meds"], hours_per_week=3,
    times_not=["evenings"], constraints=["no money for courses"], constraint_kinds=["money", "device"],
    concerns=["kiosks replacing us", "my written english", "the owner selling the shop"],
    concern_kinds=["replacement", "language"], age=44)


def _plan(kb: KnowledgeBase, profile: Profile, adjustments: Adjustments | None = None) -> Plan:
    return KnowledgePlanner(kb).draft(profile, KnowledgeAssessor(kb).assess(profile).value,
                                      adjustments=adjustments).value


def _errors(review: Review, check: str) -> list[ReviewIssue]:
    return [i for i in review.issues if i.check == check and i.severity == "error"]


def test_a_plan_outside_the_catalog_is_built_on_the_persons_own_work(kb: KnowledgeBase) -> None:
    plan = _plan(kb, PHARMACIST)
    text = " ".join(f"{a.title} {' '.join(a.steps)}" for s in plan.stages for a in s.actions)
    assert "checking scripts" in text, "their own task, by short name"
    assert "first pass at dispensing" not in text and "talking to patients is a likely one" not in text, \
        "neither a physical task nor one with people is ever handed to AI"
    assert "a leaflet, a lesson plan" not in text and "{" not in text
    review = Guards(kb).check_plan(plan, PHARMACIST)
    assert review.verdict == "pass", review.issues


def test_limits_hold_and_every_worry_is_answered_or_declined(kb: KnowledgeBase) -> None:
    plan = _plan(kb, PHARMACIST)
    ids = {a.catalog_id for s in plan.stages for a in s.actions}
    needs = {n for a in kb.catalog.actions if a.id in ids for n in a.needs}
    assert not {"paid", "desk", "build"} & needs, "no money and only a phone rule these out"
    assert not any("evening" in step.lower() for s in plan.stages for a in s.actions for step in a.steps)
    answered = {w for s in plan.stages for a in s.actions for w in a.addresses}
    assert any("second language" in w for w in answered) and any("replaced" in w for w in answered)
    assert any("the owner selling the shop" in n for n in plan.revision_notes), "a worry no kind names: declined"


def test_no_figure_reaches_a_person_outside_its_group(kb: KnowledgeBase) -> None:
    nurse = Profile(current_role="registered nurse", domain="healthcare", situation="employed", age=36,
                    seniority="junior", main_tasks=["patient care", "charting"], hours_per_week=4)
    summary = KnowledgeAssessor(kb).assess(nurse).value.risk_summary
    assert "ML job postings" not in summary and "57.7%" not in summary and "22 to 25" not in summary
    plan = _plan(kb, nurse).model_copy(update={"summary": "57.7% of ML job postings prefer domain specialists."})
    assert _errors(Guards(kb).check_plan(plan, nurse), "figures")
    young = nurse.model_copy(update={"age": 23})
    assert not _errors(Guards(kb).check_plan(plan.model_copy(update={
        "summary": "Employment of workers aged 22 to 25 fell by 13 to 16%."}), young), "figures")


@pytest.mark.parametrize(("sentence", "true_here"), [
    ("This version takes your feedback into account.", False),
    ("Also, it needs no paid courses or tools.", True),
    ("Left out, as you asked - coding - no action is about it.", True),
    ("A plan for you, in at most one hour a week.", False),
    ("Removed: Map one week of your work into what AI could draft and what needs you.", False),
])
def test_a_claim_is_held_against_the_plan_itself(kb: KnowledgeBase, sentence: str, true_here: bool) -> None:
    plan = _plan(kb, PHARMACIST)
    claimed = plan.model_copy(update={"revision_notes": [sentence]})
    assert (not _errors(Guards(kb).check_plan(claimed, PHARMACIST, shown=plan), "claims")) is true_here


def test_limits_catch_what_a_chat_model_might_write(kb: KnowledgeBase) -> None:
    plan = _plan(kb, PHARMACIST)
    stage = plan.stages[0]
    bad = stage.actions[0].model_copy(update={"catalog_id": None, "steps": [
        "Take a short course in interaction design basics.", "Build 1 small AI project on your laptop.",
        "Each evening, review what you did."]})
    broken = plan.model_copy(update={"stages": [stage.model_copy(update={"actions": [bad]}), *plan.stages[1:]]})
    messages = " ".join(i.message for i in _errors(Guards(kb).check_plan(broken, PHARMACIST), "limits"))
    assert "costs money" in messages and "computer" in messages and "evenings" in messages


def test_feedback_becomes_operations_and_each_is_said_done_or_not(kb: KnowledgeBase) -> None:
    profile = PHARMACIST.model_copy(update={"constraint_kinds": ["money"], "hours_per_week": 6, "times_not": []})
    shown = _plan(kb, profile)
    target = next(a for s in shown.stages for a in s.actions if "," not in a.title)
    first = target.title
    said = f"Take out the {' '.join(first.lower().split()[:6])} and the lottery ticket. Fewer hours please. " \
           "Make it so. More sparkle"
    asked = FeedbackReader(kb.catalog.vocabulary).read(said, shown)
    assert asked.remove == [target.catalog_id] and asked.lighter
    assert asked.unmatched == ["lottery ticket"]
    assert [a.said for a in asked.asks if not a.has_op] == ["Make it so", "More sparkle"]
    planner = KnowledgePlanner(kb)
    revised = planner.draft(profile, KnowledgeAssessor(kb).assess(profile).value,
                            adjustments=asked.model_copy(update={"stage_caps": {"survive": 2.0}})).value
    notes = revision_notes(shown, revised, asked, Guards(kb).topics)
    assert any(n.startswith("Removed: ") and first in n for n in notes)
    assert any("lottery ticket" in n and "no action matches" in n for n in notes)
    undone = [n for n in notes if n.startswith("Not acted on: ")]  # the asks it cannot do, in one note
    assert len(undone) == 1 and '"Make it so"; "More sparkle"' in undone[0], notes
    assert not _errors(Guards(kb).check_plan(revised.model_copy(update={"revision_notes": notes}), profile,
                                             shown=shown), "claims")


def test_a_model_draft_that_still_fails_is_mended_from_the_catalog(kb: KnowledgeBase) -> None:
    catalog = _plan(kb, PHARMACIST)
    model = catalog.model_copy(update={"summary": "Guaranteed success."})
    review = Review.of([ReviewIssue(check="claims", severity="error", path="summary", message="x"),
                        ReviewIssue(check="limits", severity="error", path="stages[1].actions[0]", message="y")],
                       ["claims"])
    plan, notes = mended(model, review, catalog)
    assert plan.summary == catalog.summary and plan.stages[1].actions[0] == catalog.stages[1].actions[0]
    assert len(notes) == 2 and all("catalog's" in n for n in notes)
    whole, said = mended(model, Review.of([ReviewIssue(check="worries", severity="error", path="stages",
                                                       message="z")], ["worries"]), catalog)
    assert said == [WHOLE_PLAN] and whole.stages == catalog.stages


def test_an_ask_the_plan_already_kept_is_said_to_be_so(kb: KnowledgeBase) -> None:
    shown = _plan(kb, PHARMACIST)
    topics = Guards(kb).topics
    absent = next(t for t in ("management", "coding", "leadership")
                  if not any(t in topics.of(a) for s in shown.stages for a in s.actions))
    asked = FeedbackReader(kb.catalog.vocabulary).read(f"Please no {absent}. Thanks!", shown)
    assert [a.exclude for a in asked.asks] == [[absent]], "one ask, read as an operation; the thanks is no ask"
    revised = KnowledgePlanner(kb).draft(PHARMACIST, KnowledgeAssessor(kb).assess(PHARMACIST).value,
                                         adjustments=asked).value
    notes = revision_notes(shown, revised, asked, topics)
    assert any(n.startswith(f'Already so: "Please no {absent}') for n in notes), notes
    assert not any("Not acted on" in n for n in notes)
