"""A plan names the person's tasks, skills and aims only in words that can stand as names: never a clause of theirs
("our trust had advert"), talk to the coach ("told already a bit"), text-speak ("JOB asap like within a month")
or a move with no place ("moving up"), which people typing live saw pasted into titles. Worded afresh here."""

from __future__ import annotations

import pytest

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.planner.knowledge_engine import KnowledgePlanner
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from reading.text import fit_to_name

FRAGMENTS = ["the council had job going", "said it before lol", "WORK asap like by june", "getting ahead",
             "stock n stuff tbh"]


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_a_fragment_is_no_name(fragment: str) -> None:
    assert not fit_to_name(fragment)


@pytest.mark.parametrize("name", ["stock control", "handling complaints", "team leader at the depot",
                                  "fault finding", "school business manager"])
def test_a_name_is_one(name: str) -> None:
    assert fit_to_name(name)


def test_a_plan_quotes_no_fragment_of_theirs(kb: KnowledgeBase) -> None:
    profile = Profile(current_role="stock assistant", domain="retail", situation="employed", years_experience=4,
                      main_tasks=["stock n stuff tbh", "said it before lol", "handling complaints"],
                      skills=["getting ahead"], goals=["WORK asap like by june", "the council had job going"],
                      hours_per_week=3)
    assessment = KnowledgeAssessor(kb).assess(profile).value
    plan = KnowledgePlanner(kb).draft(profile, assessment).value
    text = " ".join(t for s in plan.stages for a in s.actions for t in (a.title, a.why, *a.steps)).lower()
    for fragment in FRAGMENTS:
        assert fragment.lower() not in text, fragment
    assert "handling complaints" in text  # a task that is a name is still theirs


@pytest.mark.parametrize(("goal", "wanted"), [
    ("a part-time dental nurse job, 20 hours over 4 days, 8:30-1:30, walkable from home or the 14 bus",
     "a part-time dental nurse job"),
    ("school receptionist, mornings only, near home, about 16 hrs", "school receptionist"),
])
def test_the_terms_of_a_job_wanted_are_no_directions(goal: str, wanted: str) -> None:
    """Hours, clock times and how far are the terms of the job wanted, never ways forward to compare ("30")."""
    from agents.planner.aims import aim, directions

    assert directions([goal]) == ()
    assert aim([goal]) == wanted


@pytest.mark.parametrize("answer", ["nope. dont use any of it and not going to", "none, i don't trust it one bit"])
def test_someone_who_refuses_ai_is_asked_to_use_none_where_a_step_does_without(kb: KnowledgeBase,
                                                                             answer: str) -> None:
    from agents.planner.knowledge_engine import AI_REFUSED
    from reading.answers import reader_for
    from reading.rules import rule
    from tests.support.reading import read_as

    said = read_as(reader_for(kb), "ai_tools", answer)
    assert said.ai_tools_avoided and not said.ai_tools
    for situation in ("freelance", "employed"):
        profile = said.model_copy(update={
            "current_role": "gardener", "situation": situation, "years_experience": 12, "hours_per_week": 3,
            "main_tasks": ["hedge cutting", "lawn care", "quoting jobs"]})
        plan = KnowledgePlanner(kb).draft(profile, KnowledgeAssessor(kb).assess(profile).value).value
        for stage in plan.stages:
            uses = [a.title for a in stage.actions if rule("action.uses_ai").search(" ".join([a.title, *a.steps]))]
            declined = AI_REFUSED.format(stage=stage.stage) in plan.revision_notes
            assert not uses or declined, (situation, stage.stage, uses)


def test_a_technology_said_not_to_be_the_worry_is_not_feared() -> None:
    from agents.planner.personal import feared_tool

    assert feared_tool(["its not robots cleaning houses lol, its people finding cheaper cleaners online"]) is None
    assert feared_tool(["the new scanning app tracks every minute"]) is not None
