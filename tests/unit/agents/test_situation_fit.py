"""Plans fit the person's situation: nobody without an employer is sent to a manager, a team or an employer's rules;
a job search goes to those who need a job and never to someone staying where they are; and every sentence saying
what the plan keeps to is true of it."""

from __future__ import annotations

import re

import pytest

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.guards import Guards
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.planner.personal import SITUATED, filling
from domain.plan import Plan, PlanAction
from domain.profile import Profile
from knowledge.base import KnowledgeBase


def _plan(kb: KnowledgeBase, profile: Profile) -> Plan:
    return KnowledgePlanner(kb).draft(profile, KnowledgeAssessor(kb).assess(profile).value).value


def _texts(plan: Plan) -> list[str]:
    return [plan.summary, *(s.goal for s in plan.stages),
            *(t for s in plan.stages for a in s.actions for t in [a.title, a.why, *a.steps, a.success_metric])]


WITHOUT_EMPLOYER = [
    Profile(current_role="nursery manager, made redundant when it closed", situation="job_seeking", years_experience=12,
            main_tasks=["staff rotas", "parent newsletters", "ofsted paperwork"], concern_kinds=["quality_safety"],
            hours_per_week=5),
    Profile(current_role="self-employed proofreader", situation="freelance", years_experience=9,
            main_tasks=["proofreading theses", "invoicing clients"], concern_kinds=["ethics_privacy", "income"],
            hours_per_week=3),
    Profile(current_role="pharmacy dispenser, home for 5 years with my kids", situation="career_break",
            main_tasks=["dispensing prescriptions", "stock orders"], concern_kinds=["keeping_up", "quality_safety"]),
    Profile(current_role="sole trader dog groomer", situation="freelance", main_tasks=["grooming", "booking texts"],
            concern_kinds=["replacement"], hours_per_week=2),
    Profile(current_role="history undergraduate", situation="student", main_tasks=["essays", "seminar reading"],
            concern_kinds=["entry_level", "quality_safety"], hours_per_week=4),
]
_OWN_WORKPLACE = re.compile(r"\byour (?:line )?(?:manager|boss|employer|organisation|company|workplace|team|"
                            r"colleagues?|staff)\b", re.IGNORECASE)


@pytest.mark.parametrize("profile", WITHOUT_EMPLOYER, ids=lambda p: p.situation)
def test_no_manager_team_or_employer_is_assumed(kb: KnowledgeBase, profile: Profile) -> None:
    plan = _plan(kb, profile)
    assert not [t for t in _texts(plan) if _OWN_WORKPLACE.search(t)]
    assert not Guards(kb).claims.situation(plan, profile)


@pytest.mark.parametrize(("situation", "leads", "said", "flagged"), [
    ("freelance", False, "Take the notes to your line manager on Monday.", True),
    ("job_seeking", False, "Share the sheet with your team.", True),
    ("career_break", False, "Check it against your employer's policy first.", True),
    ("freelance", True, "Show your staff the new booking rules.", False),  # an owner with staff has a team
    ("freelance", True, "Ask your boss for an hour a week.", True),  # but nobody is their boss
    ("employed", False, "Take the notes to your line manager on Monday.", False),
    ("job_seeking", False, "Ask a former manager for a reference.", False),
    ("career_break", False, "Read what your future employers ask for.", False),
])
def test_the_guard_flags_a_workplace_the_person_has_not(kb: KnowledgeBase, situation: str, leads: bool, said: str,
                                                         flagged: bool) -> None:
    profile = Profile(current_role="bookkeeper", situation=situation, manages_people=leads,  # type: ignore[arg-type]
                      main_tasks=["bank reconciliations"], hours_per_week=3)
    plan = _plan(kb, profile)
    action = plan.stages[0].actions[0]
    edited = plan.model_copy(update={"stages": [plan.stages[0].model_copy(update={"actions": [
        action.model_copy(update={"steps": [*action.steps, said]}), *plan.stages[0].actions[1:]]}),
        *plan.stages[1:]]})
    assert bool(Guards(kb).claims.situation(edited, profile)) is flagged


def test_every_catalog_text_is_filled_for_every_situation(kb: KnowledgeBase) -> None:
    for situation in SITUATED:
        fill = filling(Profile(situation=situation, main_tasks=["writing reports"]),  # type: ignore[arg-type]
                       kb.catalog.vocabulary, None)
        for action in kb.catalog.actions:
            for text in [action.title, action.why, *action.steps, action.success_metric]:
                assert "{" not in fill(text), (situation, action.id, fill(text))


def test_a_freelancers_ai_rules_are_their_clients_not_an_employers(kb: KnowledgeBase) -> None:
    profile = Profile(current_role="freelance medical transcriptionist", situation="freelance",
                      main_tasks=["typing clinic letters", "invoicing"], hours_per_week=3,
                      constraints=["the clinics i type for forbid putting patient letters in AI tools"],
                      constraint_kinds=["employer_ai_rules"])
    plan = _plan(kb, profile)
    assert not any("employer" in t for t in _texts(plan))
    assert not Guards(kb).check_plan(plan, profile).issues


STAYING = ["stay in my workshop and get good at the new scanner", "keep a job with the same employer, just safer",
           "grow within my current firm", "progress where I am, I don't want to leave"]
NEEDING = ["need a job fast, the redundancy money runs out in march", "find another job soon", "any job, quickly"]


@pytest.mark.parametrize("goal", STAYING)
def test_someone_staying_where_they_are_gets_no_job_search(kb: KnowledgeBase, goal: str) -> None:
    profile = Profile(current_role="orthodontic lab technician", situation="employed", years_experience=10,
                      main_tasks=["making retainers", "lab paperwork"], goals=[goal], hours_per_week=4)
    plan = _plan(kb, profile)
    assert not [a.title for s in plan.stages for a in s.actions if {"job search", "applications"} & _topics(kb, a)]


@pytest.mark.parametrize("situation", [None, "job_seeking", "freelance"])
@pytest.mark.parametrize("goal", NEEDING)
def test_someone_who_needs_a_job_gets_a_concrete_search(kb: KnowledgeBase, goal: str, situation: str | None) -> None:
    profile = Profile(current_role="shop supervisor", situation=situation,  # type: ignore[arg-type]
                      main_tasks=["cashing up", "rotas"], goals=[goal], hours_per_week=5)
    plan = _plan(kb, profile)
    assert any("applications" in _topics(kb, a) for s in plan.stages for a in s.actions)


def _topics(kb: KnowledgeBase, action: PlanAction) -> set[str]:
    return next((set(c.topics) for c in kb.catalog.actions if c.id == action.catalog_id), set())


def test_a_phone_only_plan_claims_no_computer_only_when_true(kb: KnowledgeBase) -> None:
    profile = Profile(current_role="hotel room attendant", situation="employed", main_tasks=["cleaning rooms"],
                      constraint_kinds=["device"], hours_per_week=2)
    plan = _plan(kb, profile)
    needing = Guards(kb).claims.on_a_computer(plan)
    assert ("nothing in it needs a computer" in plan.summary) is (not needing)
    claimed = plan.model_copy(update={"summary": plan.summary + " Also, nothing in it needs a computer."})
    checked = Guards(kb).claims.plan_claims(claimed, profile, None)
    assert bool(checked) is bool(needing)


def test_hours_nobody_gave_are_said_to_be_a_guess(kb: KnowledgeBase) -> None:
    profile = Profile(current_role="dinner lady returning after caring for dad", situation="career_break",
                      main_tasks=["serving meals"], constraint_kinds=["caregiving", "workload"])
    plan = _plan(kb, profile)
    assert "starting guess" in plan.summary
    assert "hours you gave" not in plan.summary and "hours you can spare" not in plan.summary
    told = plan.model_copy(update={"summary": plan.summary + " Also, it is sized to the hours you gave, around "
                                                             "caring for your family."})
    assert Guards(kb).claims.plan_claims(told, profile, None)
    given = _plan(kb, profile.model_copy(update={"hours_per_week": 2}))
    assert "starting guess" not in given.summary


@pytest.mark.parametrize("feedback", [
    "Careful writing is her main strength, more on writing. Add one page on how she writes warning letters.",
    "More on writing. Add a page showing how she works on case notes, with made-up cases only.",
])
def test_asking_for_writing_never_gives_someone_in_work_a_job_seekers_page(kb: KnowledgeBase, feedback: str) -> None:
    from agents.planner.feedback import FeedbackReader
    profile = Profile(current_role="council housing officer", situation="employed", years_experience=14,
                      main_tasks=["writing warning letters", "case notes", "home visits"], hours_per_week=3,
                      goals=["keep my job through the restructure"])
    shown = _plan(kb, profile)
    asked = FeedbackReader(kb.catalog.vocabulary).read(feedback, shown)
    plan = KnowledgePlanner(kb).draft(profile, KnowledgeAssessor(kb).assess(profile).value, adjustments=asked).value
    assert not any("interview" in t.lower() or "applications" in t.lower() for t in _texts(plan))
