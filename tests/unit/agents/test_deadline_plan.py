"""Time pressure in the plan: with a deadline the whole plan fits inside it, the job search and interview preparation
come first, the summary says so from the plan's own weeks, a guard fails a draft that runs past it, and a coach's
"compress to 16 weeks" sets it for the revision, whose note says truly what became of it."""

from __future__ import annotations

import pytest

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.guards import Guards
from agents.planner.changes import revision_notes
from agents.planner.deadline import SEARCH_TOPICS, SIZED
from agents.planner.feedback import FeedbackReader
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.topics import Topics
from domain.plan import Plan
from domain.profile import Profile
from knowledge.base import KnowledgeBase

LAID_OFF = Profile(current_role="payroll administrator", situation="job_seeking", years_experience=11,
                   hours_per_week=12, main_tasks=["monthly payroll runs", "pension queries"],
                   goals=["get back into a payroll job"], concerns=["the money running out"], concern_kinds=["income"])
CONTRACT = Profile(current_role="junior web developer", situation="employed", years_experience=2, hours_per_week=6,
                   main_tasks=["fixing CSS bugs", "building landing pages"], goals=["find a new developer job"])
SHOP = Profile(current_role="florist with my own shop", situation="freelance", years_experience=20, hours_per_week=4,
               main_tasks=["wedding orders", "instagram posts"], goals=["more wedding clients"])


@pytest.fixture(scope="module")
def planner(kb: KnowledgeBase) -> KnowledgePlanner:
    return KnowledgePlanner(kb)


@pytest.fixture(scope="module")
def guards(kb: KnowledgeBase) -> Guards:
    return Guards(kb)


def _plan(kb: KnowledgeBase, planner: KnowledgePlanner, profile: Profile, **kwargs: object) -> Plan:
    assessment = KnowledgeAssessor(kb).assess(profile).value
    return planner.draft(profile, assessment, **kwargs).value  # type: ignore[arg-type]


def _deadline_issues(guards: Guards, plan: Plan, profile: Profile) -> list[str]:
    return [i.message for i in guards.check_plan(plan, profile).issues
            if i.check in ("limits", "claims") and "deadline" in i.message]


@pytest.mark.parametrize(("profile", "weeks"), [(LAID_OFF, 16), (LAID_OFF, 9), (CONTRACT, 12), (SHOP, 20),
                                                (CONTRACT, 4)])
def test_the_whole_plan_fits_inside_the_deadline(kb: KnowledgeBase, planner: KnowledgePlanner, guards: Guards,
                                                 profile: Profile, weeks: int) -> None:
    person = profile.model_copy(update={"deadline_weeks": weeks, "deadline": f"about {weeks} weeks of savings"})
    plan = _plan(kb, planner, person)
    total = sum(s.horizon_weeks for s in plan.stages)
    assert total <= weeks and all(s.horizon_weeks >= 1 for s in plan.stages)
    assert all(a.duration_weeks <= s.horizon_weeks for s in plan.stages for a in s.actions)
    assert SIZED in plan.summary and f"{total} weeks in all, inside the {weeks} weeks you have" in plan.summary
    assert _deadline_issues(guards, plan, person) == []


@pytest.mark.parametrize("profile", [LAID_OFF, CONTRACT])
def test_the_job_search_and_interviews_come_first(kb: KnowledgeBase, planner: KnowledgePlanner,
                                                   profile: Profile) -> None:
    plan = _plan(kb, planner, profile.model_copy(update={"deadline_weeks": 16}))
    topics = Topics(kb)
    later = [a.title for s in plan.stages[1:] for a in s.actions if SEARCH_TOPICS & topics.of(a)]
    first = [a.title for a in plan.stages[0].actions if SEARCH_TOPICS & topics.of(a)]
    assert first and not later


def test_without_a_deadline_nothing_is_said_of_one(kb: KnowledgeBase, planner: KnowledgePlanner) -> None:
    plan = _plan(kb, planner, LAID_OFF)
    assert SIZED not in plan.summary and "deadline" not in plan.summary


def test_a_plan_running_past_the_deadline_fails(kb: KnowledgeBase, planner: KnowledgePlanner,
                                                guards: Guards) -> None:
    plan = _plan(kb, planner, LAID_OFF)
    total = sum(s.horizon_weeks for s in plan.stages)
    issues = _deadline_issues(guards, plan, LAID_OFF.model_copy(update={"deadline_weeks": total - 1}))
    assert any("past the deadline" in m for m in issues)


@pytest.mark.parametrize(("sentence", "deadline"), [
    ("This plan fits your deadline.", None),  # no deadline was given
    ("The whole plan is sized to your deadline: survive 2 weeks, adapt 2 weeks and lead 2 weeks, 6 weeks in all, "
     "inside the 6 weeks you have.", 6),  # the stages run longer than it says
])
def test_a_claim_of_fitting_the_deadline_is_checked(kb: KnowledgeBase, planner: KnowledgePlanner, guards: Guards,
                                                     sentence: str, deadline: int | None) -> None:
    plan = _plan(kb, planner, LAID_OFF)
    claimed = plan.model_copy(update={"summary": sentence})
    assert _deadline_issues(guards, claimed, LAID_OFF.model_copy(update={"deadline_weeks": deadline}))


@pytest.mark.parametrize(("feedback", "weeks"), [
    ("compress to 16 weeks please", 16),
    ("She has 16 weeks of money, the plan has to reflect that", 16),
    ("make the whole plan 12 weeks", 12),
    ("can you squeeze everything into 10 weeks", 10),
    ("he needs a 8-week plan, not this", 8),
    ("her redundancy pay runs out in 3 months", 13),
])
def test_a_coach_gives_the_whole_plan_a_length(kb: KnowledgeBase, feedback: str, weeks: int) -> None:
    asked = FeedbackReader(kb.catalog.vocabulary).read(feedback)
    assert asked.deadline_weeks == weeks
    assert any(a.deadline_weeks == weeks for a in asked.asks)


@pytest.mark.parametrize("feedback", [
    "make the first action 2 weeks shorter",
    "cut the hours to 2 a week",
    "she was out of work for 3 months last year",
    "in a year or two she'd like to manage the team",
    "drop the mentoring one",
])
def test_no_length_from_other_feedback(kb: KnowledgeBase, feedback: str) -> None:
    assert FeedbackReader(kb.catalog.vocabulary).read(feedback).deadline_weeks is None


@pytest.mark.parametrize("feedback", ["compress to 12 weeks", "she only has 10 weeks of savings left"])
def test_a_revision_to_a_coachs_length_says_so_truly(kb: KnowledgeBase, planner: KnowledgePlanner, guards: Guards,
                                                     feedback: str) -> None:
    shown = _plan(kb, planner, LAID_OFF)
    asked = FeedbackReader(kb.catalog.vocabulary).read(feedback, shown)
    assert asked.deadline_weeks is not None
    revised = _plan(kb, planner, LAID_OFF, feedback=feedback, previous=shown, adjustments=asked)
    total = sum(s.horizon_weeks for s in revised.stages)
    assert total <= asked.deadline_weeks < sum(s.horizon_weeks for s in shown.stages)
    notes = revision_notes(shown, revised, asked, Topics(kb))
    said = next(n for n in notes if n.startswith("Deadline:"))
    assert f"{asked.deadline_weeks}-week deadline" in said and f"{total} weeks in all" in said
    drafted = revised.model_copy(update={"revision_notes": notes})
    review = guards.check_plan(drafted, LAID_OFF, asked, shown=shown, asked=asked)
    assert not [i for i in review.issues if "deadline" in i.message or i.check == "claims"]
