"""The person's own numbers are theirs to be told back: the guards flag as uncited only a number that neither a cited
entry nor the person gave (in any spelling), never a number in a product's or a standard's name, and a source's
figure that merely shares a number with what the person said is not that figure. Money coming to the person (others
paying for a class they run) is no cost."""

from __future__ import annotations

import pytest

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.guards import Guards, stated_numbers
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.theirs import heard, their_numbers
from domain.plan import Plan
from domain.profile import Profile
from domain.review import Review, ReviewIssue
from domain.state import Decision, Turn
from knowledge.base import KnowledgeBase

ASSESSOR = Profile(
    current_role="benefits assessment officer at the council", situation="employed", years_experience=17, age=52,
    main_tasks=["assessing housing benefit claims", "overpayment calculations", "decision letters"],
    goals=["keep my job till I'm 60 and take my pension"], hours_per_week=2,
    constraints=["no money for courses"], constraint_kinds=["money"],
    concerns=["the bots already do the simple changes"], concern_kinds=["replacement"])


def _plan(kb: KnowledgeBase, profile: Profile) -> Plan:
    return KnowledgePlanner(kb).draft(profile, KnowledgeAssessor(kb).assess(profile).value).value


def _errors(review: Review, check: str) -> list[ReviewIssue]:
    return [i for i in review.issues if i.check == check and i.severity == "error"]


def _with_step(plan: Plan, step: str, *, summary: str | None = None) -> Plan:
    """`plan` with `step` added to its first action (and, if given, a new summary)."""
    stage = plan.stages[0]
    action = stage.actions[0].model_copy(update={"steps": [*stage.actions[0].steps, step]})
    stages = [stage.model_copy(update={"actions": [action, *stage.actions[1:]]}), *plan.stages[1:]]
    return plan.model_copy(update={"stages": stages, "summary": summary or plan.summary})


def _turn(answer: str) -> Turn:
    return Turn(question_id="q", field="goals", question="?", answer=answer, counted=True)


@pytest.mark.parametrize(("said", "written"), [
    ("Keep my job till I'm 60 and can take my pension.", "Aim for the role you want to hold until 60."),
    ("Been doing it 17 years so don't tell me it's easy.", "Write down what your 17 years taught you."),
    ("put mid knotless up from 120 to 150", "Tell regulars the price goes from 120 to 150 next month."),
    ("my insta has like 1.8k followers", "Post the reel to your 1,800 followers."),
    ("about twenty-two years on the tools", "Use your 22 years on the tools as the case."),
    ("i was on 29k", "At £29,000 a year, keep every step free."),
    ("14 yrs in retail banking", "Name the 14 years you spent in retail banking."),
    ("want to be on the trainer route within 7 yrs", "Ask about the trainer route you want within 7 years."),
])
def test_a_number_the_person_gave_is_theirs_in_any_spelling(kb: KnowledgeBase, said: str, written: str) -> None:
    plan = _with_step(_plan(kb, ASSESSOR), written, summary=written)
    guards = Guards(kb)
    assert not _errors(guards.check_plan(plan, ASSESSOR, heard=[said]), "numbers")
    assert _errors(guards.check_plan(plan, ASSESSOR.model_copy(update={"goals": [], "years_experience": None})),
                   "numbers"), "the same number from nobody is uncited"


def test_the_coachs_feedback_and_the_confirmed_profile_count_as_said(kb: KnowledgeBase) -> None:
    plan = _with_step(_plan(kb, ASSESSOR), "Bring 3 of the 40 cases you fixed last month.")
    guards = Guards(kb)
    assert _errors(guards.check_plan(plan, ASSESSOR), "numbers")
    feedback = Decision(interrupt_id="i", kind="plan_review", action="reject",
                        feedback="She fixed 40 cases last month, use them.")
    assert not _errors(guards.check_plan(plan, ASSESSOR, heard=heard([], [feedback])), "numbers")
    assert heard([_turn("I fixed 40 cases")], [feedback]) == ("I fixed 40 cases", feedback.feedback)
    assert {"17", "52", "60", "2"} <= their_numbers(ASSESSOR), "profile fields and words"


@pytest.mark.parametrize("name", ["Microsoft 365", "ISO 17025", "Windows 11", "GPT-4", "Excel 2016", "Python 3",
                                  "ISO/IEC 27001", "NVQ Level 3", "Office 365", "BS 7671"])
def test_a_number_in_a_product_or_standard_name_is_no_figure(kb: KnowledgeBase, name: str) -> None:
    step = f"Do the free {name} module on the council's e-learning portal."
    assert not stated_numbers(step)
    assert not _errors(Guards(kb).check_plan(_with_step(_plan(kb, ASSESSOR), step), ASSESSOR), "numbers")


@pytest.mark.parametrize("step", ["Find 365 people who left the council.", "Ask for the 17025 cases from last year.",
                                  "Tell your manager 83% of claims are wrong."])
def test_a_bare_figure_still_needs_its_source(kb: KnowledgeBase, step: str) -> None:
    assert stated_numbers(step)
    assert _errors(Guards(kb).check_plan(_with_step(_plan(kb, ASSESSOR), step), ASSESSOR), "numbers")


def test_a_figure_shared_by_chance_is_their_fact_but_the_sources_figure_still_needs_its_group(
        kb: KnowledgeBase) -> None:
    """'5 years' is a source's figure about construction trades; 'your 5 years braiding' is the person's."""
    braider = Profile(current_role="self-employed hair braider", situation="freelance", years_experience=5,
                      main_tasks=["knotless braids", "booking clients"], hours_per_week=4)
    plan = _plan(kb, braider)
    theirs = plan.model_copy(update={"summary": "Your 5 years of braiding are the base of this plan."})
    guards = Guards(kb)
    assert not _errors(guards.check_plan(theirs, braider), "figures")
    stranger = braider.model_copy(update={"years_experience": 2})
    assert _errors(guards.check_plan(theirs, stranger), "figures"), "not theirs: the trades figure"
    paraphrase = plan.model_copy(update={"summary": "Becoming licensed in a construction trade takes 5 years."})
    assert _errors(guards.check_plan(paraphrase, braider), "figures"), "the source's statement is still the source's"


def test_an_assessment_may_say_their_numbers_back(kb: KnowledgeBase) -> None:
    assessment = KnowledgeAssessor(kb).assess(ASSESSOR).value
    said = assessment.model_copy(update={"durable_work": ["Judging overpayments across 17 years and 11 regs changes"]})
    guards = Guards(kb)
    assert [i.message for i in _errors(guards.check_assessment(said, ASSESSOR), "numbers")] == [
        "the number '11' appears in no cited entry and is not one the person gave"]
    assert not _errors(guards.check_assessment(said, ASSESSOR, heard=["eleven regs changes since 2006"]), "numbers")


@pytest.mark.parametrize(("step", "costs"), [
    ("Ask 3 regulars whether they or a friend would pay for a 2-hour cornrows basics class at your flat.", False),
    ("Charge £15 a head for a trial braiding class.", False),
    ("Sell 4 places on your first workshop class.", False),
    ("Run one paid trial class with 2 people.", False),
    ("Take a short course in bookkeeping.", True),
    ("Book a paid class on social media marketing.", True),
    ("Take a pricing course for freelancers.", True),
])
def test_money_coming_to_the_person_is_no_cost(kb: KnowledgeBase, step: str, costs: bool) -> None:
    plan = _plan(kb, ASSESSOR)
    stage = plan.stages[-1]
    action = stage.actions[0].model_copy(update={"catalog_id": None, "steps": [step]})
    plan = plan.model_copy(update={"stages": [*plan.stages[:-1], stage.model_copy(update={"actions": [action]})]})
    flagged = [i for i in _errors(Guards(kb).check_plan(plan, ASSESSOR), "limits") if "costs money" in i.message]
    assert bool(flagged) is costs


@pytest.mark.parametrize("title", ["Take a free Outlook, Excel and Teams course through the Jobcentre",
                                   "Practise video interviews and Zoom calls", "Plan the week; then rest"])
def test_a_listed_title_with_an_and_in_it_is_one_title(kb: KnowledgeBase, title: str) -> None:
    """A note naming an action added is held against the plan by whole titles, never cut at its own "and"."""
    shown = _plan(kb, ASSESSOR)
    stage = shown.stages[0]
    action = stage.actions[0].model_copy(update={"title": title})
    plan = shown.model_copy(update={"stages": [stage.model_copy(update={"actions": [action, *stage.actions[1:]]}),
                                               *shown.stages[1:]]})
    guards = Guards(kb)
    for note, untrue in [(f"Added: {title}.", False), (f"Added: {title} and Nothing of the kind.", True),
                         ("Added: Nothing of the kind.", True)]:
        noted = plan.model_copy(update={"revision_notes": [note]})
        flagged = _errors(guards.check_plan(noted, ASSESSOR, shown=shown), "claims")
        assert bool(flagged) is untrue, (note, flagged)
