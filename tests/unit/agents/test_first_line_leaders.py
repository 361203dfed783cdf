"""Team leaders, supervisors and shift or floor managers are placed in the leadership role, but their plan fits their
level: what takes an executive's authority (budgets, vendors' bills, the organisation's AI portfolio and strategy) is
only for executives, and a first-line leader gets what they can do from where they sit. Their assessment never lists
what leading a team already shows (accountability, people's trust) as a gap, nor a director's strategy and budgets."""

from __future__ import annotations

import pytest

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.planner.knowledge_engine import KnowledgePlanner
from domain.assessment import Assessment
from domain.feedback import Adjustments
from domain.plan import Plan
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from reading.answers import AnswerReader
from tests.support.reading import asked

LEADERSHIP = "role.leadership"

PENSIONS = Profile(
    current_role="team leader, pensions administration", situation="employed", years_experience=14,
    leadership_years=6, seniority="lead", manages_people=True,
    main_tasks=["allocating cases on the workflow system", "quality sampling", "4-eyes sign-off on large payments",
                "complaint escalations", "fortnightly 1:1s", "Monday MI/SLA pack for my ops manager"],
    skills=["pensions technical knowledge", "running a team to SLA", "writing procedures", "Excel"],
    hours_per_week=3, ai_tools=["Microsoft Copilot"], ai_at_work=True,
    constraints=["Copilot Chat is approved on the work laptop but no member data in it, ever",
                 "ChatGPT is blocked on the network", "max £15 a month of my own money"],
    constraint_kinds=["employer_ai_rules", "privacy", "money"],
    concerns=["the team shrinking from 7 to 4 and two team leader roles merged"],
    concern_kinds=["replacement", "management_layer", "keeping_up"])
CALL_CENTRE = Profile(
    current_role="team leader in a call centre", situation="employed", years_experience=9, leadership_years=4,
    seniority="lead", manages_people=True,
    main_tasks=["floor walking", "escalations from customers", "call listening and QA scoring", "1-2-1s",
                "adherence and AHT reports for my manager"],
    hours_per_week=3, ai_tools=["Microsoft Copilot"],
    constraints=["company only lets us use their own copilot thing and only on work laptop",
                 "no customer data in chatgpt or anything", "money is tight"],
    constraint_kinds=["employer_ai_rules", "privacy", "money", "caregiving"],
    concern_kinds=["replacement", "management_layer"])
WAREHOUSE = Profile(
    current_role="shift supervisor at a distribution warehouse", situation="employed", years_experience=8,
    seniority="lead", manages_people=True,
    main_tasks=["running the night shift", "allocating pickers to zones", "checking pick rates", "safety walks"],
    hours_per_week=2, concern_kinds=["replacement", "management_layer"])
RETAIL = Profile(
    current_role="floor manager in a department store", situation="employed", years_experience=11,
    seniority="lead", manages_people=True,
    main_tasks=["opening the shop floor", "staff rota", "handling complaints",
                "weekly sales figures for the store manager"],
    hours_per_week=4, concern_kinds=["management_layer", "keeping_up"])
FIRST_LINE = [pytest.param(p, id=i) for i, p in
              (("pensions", PENSIONS), ("call-centre", CALL_CENTRE), ("warehouse", WAREHOUSE), ("retail", RETAIL))]

DIRECTOR = Profile(
    current_role="director of operations at a logistics firm", situation="employed", years_experience=22,
    seniority="executive", manages_people=True,
    main_tasks=["setting the operations strategy", "quarterly budget reviews", "running the leadership team"],
    hours_per_week=4, concern_kinds=["management_layer", "ai_costs"])
HEAD = Profile(
    current_role="head of customer service", situation="employed", years_experience=18, seniority="executive",
    manages_people=True, main_tasks=["owning the service budget", "vendor contracts", "monthly board report"],
    hours_per_week=3, concern_kinds=["replacement", "management_layer"])


def _assess(kb: KnowledgeBase, profile: Profile) -> Assessment:
    return KnowledgeAssessor(kb).assess(profile).value


def _plan(kb: KnowledgeBase, profile: Profile) -> Plan:
    return KnowledgePlanner(kb).draft(profile, _assess(kb, profile)).value


def _needing(kb: KnowledgeBase, need: str) -> set[str]:
    return {a.id for a in kb.catalog.actions if need in a.needs}


def _first_line(kb: KnowledgeBase) -> set[str]:
    """The leadership role's actions for someone who leads a team and has a manager above them."""
    return {a.id for a in kb.catalog.actions if LEADERSHIP in a.roles and {"reports", "manager"} <= set(a.needs)}


def _ids(plan: Plan) -> set[str]:
    return {a.catalog_id or "" for s in plan.stages for a in s.actions}


@pytest.mark.parametrize("title", [
    "team leader", "Team leader, pensions admin", "shift supervisor at the depot", "first-line manager",
    "floor manager", "night shift manager", "supervisor in a contact centre", "duty manager at a leisure centre",
])
def test_first_line_titles_are_placed_in_the_leadership_role(kb: KnowledgeBase, title: str) -> None:
    assessment = _assess(kb, Profile(current_role=title, situation="employed", hours_per_week=3))
    lead = [m for m in assessment.role_matches if m.role_id == LEADERSHIP]
    assert assessment.fit != "none" and lead and lead[0].confidence <= 0.5  # a team leader is no executive


def test_actions_needing_an_executive_are_marked_and_there_are_first_line_ones(kb: KnowledgeBase) -> None:
    executive = _needing(kb, "executive")
    assert {"act.survive.exec-ai-spend-line", "act.lead.exec-ai-portfolio"} <= executive
    assert not executive & _first_line(kb)
    assert {s for a in kb.catalog.actions if a.id in _first_line(kb) for s in [a.stage]} == {"survive", "adapt", "lead"}


@pytest.mark.parametrize("profile", FIRST_LINE)
def test_a_first_line_leader_gets_no_executive_action_and_a_first_line_one(kb: KnowledgeBase,
                                                                           profile: Profile) -> None:
    assessment = _assess(kb, profile)
    ids = _ids(KnowledgePlanner(kb).draft(profile, assessment).value)
    assert not ids & _needing(kb, "executive")
    assert ids & _first_line(kb) or assessment.role_matches[0].role_id != LEADERSHIP  # placed elsewhere first


@pytest.mark.parametrize("profile", FIRST_LINE)
def test_no_step_asks_a_first_line_leader_for_budgets_or_bills(kb: KnowledgeBase, profile: Profile) -> None:
    text = " ".join(" ".join([a.title, *a.steps]) for s in _plan(kb, profile).stages for a in s.actions).lower()
    for executive in ("usage bill", "ai subscription", "fund training", "where ai goes in your organisation"):
        assert executive not in text


@pytest.mark.parametrize("profile", [pytest.param(DIRECTOR, id="director"), pytest.param(HEAD, id="head")])
def test_an_executive_still_gets_the_executive_actions(kb: KnowledgeBase, profile: Profile) -> None:
    ids = _ids(_plan(kb, profile))
    assert ids & _needing(kb, "executive")
    assert not ids & _first_line(kb)


@pytest.mark.parametrize(("seniority", "allowed"), [("lead", False), (None, False), ("senior", False),
                                                    ("executive", True)])
def test_executive_authority_is_an_executives_only(kb: KnowledgeBase, seniority: str | None, allowed: bool) -> None:
    planner = KnowledgePlanner(kb)
    profile = Profile(current_role="operations manager", situation="employed", manages_people=True,
                      seniority=seniority, hours_per_week=3)  # type: ignore[arg-type]
    person = planner.person(profile, _assess(kb, profile), Adjustments())
    for action in kb.catalog.actions:
        if "executive" in action.needs:
            assert planner.selector.allowed(action, person) is allowed, action.id


def test_an_approved_tool_names_the_tool_and_a_ban_rules_the_ai_step_out(kb: KnowledgeBase) -> None:
    numbers = next(a for a in kb.catalog.actions if a.id == "act.survive.tl-team-numbers")
    planner = KnowledgePlanner(kb)
    plan = _plan(kb, PENSIONS)
    steps = [st for s in plan.stages for a in s.actions if a.catalog_id == numbers.id for st in a.steps]
    assert not steps or any("Microsoft Copilot" in st for st in steps)
    banned = PENSIONS.model_copy(update={
        "ai_at_work": False, "ai_tools": [],
        "constraints": ["no AI of any kind on council systems, it is blocked", "no resident data anywhere"]})
    person = planner.person(banned, _assess(kb, banned), Adjustments(), ai_banned=True)
    assert planner.selector.allowed(numbers, person) is False
    assert numbers.id not in _ids(_plan(kb, banned))


@pytest.mark.parametrize("profile", FIRST_LINE)
def test_a_team_leaders_gaps_are_not_what_leading_a_team_shows(kb: KnowledgeBase, profile: Profile) -> None:
    gaps = " ".join(_assess(kb, profile).gaps)
    for skill in ("accountability", "stakeholder trust", "strategy execution", "cost optimization"):
        assert skill not in gaps


def test_an_executive_who_names_no_strategy_still_sees_it_as_a_gap(kb: KnowledgeBase) -> None:
    gaps = " ".join(_assess(kb, DIRECTOR).gaps)
    assert "strategy execution" in gaps and "accountability" not in gaps
    alone = DIRECTOR.model_copy(update={"manages_people": False, "seniority": None})
    assert "accountability" in " ".join(_assess(kb, alone).gaps)  # no team named: leading shows nothing yet


@pytest.fixture(scope="module")
def reader(kb: KnowledgeBase) -> AnswerReader:
    return AnswerReader(kb)


@pytest.mark.parametrize("said", [
    "team leader in a call centre, i manage 12 advisors",
    "I'm a shift supervisor at a warehouse, 14 pickers on nights",
    "Floor manager at a supermarket, I run a team of 20",
    "TL in pensions admin, team of 7",
])
def test_a_team_leader_said_in_words_leads_people(reader: AnswerReader, kb: KnowledgeBase, said: str) -> None:
    profile = reader.read(asked("current_role"), said).updates
    assert profile.leads_people
    gaps = " ".join(_assess(kb, profile.model_copy(update={"situation": "employed", "hours_per_week": 3})).gaps)
    assert "accountability" not in gaps and "stakeholder trust" not in gaps
