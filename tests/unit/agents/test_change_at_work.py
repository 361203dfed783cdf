"""Someone in work whose employer is bringing the change (robots on the line, a new system at the depot) is coached
through their own workplace - ask what it means for their tasks and what training comes with it, be trained first,
find the new jobs it brings, make what they already teach others official - with stage goals that say so, never a
desk template's "first pass at your paperwork". Nobody without a manager above them is told to ask one. And what a
coach asks of a revision is done as asked: a source action put back comes back whole, a step spelled out to add is
no topic to ask more of, days and times ruled out name no action to take out, and a title written from the coach's
words never ends cut off ("..., not", "Book a 1")."""

from __future__ import annotations

import pytest

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.planner.coached import CoachWritten
from agents.planner.feedback import FeedbackReader
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.planner.restored import with_restored
from domain.feedback import Adjustments
from domain.plan import Plan
from domain.profile import Profile
from graphs.summaries import plan_summary
from knowledge.base import KnowledgeBase

WORKPLACE = {"act.survive.own-ask-what-changes", "act.adapt.own-first-trained", "act.adapt.own-new-jobs-here",
             "act.lead.own-train-others"}

PEOPLE = {
    "machine setter": Profile(
        current_role="machine setter at a packaging plant", situation="employed", years_experience=18,
        main_tasks=["setting up the cartoning line", "changeovers", "showing new operators the line"],
        goals=["keep my job at the plant"], concerns=["the new robot cell replacing setters"],
        concern_kinds=["replacement", "keeping_up"], constraint_kinds=["no_desk"], hours_per_week=2),
    "checkout operator": Profile(
        current_role="checkout operator at a supermarket", situation="employed", years_experience=9,
        main_tasks=["working the tills", "helping customers at the self-checkouts", "stacking shelves"],
        concerns=["the self-checkouts replacing the tills"], concern_kinds=["replacement"],
        hours_per_week=3),
    "hospital porter": Profile(
        current_role="hospital porter", situation="employed", years_experience=12,
        main_tasks=["moving patients between wards", "taking samples to the lab", "training new porters"],
        concerns=["delivery robots in the corridors"], concern_kinds=["replacement", "age"], age=58,
        hours_per_week=2),
}


TOOLS = {"machine setter": "robot", "checkout operator": "self-checkout", "hospital porter": "robot"}


def _plan(kb: KnowledgeBase, profile: Profile, **kwargs: object) -> Plan:
    assessment = KnowledgeAssessor(kb).assess(profile).value
    return KnowledgePlanner(kb).draft(profile, assessment, **kwargs).value  # type: ignore[arg-type]


def _ids(plan: Plan) -> set[str]:
    return {a.catalog_id or "" for s in plan.stages for a in s.actions}


@pytest.mark.parametrize("name", list(PEOPLE))
def test_an_employee_facing_the_change_is_coached_through_their_workplace(kb: KnowledgeBase, name: str) -> None:
    plan = _plan(kb, PEOPLE[name])
    held = _ids(plan) & WORKPLACE
    assert len(held) >= 2, [a.title for s in plan.stages for a in s.actions]
    text = " ".join(a.title + " " + " ".join(a.steps) for s in plan.stages for a in s.actions)
    assert "{" not in text and "}" not in text and " works -" not in text  # ("how the robots works")
    assert TOOLS[name] in text.lower()  # their own tool, named
    for stage in plan.stages:  # a stage opened by the workplace says so; none promises "AI tools" it does not hold
        if stage.actions[0].catalog_id in WORKPLACE:
            assert "AI" not in stage.goal, stage.goal


@pytest.mark.parametrize("update", [
    {"seniority": "executive", "current_role": "managing director of a packaging firm", "manages_people": True},
    {"situation": "freelance", "current_role": "self-employed machine fitter"},
    {"situation": "job_seeking", "current_role": "machine setter, made redundant in May"},
])
def test_nobody_without_a_manager_above_them_is_told_to_ask_one(kb: KnowledgeBase, update: dict[str, object]
                                                               ) -> None:
    plan = _plan(kb, PEOPLE["machine setter"].model_copy(update=update))
    assert not _ids(plan) & WORKPLACE, [a.title for s in plan.stages for a in s.actions]


def test_a_stage_of_one_week_is_said_in_the_singular(kb: KnowledgeBase) -> None:
    plan = _plan(kb, PEOPLE["machine setter"])
    one = plan.model_copy(update={"stages": [plan.stages[0].model_copy(update={
        "horizon_weeks": 1, "actions": [a.model_copy(update={"duration_weeks": 1}) for a in plan.stages[0].actions]})]})
    said = plan_summary(one)
    assert "1 week," in said and "for 1 week;" in said and "1 weeks" not in said


def test_an_action_put_back_comes_back_whole(kb: KnowledgeBase) -> None:
    profile = PEOPLE["machine setter"]
    reader = FeedbackReader(kb.catalog.vocabulary)
    first = _plan(kb, profile)
    lead = first.stages[-1].actions[0]
    assert lead.catalog_id is not None
    took_out = reader.read(f"Remove '{lead.title}'", first)
    assert lead.catalog_id in took_out.remove
    second = _plan(kb, profile, feedback="remove", previous=first, adjustments=took_out)
    assert lead.catalog_id not in _ids(second)
    short = lead.title.split(" - ")[0]
    asked = with_restored(reader.read(f"Put back '{short}'", second), took_out.remove, kb.catalog.actions)
    assert asked.restore == [lead.catalog_id]
    merged = took_out.merged(asked)
    assert lead.catalog_id not in merged.remove
    third = _plan(kb, profile, feedback="put back", previous=second, adjustments=merged)
    back = [a for s in third.stages for a in s.actions if a.catalog_id == lead.catalog_id]
    assert back and len(back[0].steps) >= 3, [a.title for s in third.stages for a in s.actions]


def test_nothing_unasked_is_put_back(kb: KnowledgeBase) -> None:
    reader = FeedbackReader(kb.catalog.vocabulary)
    asked = reader.read("Put back the weekend hours please", None)
    assert with_restored(asked, ["act.lead.own-train-others"], kb.catalog.actions).restore == []


@pytest.mark.parametrize(("feedback", "topic"), [
    ("Add an action: get an IOSH Managing Safely refresher or price a NEBOSH General Certificate, staying under 600",
     "management"),
    ("Add an action: email the college about the price of the evening course", "income"),
    ("add a step: ask her manager to sign off her timesheets in the new system", "admin"),
])
def test_a_step_spelled_out_to_add_is_no_topic_asked_for(kb: KnowledgeBase, feedback: str, topic: str) -> None:
    asked = FeedbackReader(kb.catalog.vocabulary).read(feedback, None)
    assert asked.adds and topic not in asked.focus
    assert all(topic not in a.focus for a in asked.asks)


def test_a_topic_asked_to_add_is_still_asked_for(kb: KnowledgeBase) -> None:
    asked = FeedbackReader(kb.catalog.vocabulary).read("Add: a networking action", None)
    assert "networking" in asked.focus


@pytest.mark.parametrize("feedback", [
    "Cut the weekly total to fit 15 hours with no work on Tuesday/Thursday afternoons",
    "take out anything on saturday mornings or sunday evenings",
])
def test_days_and_times_name_no_action_to_take_out(kb: KnowledgeBase, feedback: str) -> None:
    shown = _plan(kb, PEOPLE["machine setter"])
    asked = FeedbackReader(kb.catalog.vocabulary).read(feedback, shown)
    assert not asked.unmatched and not asked.remove


@pytest.mark.parametrize(("feedback", "title_has"), [
    ("Add an action: ask for interviews by email or in person, not by telephone, because he wears hearing aids",
     "Ask for interviews"),
    ("Add an action: book a 1:1 with her manager and her Unison rep before the consultation closes, ask whether the "
     "trust study budget will fund a data protection qualification, and ask to join the AI redaction pilot as a "
     "checker", "1:1"),
])
def test_a_title_from_the_coachs_words_is_never_cut_off(kb: KnowledgeBase, feedback: str, title_has: str) -> None:
    profile = PEOPLE["checkout operator"]
    shown = _plan(kb, profile)
    asked = FeedbackReader(kb.catalog.vocabulary).read(feedback, shown)
    written = CoachWritten(kb).added(shown, [(feedback, asked.adds[0])], profile, {}, asked)
    added = [a for s in written.plan.stages for a in s.actions if a.catalog_id is None]
    assert added, written.notes
    title = added[0].title
    assert title_has in title and not title.rstrip(" ,.").lower().endswith((" not", " a", " 1", " by", " as")), title
    assert any("1:1" in s for s in added[0].steps) or title_has != "1:1"


def test_a_long_ask_is_kept_to_its_last_whole_part(kb: KnowledgeBase) -> None:
    long = ("Add an action: get the job description for the Band 5 post, write 5 examples from her 17 years against "
            "it covering exemptions, redaction, training the two new starters and breach checks, book a 1:1 with her "
            "manager and her rep before the consultation closes, ask whether the study budget will fund a data "
            "protection qualification, ask which courses the trust has paid for before, and ask to join the "
            "redaction pilot as a checker")
    asked = FeedbackReader(kb.catalog.vocabulary).read(long, None)
    assert asked.adds and not asked.adds[0].endswith((" as a", " as", " a"))


def test_no_adjustments_restore_nothing(kb: KnowledgeBase) -> None:
    assert Adjustments(remove=["x"]).merged(Adjustments()).remove == ["x"]


SIGNWRITER = Profile(current_role="self-employed signwriter", situation="freelance", years_experience=26,
                     main_tasks=["hand painted shop fronts", "gilding", "van vinyl"], hours_per_week=4,
                     concern_kinds=["income"])
LISTED = ("Add: a paid beginner signwriting workshop as a second income; photographing his heritage jobs on the phone "
          "for a free Google Business Profile; one action on his pension (he has none at 49 - check his State Pension "
          "forecast on gov.uk) and one on the Universal Credit minimum income floor.")


def test_each_part_of_a_list_to_add_is_added(kb: KnowledgeBase) -> None:
    asked = FeedbackReader(kb.catalog.vocabulary).read(LISTED, None)
    assert len(asked.adds) == 3 and asked.adds[1].startswith("photographing")


def test_each_step_listed_to_add_is_written_and_none_pushes_out_another(kb: KnowledgeBase) -> None:
    shown = _plan(kb, SIGNWRITER)
    asked = FeedbackReader(kb.catalog.vocabulary).read(LISTED, shown)
    revised = _plan(kb, SIGNWRITER, feedback=LISTED, previous=shown, adjustments=asked)
    written = {a.title: a.steps for s in revised.stages for a in s.actions if a.catalog_id is None}
    assert "Photograph your heritage jobs on the phone" in written, written  # a thing to do, not a doing
    assert any("State Pension forecast" in t for t in written), written  # the step inside the brackets
    assert not any(n.startswith("Already so") for n in revised.revision_notes)


def test_an_ask_naming_more_than_its_topic_is_never_already_so(kb: KnowledgeBase) -> None:
    from agents.asked import already
    from agents.guards import Guards
    topics = Guards(kb).topics
    shown = _plan(kb, SIGNWRITER)
    assert topics.count(shown, "income")
    specific = FeedbackReader(kb.catalog.vocabulary).read(
        "more on income: his pension and the Universal Credit minimum income floor", shown)
    plain = FeedbackReader(kb.catalog.vocabulary).read("more on income please", shown)
    assert specific.asks[0].focus == ["income"] and plain.asks[0].focus == ["income"]
    assert not already(specific.asks[0], shown, shown, topics)
    assert already(plain.asks[0], shown, shown, topics)


@pytest.mark.parametrize(("feedback", "budget"), [
    ("6 patterns cannot be drawn in 2 hours, give the portfolio its own stage", None),
    ("keep anything with his manager in his paid 9-5 hours", None),
    ("she can give 2-3 hours a week", 3),
])
def test_hours_a_task_takes_or_the_working_day_are_no_budget(kb: KnowledgeBase, feedback: str,
                                                            budget: float | None) -> None:
    asked = FeedbackReader(kb.catalog.vocabulary).read(feedback, None)
    assert asked.hours_budget == budget and all(a.fewer_hours == (budget is not None) for a in asked.asks)


@pytest.mark.parametrize("feedback", ["Nobody asked about coding.", "I never asked for more networking"])
def test_a_topic_nobody_asked_for_is_never_more_of(kb: KnowledgeBase, feedback: str) -> None:
    asked = FeedbackReader(kb.catalog.vocabulary).read(feedback, None)
    assert not asked.focus and asked.exclude


@pytest.mark.parametrize(("goal", "aim"), [
    ("the band 2 cleaning supervisor job, i want it. if not something with less lifting, stores or the laundry",
     "the band 2 cleaning supervisor job"),
    ("if not possible, a day-shift supervisor in a hotel", "a day-shift supervisor in a hotel"),
    ("get the robot job on this farm. if not, another robot farm near", "the robot job on this farm"),
])
def test_a_hedge_is_never_a_direction_or_an_aim(goal: str, aim: str) -> None:
    from agents.planner.aims import aim as aim_of
    from agents.planner.aims import directions
    assert not any(d.lower().startswith(("if", "otherwise")) for d in directions([goal]))
    assert aim_of([goal]) == aim



@pytest.mark.parametrize("situation", ["job_seeking", "career_break"])
def test_someone_out_of_work_is_never_asked_to_log_their_working_days(kb: KnowledgeBase, situation: str) -> None:
    profile = Profile(current_role="litho press minder, made redundant in May", situation=situation,
                      years_experience=30, main_tasks=["setting up the press", "colour matching to the proof",
                                                       "keeping the maintenance log", "training apprentices"],
                      goals=["workshop technician at a college"], concern_kinds=["replacement", "age"],
                      hours_per_week=15)
    plan = _plan(kb, profile)
    assert not any("working days" in s for st in plan.stages for a in st.actions for s in a.steps)
