"""The knowledge engine's planning for one person: goals steer the choice, and nothing asks what the person
cannot give."""

from __future__ import annotations

import pytest

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.planner.changes import revision_notes
from agents.planner.feedback import FeedbackReader
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.planner.personal import aim
from agents.topics import Topics
from domain.feedback import Adjustments
from domain.interview import AskedQuestion
from domain.plan import Plan
from domain.profile import Profile
from knowledge.base import KnowledgeBase


def _plan(kb: KnowledgeBase, profile: Profile) -> Plan:
    assessment = KnowledgeAssessor(kb).assess(profile).value
    return KnowledgePlanner(kb).draft(profile, assessment).value


def _ids(plan: Plan) -> set[str]:
    return {a.catalog_id or "" for s in plan.stages for a in s.actions}


TEACHER = Profile(current_role="Secondary school chemistry teacher", situation="employed", years_experience=15,
                  seniority="senior", main_tasks=["lesson planning", "marking lab reports", "parent emails"],
                  hours_per_week=2)


@pytest.mark.parametrize(("goal", "topic", "tasks"), [
    ("lead my school's policy on AI rather than react to it", "standards", TEACHER.main_tasks),
    # their own paperwork is what AI drafts first anyway: here it is named in the goal alone
    ("get better at keeping my admin and paperwork under control", "admin", ["teaching year 9", "running the lab"]),
])
def test_what_a_goal_is_about_steers_the_plan(kb: KnowledgeBase, goal: str, topic: str, tasks: list[str]) -> None:
    planner = KnowledgePlanner(kb)
    without = _plan(kb, TEACHER.model_copy(update={"main_tasks": tasks}))
    with_goal = _plan(kb, TEACHER.model_copy(update={"goals": [goal], "main_tasks": tasks}))
    about = [planner.selector.topics.of(a) for s in with_goal.stages for a in s.actions]
    before = [planner.selector.topics.of(a) for s in without.stages for a in s.actions]
    assert sum(topic in t for t in about) > sum(topic in t for t in before)


@pytest.mark.parametrize(("update", "allowed"), [
    ({}, False), ({"years_experience": 1}, False), ({"years_experience": 6}, False),
    ({"years_experience": 6, "seniority": "senior"}, True), ({"years_experience": 8, "manages_people": True}, True),
])
def test_mentoring_waits_for_experience(kb: KnowledgeBase, update: dict[str, object], allowed: bool) -> None:
    planner = KnowledgePlanner(kb)
    mentoring = next(a for a in kb.catalog.actions if a.id == "act.lead.mentor-fundamentals")
    profile = Profile(current_role="paralegal", situation="employed", hours_per_week=6).model_copy(update=update)
    person = planner.person(profile, KnowledgeAssessor(kb).assess(profile).value, Adjustments())
    assert planner.selector.allowed(mentoring, person) is allowed


def test_a_long_working_week_and_no_degree_are_said_to_be_kept(kb: KnowledgeBase) -> None:
    profile = Profile(current_role="freight dispatcher", situation="employed", hours_per_week=2,
                      constraint_kinds=["workload", "credentials"], main_tasks=["matching loads to drivers"])
    plan = _plan(kb, profile)
    assert "two hours a week" in plan.summary and "needs a degree" in plan.summary
    assert all(s.weekly_hours <= 2 for s in plan.stages)


def test_feedback_about_something_the_catalog_lacks_is_answered_plainly(kb: KnowledgeBase) -> None:
    planner = KnowledgePlanner(kb)
    shown = planner.draft(TEACHER, KnowledgeAssessor(kb).assess(TEACHER).value).value
    asked = FeedbackReader(kb.catalog.vocabulary).read("Make it more about my students and the classroom", shown)
    revised = planner.draft(TEACHER, KnowledgeAssessor(kb).assess(TEACHER).value, adjustments=asked).value
    notes = revision_notes(shown, revised, asked, Topics(kb))
    assert any(n.startswith('Not acted on: "Make it more about my students and the classroom"') for n in notes)


@pytest.mark.parametrize(("profile", "allowed"), [
    (Profile(current_role="call centre agent at a bank", situation="employed"), False),
    (Profile(current_role="electrician", situation="employed"), True),
    (Profile(current_role="head chef", situation="employed"), True),
    (Profile(current_role="analyst", situation="employed", constraint_kinds=["no_desk"]), True),
])
def test_phone_first_admin_is_for_work_away_from_a_desk(kb: KnowledgeBase, profile: Profile, allowed: bool) -> None:
    planner = KnowledgePlanner(kb)
    action = next(a for a in kb.catalog.actions if a.id == "act.survive.phone-first-admin")
    assessor = KnowledgeAssessor(kb)
    read = assessor.extract(_role_question(), profile.current_role or "", Profile()).value.updates
    known = read.merged(profile.model_copy(update={"current_role": None}))
    person = planner.person(known, assessor.assess(known).value, Adjustments())
    assert planner.selector.allowed(action, person) is allowed


def _role_question() -> AskedQuestion:
    return AskedQuestion(question_id="q.role", field="current_role", text="?", hint="e.g.", attempt=1)


@pytest.mark.parametrize("goal", ["more weddings would be nice", "keep the shop going and win more repeat customers",
                                  "stop doing the books at midnight"])
def test_an_aim_within_ones_own_work_gets_no_job_ads(kb: KnowledgeBase, goal: str) -> None:
    profile = Profile(current_role="owner of a small bakery", situation="freelance", goals=[goal], hours_per_week=3,
                      main_tasks=["baking", "ordering", "social media posts"], confirmed=True)
    plan = KnowledgePlanner(kb).draft(profile, KnowledgeAssessor(kb).assess(profile).value).value
    steps = " ".join(s for stage in plan.stages for a in stage.actions for s in a.steps)
    assert "job ads" not in steps and "future employers" not in steps, steps
    assert "would be nice" not in " ".join(a.title for stage in plan.stages for a in stage.actions)


@pytest.mark.parametrize(("goal", "said"), [
    ("want off the night shift", "getting off the night shift"),
    ("id like to get out of the call centre, my back is shot", "getting out of the call centre"),
    ("a bigger share of repeat customers would be nice", "a bigger share of repeat customers"),
])
def test_the_aim_is_said_as_something_to_work_toward(goal: str, said: str) -> None:
    assert aim([goal]) == said
