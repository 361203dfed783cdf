"""Plans built on the person's own tasks, for work the catalog's roles do not fit: only their paperwork is handed to
AI (never the work of their hands, their judgement or the people they serve), their edge is one of those tasks, the
lead stage fits their situation (a sole trader has customers, not a crew; a job seeker has a job search), their tasks
are named by short name only, and their goal gets an action that serves it."""

from __future__ import annotations

import re

import pytest

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.guards import Guards
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.planner.personal import DEFAULTS, NO_PAPERWORK, filling
from agents.planner.tasks import TaskKinds
from domain.plan import Plan
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from knowledge.models import Action
from reading.signals import short_task

PEOPLE = {
    "hairdresser": Profile(
        current_role="hairdresser", situation="freelance", years_experience=9, hours_per_week=2,
        main_tasks=["cuts and colours", "blow dries", "booking appointments", "ordering stock"],
        goals=["more regular clients"], concerns=["cheap salons down the road"], concern_kinds=["income"],
        constraint_kinds=["money"]),
    "bus driver": Profile(
        current_role="bus driver", situation="employed", years_experience=12, hours_per_week=2,
        main_tasks=["driving the 38 route", "walkround checks", "helping passengers with buggies"],
        goals=["become a driver trainer"], concerns=["driverless buses"], concern_kinds=["replacement"]),
    "chef": Profile(
        current_role="head chef", situation="employed", years_experience=15, hours_per_week=3,
        main_tasks=["cooking on the pass", "writing the specials menu", "ordering stock", "training the commis"],
        goals=["open my own place one day"], concerns=["robot kitchens"], concern_kinds=["replacement"]),
    "gardener": Profile(
        current_role="self-employed gardener", situation="freelance", years_experience=6, hours_per_week=1,
        main_tasks=["mowing lawns", "hedge cutting", "planting borders", "quotes for new jobs"],
        goals=["win more regular garden clients"], concerns=["undercut by cheaper firms"], concern_kinds=["income"],
        constraint_kinds=["no_desk", "device"]),
    "postal worker": Profile(
        current_role="postal worker", situation="employed", years_experience=20, hours_per_week=1,
        main_tasks=["sorting the post", "delivering post on my round out in all weathers from seven till two",
                    "scanning parcels"],
        goals=["keep my job"], concerns=["parcel robots"], concern_kinds=["replacement"], constraint_kinds=["no_desk"]),
    "dental nurse": Profile(
        current_role="dental nurse", situation="employed", years_experience=4, hours_per_week=2,
        main_tasks=["chairside assisting", "sterilising instruments", "writing up patient notes"],
        goals=["become a treatment coordinator"], concerns=["ai taking the admin"], concern_kinds=["replacement"]),
    "electrician": Profile(
        current_role="electrician", situation="freelance", years_experience=14, hours_per_week=2,
        main_tasks=["rewiring houses", "fault finding", "fitting consumer units", "writing certificates"],
        goals=["more commercial clients"], concerns=["not enough work"], concern_kinds=["income"]),
    "shop owner": Profile(
        current_role="gift shop owner", situation="freelance", manages_people=True, years_experience=8,
        hours_per_week=2, main_tasks=["serving customers", "staff rota", "ordering stock", "social media posts"],
        goals=["more customers through the door"], concerns=["online shops"], concern_kinds=["income"]),
    "security guard": Profile(
        current_role="security guard", situation="employed", years_experience=7, hours_per_week=2,
        main_tasks=["patrols", "door supervision", "writing incident reports"],
        goals=["become a control room operator"], concerns=["cctv ai replacing patrols"],
        concern_kinds=["replacement"]),
    "landscaper looking for work": Profile(
        current_role="landscaper", situation="job_seeking", years_experience=11, hours_per_week=6,
        main_tasks=["paving", "fencing", "turfing"], goals=["find a job as a groundsperson"],
        concerns=["no one replies to applications"], concern_kinds=["entry_level"]),
    "nursery worker": Profile(
        current_role="plant nursery worker", situation="employed", years_experience=3, hours_per_week=2,
        main_tasks=["potting on seedlings", "watering", "serving customers at the till"], goals=["keep my hours"],
        concerns=["automatic watering"], concern_kinds=["replacement"]),
    "carer returning": Profile(
        current_role="care worker", situation="career_break", years_experience=6, hours_per_week=4,
        main_tasks=["personal care", "helping residents eat", "care notes"], goals=["get back into care work"],
        concerns=["the new care apps"], concern_kinds=["keeping_up"]),
    "sole-trader plumber": Profile(
        current_role="plumber", situation="freelance", years_experience=18, hours_per_week=1,
        main_tasks=["bathroom fits", "boiler swaps", "leaks", "callouts"],
        goals=["not doing quotes at night", "winning more of the jobs i quote"], concerns=["cheap competitors"],
        concern_kinds=["income"], constraint_kinds=["no_desk", "device", "money"], times_not=["evenings"]),
    "window cleaner": Profile(
        current_role="window cleaner", situation="freelance", years_experience=5, hours_per_week=1,
        main_tasks=["cleaning windows", "gutters", "driving between rounds"], goals=["more customers on my round"],
        concerns=["cheaper cleaners"], concern_kinds=["income"], constraint_kinds=["no_desk"]),
}
_AI = re.compile(r"\b(?:AI|assistant|chatbot|first pass|drafts?|paperwork|routine task|admin)\b", re.IGNORECASE)
_NOT_FOR_A_SOLE_TRADER = re.compile(r"\b(?:crew|your manager|colleagues?|your team|direct reports)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def plans(kb: KnowledgeBase) -> dict[str, Plan]:
    planner, assessor = KnowledgePlanner(kb), KnowledgeAssessor(kb)
    return {name: planner.draft(p, assessor.assess(p).value).value for name, p in PEOPLE.items()}


def _sentences(plan: Plan) -> list[str]:
    texts = [t for s in plan.stages for a in s.actions for t in (a.title, *a.steps)]
    return [part for t in texts for part in re.split(r"(?<=[.;])\s+", t)]


def _text(plan: Plan) -> str:
    return " ".join(_sentences(plan))


def _catalog(kb: KnowledgeBase, plan: Plan, stage: str | None = None) -> list[Action]:
    ids = [a.catalog_id for s in plan.stages if stage in (None, s.stage) for a in s.actions]
    return [a for a in kb.catalog.actions if a.id in ids]


@pytest.mark.parametrize("name", list(PEOPLE))
def test_no_task_of_hands_judgement_or_people_is_handed_to_ai(kb: KnowledgeBase, plans: dict[str, Plan],
                                                              name: str) -> None:
    kinds = TaskKinds(kb.catalog.vocabulary)
    theirs = [t for t in (short_task(t) for t in PEOPLE[name].main_tasks) if t and not kinds.paperwork(t)]
    for sentence in _sentences(plans[name]):
        if _AI.search(sentence):
            assert not [t for t in theirs if t.lower() in sentence.lower()], (name, sentence)


@pytest.mark.parametrize("name", list(PEOPLE))
def test_their_tasks_are_named_by_short_name_only(kb: KnowledgeBase, plans: dict[str, Plan], name: str) -> None:
    text = _text(plans[name]).lower()
    short = [t for t in (short_task(t) for t in PEOPLE[name].main_tasks) if t]
    assert any(t.lower() in text for t in short), (name, "none of their own tasks is named")
    assert not [t for t in PEOPLE[name].main_tasks if len(t.split()) > 6 and t.lower() in text], name
    assert "{" not in text


@pytest.mark.parametrize("name", list(PEOPLE))
def test_the_lead_stage_fits_their_situation(kb: KnowledgeBase, plans: dict[str, Plan], name: str) -> None:
    profile, plan = PEOPLE[name], plans[name]
    needs = {n for a in _catalog(kb, plan) for n in a.needs}
    lead = _catalog(kb, plan, "lead")
    if profile.situation == "freelance":
        assert not needs & {"employer", "reports", "executive"}, name
        if not profile.leads_people:
            assert "team" not in needs, (name, "a sole trader has no crew to train")
            assert not _NOT_FOR_A_SOLE_TRADER.search(_text(plan)), (name, _NOT_FOR_A_SOLE_TRADER.search(_text(plan)))
        assert any("clients" in a.topics for a in lead), (name, "their customers and local market")
    elif profile.situation in ("job_seeking", "career_break"):
        assert any("job search" in a.topics for a in lead), (name, "a job search")
        assert "employer" not in needs
    else:
        assert not needs & {"reports", "executive"} or profile.leads_people, name
        assert not any(a.situations == ("freelance",) for a in _catalog(kb, plan)), (name, "no business of theirs")


@pytest.mark.parametrize("name", list(PEOPLE))
def test_their_goal_and_worries_are_served_and_the_summary_claims_no_more(kb: KnowledgeBase, plans: dict[str, Plan],
                                                                          name: str) -> None:
    profile, plan = PEOPLE[name], plans[name]
    actions = _catalog(kb, plan)
    if profile.situation == "freelance":
        assert any("clients" in a.topics for a in actions), (name, "more customers: an action wins them")
    if re.search(r"(?i)\b(?:become|get back into|find a job)\b", " ".join(profile.goals)):
        assert any({"goal", "job search"} & set(a.topics) for a in actions), (name, "a step toward their move")
    answered = {w for s in plan.stages for a in s.actions for w in a.addresses}
    for kind in profile.concern_kinds:
        assert any(kb.catalog.vocabulary.concern_kinds[kind].label in w for w in answered) or any(
            kb.catalog.vocabulary.concern_kinds[kind].label in n for n in plan.revision_notes), (name, kind)
    review = Guards(kb).check_plan(plan, profile)
    assert review.verdict == "pass", (name, review.issues)


@pytest.mark.parametrize("name", [n for n, p in PEOPLE.items() if p.situation in ("employed", "freelance")])
def test_their_own_paperwork_is_what_ai_drafts_or_the_plan_says_they_named_none(kb: KnowledgeBase,
                                                                                 plans: dict[str, Plan],
                                                                                 name: str) -> None:
    profile, plan = PEOPLE[name], plans[name]
    fill = filling(profile, kb.catalog.vocabulary, None)
    text = _text(plan)
    whys = " ".join(a.why for s in plan.stages for a in s.actions)
    if fill.paperwork_named:
        assert fill.written != DEFAULTS["written"]
        assert TaskKinds(kb.catalog.vocabulary).paperwork(fill.written), (name, fill.written)
    else:
        assert "first pass at" not in text, (name, "no paperwork of theirs is made up for AI to draft")
        assert "Pick the 2 admin jobs" not in text, name
        if DEFAULTS["written"] in text or DEFAULTS["tasks"] in text:
            assert NO_PAPERWORK in whys, (name, "said plainly")


@pytest.mark.parametrize(("task", "paperwork"), [
    ("writing incident reports", True), ("staff rota", True), ("chasing invoices", True), ("quotes for new jobs", True),
    ("writing up patient notes", True), ("booking appointments", True), ("social media posts", True),
    ("filling in job sheets", True), ("logging the day's results", True), ("answering the email queue", True),
    ("delivering post", False), ("sorting the post", False), ("bathroom fits", False), ("boiler swaps", False),
    ("cutting hair", False), ("cuts and colours", False), ("driving the 38 route", False), ("mowing lawns", False),
    ("patrols", False), ("door supervision", False), ("checking the allergen sheets", False),
    ("personal care", False), ("cooking on the pass", False), ("chairside assisting", False),
    ("sterilising instruments", False), ("rewiring houses", False), ("fault finding", False),
    ("serving customers", False), ("potting on seedlings", False), ("taking x-rays", False), ("MOT tests", False),
    ("handling complaints", False), ("logging results on the MOT system", False),
    ("fitting tyres and balancing wheels", False), ("dispensing", False),
])
def test_only_paperwork_is_work_ai_may_draft(kb: KnowledgeBase, task: str, paperwork: bool) -> None:
    assert TaskKinds(kb.catalog.vocabulary).paperwork(task) is paperwork


@pytest.mark.parametrize(("tasks", "edge"), [
    (["bathroom fits", "boiler swaps", "landlord gas certs"], "landlord gas certs"),
    (["writing incident reports", "patrols", "door supervision"], "door supervision"),
    (["staff rota", "serving customers"], "serving customers"),
    (["care notes", "personal care"], "personal care"),
    (["writing reports", "stacking shelves", "risk assessments"], "risk assessments"),
    (["knackered most weeks", "mise en place", "clean down"], "mise en place"),
])
def test_the_edge_is_a_task_of_judgement_hands_or_people_never_paperwork(kb: KnowledgeBase, tasks: list[str],
                                                                         edge: str) -> None:
    assert filling(Profile(main_tasks=tasks), kb.catalog.vocabulary, None).judgement == edge


@pytest.mark.parametrize(("goals", "named"), [
    (["not doing quotes at 10pm would be a start"], "quotes"),
    (["stop doing invoices on a sunday"], "invoices"),
    (["less time on emails"], "emails"),
    (["win more work"], None),
])
def test_paperwork_named_only_in_a_goal_is_still_theirs(kb: KnowledgeBase, goals: list[str],
                                                        named: str | None) -> None:
    fill = filling(Profile(main_tasks=["fitting kitchens", "tiling"], goals=goals), kb.catalog.vocabulary, None)
    assert fill.paperwork_named is (named is not None)
    assert fill.written == (named or DEFAULTS["written"])


@pytest.mark.parametrize(("task", "named"), [
    ("quoting jobs in the evenings", "quoting jobs"), ("invoices on sunday", "invoices"),
    ("the staff rota every monday morning", "the staff rota"), ("writing reports at night", "writing reports"),
    ("timesheets at the weekend", "timesheets"), ("care notes each morning", "care notes"),
])
def test_when_a_task_is_done_is_no_part_of_its_name(kb: KnowledgeBase, task: str, named: str) -> None:
    fill = filling(Profile(main_tasks=["fitting kitchens", task], times_not=["evenings", "weekends"]),
                   kb.catalog.vocabulary, None)
    assert fill.written == named
    first_pass = next(a for a in kb.catalog.actions if a.id == "act.survive.own-first-pass")
    assert fill(first_pass.title) == f"Let AI take the first pass at {named}, and keep the check yours"
