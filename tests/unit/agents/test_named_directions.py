"""People whose work the catalog lacks often name their own ways forward ("payroll, forecasts or system set-ups",
"dispatcher, depot trainer or health and safety"). The plan compares those by name, one step each, its step toward
their aim is the one they lead with, and no tech-building template stands in for them. A team leader is placed in
the leadership role only loosely unless they manage managers, with no director's outlook or gaps; and a skill said
in other words ("calming angry callers", "coaching new starters") is no gap."""

from __future__ import annotations

import pytest

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.planner.personal import directions
from domain.assessment import Assessment
from domain.plan import Plan
from domain.profile import Profile
from knowledge.base import KnowledgeBase

COMPARE = "act.survive.compare-named-directions"
LEADERSHIP = "role.leadership"


def _assess(kb: KnowledgeBase, profile: Profile) -> Assessment:
    return KnowledgeAssessor(kb).assess(profile).value


def _plan(kb: KnowledgeBase, profile: Profile) -> Plan:
    return KnowledgePlanner(kb).draft(profile, _assess(kb, profile)).value


# -- the directions a person named ------------------------------------------------------------------------------

@pytest.mark.parametrize(("goal", "expected"), [
    ("open to dispatcher, depot trainer or health and safety", ("dispatcher", "depot trainer", "health and safety")),
    ("maybe sign language interpreting, subtitling for tv, or audio description",
     ("sign language interpreting", "subtitling", "audio description")),
    ("thinking about payroll bureau work, management accounts, or training farmers on the software",
     ("payroll bureau work", "management accounts", "training farmers on the software")),
    ("happy to move a bit - claims handling, underwriting support, broker liaison",
     ("claims handling", "underwriting support", "broker liaison")),
    ("id like to get into events, hospitality training or a hotel front office role",
     ("events", "hospitality training", "hotel front office role")),
])
def test_the_directions_a_person_lists_are_read_as_they_named_them(goal: str, expected: tuple[str, ...]) -> None:
    assert directions([goal]) == expected


def test_at_most_five_directions_are_kept_and_the_first_is_the_one_they_lead_with() -> None:
    found = directions(["billing, collections, payroll, purchasing, credit control, audit or tax"])
    assert len(found) == 5 and found[0] == "billing"


@pytest.mark.parametrize("goal", [
    "keep my job", "become a data analyst", "earn more, work less, see my kids",
    "stay in retail, its what I know", "more repeat bookings, fewer cancellations",
    "a job by march at 30k, ideally 32k", "I want to move into project management",
])
def test_a_goal_that_lists_no_ways_forward_names_no_directions(goal: str) -> None:
    assert directions([goal]) == ()


# -- the plan compares them by name --------------------------------------------------------------------------

SIGNALLER = Profile(
    current_role="railway signaller", situation="employed", years_experience=12,
    main_tasks=["running the signal box on nights", "talking to drivers on the radio", "logging delays"],
    skills=["staying calm when things go wrong", "knowing the rule book"], hours_per_week=4,
    goals=["keep a railway job", "maybe control room work, rail safety auditing or training new signallers"],
    concerns=["the new traffic management system taking over the box"], concern_kinds=["replacement"])
UNDERWRITER = Profile(
    current_role="mortgage underwriter at a building society", situation="employed", years_experience=15,
    main_tasks=["assessing mortgage applications", "checking affordability", "referring edge cases"],
    skills=["spotting fraud in payslips", "explaining decisions to brokers"], hours_per_week=3,
    goals=["lending quality assurance, credit risk, or model oversight"],
    concerns=["the automated decision engine approving most cases"], concern_kinds=["replacement"])
JOBLESS_TL = Profile(
    current_role="team leader in a utility's contact centre (redundant)", situation="job_seeking",
    years_experience=9, seniority="lead", manages_people=True,
    main_tasks=["call listening and scoring", "1-2-1s", "taking escalations"],
    skills=["calming angry callers", "coaching new starters", "Excel"], hours_per_week=12,
    goals=["a job by June", "complaints team, quality analyst, resourcing or the council's benefits team"],
    concerns=["money running out"], concern_kinds=["income"])
NAMED = [pytest.param(p, id=i) for i, p in (("signaller", SIGNALLER), ("underwriter", UNDERWRITER),
                                            ("jobless-tl", JOBLESS_TL))]


@pytest.mark.parametrize("profile", NAMED)
def test_the_plan_compares_the_named_directions_one_step_each(kb: KnowledgeBase, profile: Profile) -> None:
    named = directions(profile.goals)
    plan = _plan(kb, profile)
    compare = [a for s in plan.stages for a in s.actions if a.catalog_id == COMPARE]
    assert compare, [a.title for s in plan.stages for a in s.actions]
    for option in named:
        assert option in compare[0].title
        assert sum(st.lower().startswith(option.lower()) for st in compare[0].steps) == 1


@pytest.mark.parametrize("profile", NAMED)
def test_no_plan_for_named_directions_says_pick_kinds_of_role_or_builds_tech(kb: KnowledgeBase,
                                                                           profile: Profile) -> None:
    plan = _plan(kb, profile)
    text = " ".join(" ".join([a.title, *a.steps]) for s in plan.stages for a in s.actions).lower()
    assert "pick 2 kinds of role" not in text
    for tech in ("deepeval", "evaluation set", "build an ai", "prototype", "github"):
        assert tech not in text


def test_the_step_toward_their_aim_is_the_direction_they_lead_with(kb: KnowledgeBase) -> None:
    plan = _plan(kb, SIGNALLER)
    adapt = next(s for s in plan.stages if s.stage == "adapt")
    assert any("control room work" in a.title for a in adapt.actions), [a.title for a in adapt.actions]


def test_a_job_search_aims_at_the_directions_named(kb: KnowledgeBase) -> None:
    steps = [st for s in _plan(kb, JOBLESS_TL).stages for a in s.actions for st in a.steps]
    assert any("directions you named (complaints team" in st for st in steps) or not any(
        "list 20 employers" in st for st in steps)


def test_no_directions_named_no_comparison(kb: KnowledgeBase) -> None:
    plain = SIGNALLER.model_copy(update={"goals": ["keep a railway job"]})
    assert COMPARE not in {a.catalog_id for s in _plan(kb, plain).stages for a in s.actions}


# -- a team leader is no executive -----------------------------------------------------------------------------

@pytest.mark.parametrize("role", [
    "team leader in a contact centre, 14 agents", "shift supervisor at a bakery", "floor supervisor in a casino",
    "duty manager at a leisure centre", "TL on the complaints queue",
])
def test_a_first_line_leader_matches_the_leadership_role_loosely(kb: KnowledgeBase, role: str) -> None:
    profile = Profile(current_role=role, situation="employed", seniority="lead", manages_people=True,
                      main_tasks=["rotas", "1-2-1s", "handling escalations"], hours_per_week=3)
    assessment = _assess(kb, profile)
    lead = [m for m in assessment.role_matches if m.role_id == LEADERSHIP]
    assert all(m.confidence <= 0.5 for m in lead)
    text = assessment.risk_summary + " ".join(assessment.gaps)
    for executive in ("Directors remain", "information filters", "stakeholder trust", "change management",
                      "accountability"):
        assert executive not in text


@pytest.mark.parametrize("said", [
    "I manage 4 team leaders across two sites", "six supervisors report to me", "I oversee the shift leads",
])
def test_someone_who_manages_managers_keeps_a_confident_match(kb: KnowledgeBase, said: str) -> None:
    profile = Profile(current_role="contact centre operations manager", situation="employed",
                      main_tasks=[said, "strategy for the site", "accountable for the site budget"],
                      hours_per_week=3)
    assessment = _assess(kb, profile)
    assert "Directors remain" in assessment.risk_summary or assessment.role_matches[0].role_id != LEADERSHIP


def test_an_executive_keeps_the_executive_outlook(kb: KnowledgeBase) -> None:
    profile = Profile(current_role="director of customer operations", situation="employed", seniority="executive",
                      manages_people=True, main_tasks=["setting the service strategy"], hours_per_week=3)
    assessment = _assess(kb, profile)
    assert assessment.role_matches[0].role_id == LEADERSHIP and assessment.role_matches[0].confidence > 0.5
    assert "Directors remain" in assessment.risk_summary


# -- skills said in other words --------------------------------------------------------------------------------

@pytest.mark.parametrize("skills", [
    ["de-escalating furious callers", "Excel"], ["coaching new starters until they hit target"],
    ["explaining bills to confused customers"], ["training the new intake every spring"],
    ["complaints handling"], ["calming down upset guests"],
])
def test_communication_said_in_other_words_is_no_gap(kb: KnowledgeBase, skills: list[str]) -> None:
    profile = Profile(current_role="customer service advisor", situation="employed", skills=skills,
                      main_tasks=["answering billing calls"], hours_per_week=3)
    assert "communication" not in " ".join(_assess(kb, profile).gaps)


def test_communication_not_shown_anywhere_is_still_a_gap(kb: KnowledgeBase) -> None:
    profile = Profile(current_role="customer service advisor", situation="employed",
                      skills=["Excel pivot tables", "fast typing"], main_tasks=["updating account records"],
                      hours_per_week=3)
    gaps = " ".join(_assess(kb, profile).gaps)
    role = _assess(kb, profile).role_matches[0].role_id
    skills = next(r.skills for r in kb.catalog.roles if r.id == role)
    assert ("communication" in gaps) == ("communication" in skills)
