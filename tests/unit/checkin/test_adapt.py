"""The check-in's words read into answers, and the plan adapted from them by the knowledge engine: done actions
recorded and not repeated, the next stage opening, a blocked action replaced by one that respects the blocker,
hours following what the person really spent or now has, every change said and the reviewer's guards passing."""

from __future__ import annotations

import pytest

from agents.deps import AgentDeps
from agents.engines import build_deps
from agents.guards import checked_plan, placed_in
from agents.planner.adapt import adapt_plan
from domain.checkin import (
    ActionAnswer,
    ActionKey,
    ActionReport,
    ChangeReport,
    Checkin,
    CheckinRecord,
    FollowUp,
    current_stage,
    open_actions,
)
from graphs.memory import follow_up
from knowledge.base import KnowledgeBase
from reading.progress import read_action, read_changes
from tests.unit.checkin.test_checkin_graph import PERSON, Memory


@pytest.mark.parametrize(("said", "status", "hours"), [
    ("done", "done", None), ("Done! about 2 hours a week", "done", 2.0), ("partly, 1 h a week", "partly", 1.0),
    ("not started yet", "not_started", None), ("haven't done it, no time", "not_started", None),
    ("blocked by my employer's ban on AI tools", "blocked", None), ("I started it, maybe half an hour", "partly", 0.5),
    ("couldn't - the company does not allow it", "blocked", None),
])
def test_an_action_answer_is_read_from_words(said: str, status: str, hours: float | None) -> None:
    report = read_action(said)
    assert report is not None and report.status == status and report.hours_per_week == hours


def test_a_blocker_is_kept_in_the_persons_words() -> None:
    report = read_action("blocked by my employer's ban on AI tools")
    assert report is not None and report.blocker == "my employer's ban on AI tools"


def test_an_answer_with_no_status_is_not_guessed() -> None:
    assert read_action("hmm") is None


@pytest.mark.parametrize(("said", "hours", "role", "rating"), [
    ("nothing", None, None, None), ("I only have 2 hours a week now", 2.0, None, None),
    ("I changed jobs, now working as a data analyst; a bit behind on the goal", None, "a data analyst", -1),
    ("about what I hoped", None, None, 0), ("way ahead, much more than I hoped", None, None, 2),
])
def test_what_changed_is_read_from_words(said: str, hours: float | None, role: str | None,
                                         rating: int | None) -> None:
    changes = read_changes(said)
    assert (changes.hours_per_week, changes.new_role, changes.rating) == (hours, role, rating)


@pytest.fixture(scope="module")
def remembered(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> tuple[AgentDeps, FollowUp]:
    from settings import load_settings

    deps = build_deps(load_settings(data_dir=tmp_path_factory.mktemp("coach")), kb)
    memory = Memory(deps)
    memory.full_session("s1")
    follow = follow_up(memory.store, PERSON, "s1")
    assert follow is not None
    return deps, follow


def _checkin(follow: FollowUp, reports: list[ActionReport], changes: ChangeReport | None = None) -> Checkin:
    stage = current_stage(follow.plan, follow.done)
    assert stage is not None
    asking = open_actions(stage, follow.done)
    record = CheckinRecord(follows="s1", stage=stage.stage, goal=stage.goal, changes=changes or ChangeReport(),
                           actions=[ActionAnswer(action=a, report=r) for a, r in zip(asking, reports, strict=False)])
    return Checkin(follow=follow, stage=stage.stage, asking=asking, record=record, step=len(asking) + 1)


def _titles(stages: list[object]) -> set[str]:
    return {a.title for s in stages for a in s.actions}  # type: ignore[attr-defined]


def _passes(deps: AgentDeps, follow: FollowUp, adapted: object) -> None:
    plan, profile = adapted.plan, adapted.profile  # type: ignore[attr-defined]
    review = checked_plan(deps.guards, plan, profile, subject="test", shown=follow.plan,
                          roles=placed_in(follow.assessment), closed=tuple(adapted.done_stages))  # type: ignore
    assert review.verdict == "pass", review.issues


def test_done_actions_are_recorded_and_the_next_stage_opens(remembered: tuple[AgentDeps, FollowUp]) -> None:
    deps, follow = remembered
    first = follow.plan.stages[0]
    adapted = adapt_plan(_checkin(follow, [ActionReport(status="done")] * len(first.actions)), deps)
    assert not _titles(adapted.plan.stages) & {a.title for a in first.actions}
    assert adapted.done_stages == ["survive"] and [s.stage for s in adapted.plan.stages] == ["adapt", "lead"]
    assert any("the adapt stage opens now" in c for c in adapted.changes)
    assert {k.title for k in adapted.done} == {a.title for a in first.actions}
    _passes(deps, follow, adapted)
    nxt = FollowUp(**{**follow.model_dump(), "plan": adapted.plan, "done": adapted.done,
                      "done_stages": adapted.done_stages})
    stage = current_stage(nxt.plan, nxt.done)
    assert stage is not None and stage.stage == "adapt"  # the next check-in asks about the adapt stage


def test_fewer_hours_spent_make_the_action_lighter_and_say_why(remembered: tuple[AgentDeps, FollowUp]) -> None:
    deps, follow = remembered
    action = follow.plan.stages[0].actions[0]
    adapted = adapt_plan(_checkin(follow, [ActionReport(status="partly", hours_per_week=1)]), deps)
    now = next(a for a in adapted.plan.stages[0].actions if a.title == action.title)
    assert now.hours_per_week == 1
    assert f"you spent 1 h of {action.hours_per_week:g} a week, so the action is now 1 h a week" in \
        " ".join(adapted.changes)
    _passes(deps, follow, adapted)


def test_a_blocked_action_is_replaced_by_one_that_respects_the_blocker(
        remembered: tuple[AgentDeps, FollowUp]) -> None:
    deps, follow = remembered
    blocked = follow.plan.stages[0].actions[1]
    adapted = adapt_plan(_checkin(follow, [
        ActionReport(status="partly"),
        ActionReport(status="blocked", blocker="my employer does not allow AI tools on work material")]), deps)
    titles = _titles(adapted.plan.stages)
    assert blocked.title not in titles
    assert adapted.profile.ai_at_work is False and "employer_ai_rules" in adapted.profile.constraint_kinds
    needs = {a.id: a.needs for a in deps.kb.catalog.actions}
    assert all("ai_at_work" not in needs.get(a.catalog_id or "", ()) for s in adapted.plan.stages[:1]
               for a in s.actions if a.title not in {x.title for x in follow.plan.stages[0].actions})
    assert any(c.startswith(f"{blocked.title} was blocked") for c in adapted.changes)
    _passes(deps, follow, adapted)


def test_a_new_weekly_budget_is_kept_by_every_stage(remembered: tuple[AgentDeps, FollowUp]) -> None:
    deps, follow = remembered
    adapted = adapt_plan(_checkin(follow, [], ChangeReport(hours_per_week=2)), deps)
    assert all(s.weekly_hours <= 2 for s in adapted.plan.stages)
    assert any(c.startswith("You have 2 h a week now") for c in adapted.changes)
    _passes(deps, follow, adapted)


def test_a_changed_job_is_kept_and_said(remembered: tuple[AgentDeps, FollowUp]) -> None:
    deps, follow = remembered
    adapted = adapt_plan(_checkin(follow, [], ChangeReport(new_role="data analyst at a bank")), deps)
    assert adapted.profile.current_role == "data analyst at a bank"
    assert any("new job (data analyst at a bank)" in c for c in adapted.changes)
    _passes(deps, follow, adapted)


def test_nothing_changed_says_so(remembered: tuple[AgentDeps, FollowUp]) -> None:
    deps, follow = remembered
    adapted = adapt_plan(_checkin(follow, [ActionReport(status="not_started")]), deps)
    assert adapted.plan.revision_notes == ["Nothing changed in the plan: every action carries on as it was."]
    assert ActionKey.of("survive", follow.plan.stages[0].actions[0]).title in _titles(adapted.plan.stages)
    _passes(deps, follow, adapted)


@pytest.mark.parametrize(("said", "status"), [
    ("done, but it took longer - two weeks instead of one, because of the storm", "done"),
    ("partly. the second half is blocked until training in february", "partly"),
    ("blocked, the tool is not on our team, so not started", "blocked"),
])
def test_the_status_said_first_is_the_status(said: str, status: str) -> None:
    report = read_action(said)
    assert report is not None and report.status == status


def test_a_coachs_budget_never_gives_more_hours_than_the_person_now_has(
        remembered: tuple[AgentDeps, FollowUp]) -> None:
    deps, follow = remembered
    adapted = adapt_plan(_checkin(follow, [], ChangeReport(hours_per_week=2)), deps, budget=3)
    assert all(s.weekly_hours <= 2 for s in adapted.plan.stages) and adapted.profile.hours_per_week == 2
