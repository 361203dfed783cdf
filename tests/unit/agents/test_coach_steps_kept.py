"""A coach's ask at the plan review, kept whole: a step spelled out after a colon ("add an action toward her goal:
ask her team leader ...") is written as asked, never refused as "no step to take" nor said to be "not added"; an
action named to go never comes back to fill a stage while another will do; and what an earlier round asked for more
of, and the plan still lacks, is said again in each revision."""

from __future__ import annotations

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.planner.changes import carried_notes, revision_notes
from agents.planner.feedback import FeedbackReader
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.topics import Topics
from domain.feedback import Adjustments
from domain.profile import Profile
from knowledge.base import KnowledgeBase

WARDEN = Profile(current_role="civil enforcement officer", situation="employed", years_experience=12, hours_per_week=4,
                 main_tasks=["foot patrol", "issuing penalty charge notices"],
                 goals=["become a road safety officer at the council"])


def _revised(kb: KnowledgeBase, feedback: str, profile: Profile = WARDEN) -> tuple[list[str], list[str]]:
    planner, assessment = KnowledgePlanner(kb), KnowledgeAssessor(kb).assess(profile).value
    shown = planner.draft(profile, assessment).value
    asked = FeedbackReader(kb.catalog.vocabulary).read(feedback, shown)
    revised = planner.draft(profile, assessment, adjustments=asked).value
    return [a.title for s in revised.stages for a in s.actions], revision_notes(shown, revised, asked, Topics(kb))


def test_a_step_spelled_out_after_a_colon_is_written_whole(kb: KnowledgeBase) -> None:
    titles, notes = _revised(kb, "Add an action aimed at her goal of becoming the council's Road Safety Officer: ask "
                                 "her team leader to sign off a shadowing day with the current Road Safety Officer at "
                                 "one school session before he retires next spring, and note what the job involves.")
    assert "Ask your team leader to sign off a shadowing day" in titles
    assert not any(n.startswith(("Not added", "Not written")) for n in notes)


def test_an_action_named_to_go_does_not_come_back_while_another_will_do(kb: KnowledgeBase) -> None:
    planner, assessment = KnowledgePlanner(kb), KnowledgeAssessor(kb).assess(WARDEN).value
    shown = planner.draft(WARDEN, assessment).value
    lead = [a for s in shown.stages if s.stage == "lead" for a in s.actions]
    said = " ".join(f"Remove the action '{a.title}'." for a in lead)
    titles, _ = _revised(kb, said)
    assert lead and not any(a.title in titles for a in lead)


def test_an_earlier_ask_for_more_the_plan_lacks_is_said_again(kb: KnowledgeBase) -> None:
    planner, assessment = KnowledgePlanner(kb), KnowledgeAssessor(kb).assess(WARDEN).value
    plan = planner.draft(WARDEN, assessment).value
    kept = Adjustments(focus=["certificates", "clients"])
    topics = Topics(kb)
    missing = [t for t in kept.focus if not any(t in topics.of(a) for s in plan.stages for a in s.actions)]
    notes = carried_notes(plan, kept, Adjustments(), topics)
    assert [n for n in notes if "more on" in n] == [f"Asked before: more on {t}, but nothing I know about it fits your "
                                                   "situation; your coach can edit an action in." for t in missing]
    assert carried_notes(plan, kept, kept, topics) == []  # asked this round: the round's own notes say it
