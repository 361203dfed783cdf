"""Plans within an employer's AI rule: with one approved tool every AI step names it, with work data kept out of AI
no AI step works on customers' data, with AI banned the AI steps are personal-time learning on public material; the
guard fails a draft that breaks the rule. And only documents and information work is handed to AI ("the first pass
at running the ICP-MS" is no step anyone can take)."""

from __future__ import annotations

import pytest

from agents.assessor.knowledge_engine import KnowledgeAssessor
from agents.guards import Guards
from agents.planner.knowledge_engine import KnowledgePlanner
from agents.planner.personal import DEFAULTS, filling
from domain.plan import Plan
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from reading.answers import reader_for
from reading.employer import employer_ai_rule

APPROVED = Profile(
    current_role="pensions administration team leader", situation="employed", years_experience=14,
    main_tasks=["allocating cases", "quality sampling", "writing the Monday MI pack", "handling complaints"],
    hours_per_week=3, ai_tools=["Microsoft Copilot"], ai_at_work=True,
    constraints=["Copilot Chat is approved on the work laptop but no member data in it, ever",
                 "ChatGPT is blocked on the network"],
    constraint_kinds=["employer_ai_rules", "privacy"], concerns=["straight-through processing cutting the team"],
    concern_kinds=["replacement"])
BANNED = Profile(
    current_role="benefits assessment officer", situation="employed", years_experience=17,
    main_tasks=["assessing housing benefit claims", "writing decision letters", "working out overpayments"],
    hours_per_week=2, ai_at_work=False,
    constraints=["no ChatGPT or any public AI for council work, it is blocked on the network",
                 "putting a claimant's details into an AI tool is gross misconduct"],
    constraint_kinds=["employer_ai_rules", "privacy"], concerns=["the automation taking the simple claims"],
    concern_kinds=["replacement"])
LAB = Profile(
    current_role="senior laboratory technician", situation="employed", years_experience=20,
    main_tasks=["running the ICP-MS", "calibrating the GC-MS", "second-checking results", "writing SOPs"],
    hours_per_week=4)


def _plan(kb: KnowledgeBase, profile: Profile) -> Plan:
    return KnowledgePlanner(kb).draft(profile, KnowledgeAssessor(kb).assess(profile).value).value


def _steps(plan: Plan) -> list[tuple[str, list[str]]]:
    return [(a.title, a.steps) for s in plan.stages for a in s.actions]


def _limits(kb: KnowledgeBase, plan: Plan, profile: Profile) -> list[str]:
    return [i.message for i in Guards(kb).check_plan(plan, profile).issues
            if i.check == "limits" and i.severity == "error"]


def _with_step(plan: Plan, step: str) -> Plan:
    stage = plan.stages[0]
    bad = stage.actions[0].model_copy(update={"catalog_id": None, "steps": [*stage.actions[0].steps, step]})
    return plan.model_copy(update={"stages": [stage.model_copy(update={"actions": [bad, *stage.actions[1:]]}),
                                              *plan.stages[1:]]})


def test_with_an_approved_tool_every_ai_step_names_it(kb: KnowledgeBase) -> None:
    plan = _plan(kb, APPROVED)
    text = " ".join(f"{t} {' '.join(s)}" for t, s in _steps(plan)).lower()
    assert "free ai" not in text and "on your own device" not in text and "chatgpt" not in text
    assert not _limits(kb, plan, APPROVED)


@pytest.mark.parametrize("step", [
    "Ask a free AI assistant for a first version of each, on your own device.",
    "Try ChatGPT on 3 of your emails.",
    "Use an AI tool to summarise the week's complaints.",
])
def test_the_guard_fails_an_ai_step_without_the_approved_tool(kb: KnowledgeBase, step: str) -> None:
    plan = _with_step(_plan(kb, APPROVED), step)
    assert any("the only one the person's employer approves" in m for m in _limits(kb, plan, APPROVED))


@pytest.mark.parametrize("step", [
    "Use an assistant to draft quotes and invoices from your job notes.",
    "Paste your customers' emails into Microsoft Copilot and ask for replies.",
    "Ask Microsoft Copilot to summarise the member details on each case.",
])
def test_the_guard_fails_an_ai_step_on_peoples_data(kb: KnowledgeBase, step: str) -> None:
    plan = _with_step(_plan(kb, APPROVED), step)
    assert any("puts people's data from work into an AI tool" in m for m in _limits(kb, plan, APPROVED))


def test_made_up_material_is_no_work_data(kb: KnowledgeBase) -> None:
    plan = _with_step(_plan(kb, APPROVED), "Ask Microsoft Copilot to draft 2 member letters made up from scratch.")
    assert not any("data from work" in m for m in _limits(kb, plan, APPROVED))


def test_with_ai_banned_ai_steps_are_personal_time_learning_on_public_material(kb: KnowledgeBase) -> None:
    plan = _plan(kb, BANNED)
    for title, steps in _steps(plan):
        for step in steps:
            if "free ai" in step.lower() or "assistant" in step.lower():
                assert "own time" in step and ("public" in step or "made-up" in step), (title, step)
        assert "try it if you can" not in " ".join(steps)
    assert not _limits(kb, plan, BANNED)


@pytest.mark.parametrize("step", [
    "Ask a free AI assistant for a first version of each, on your own device.",
    "Try an AI tool on your next decision letter.",
])
def test_the_guard_fails_ai_at_work_where_it_is_banned(kb: KnowledgeBase, step: str) -> None:
    plan = _with_step(_plan(kb, BANNED), step)
    assert any("employer bans it" in m for m in _limits(kb, plan, BANNED))


def test_no_employer_rule_leaves_ai_steps_as_they_were(kb: KnowledgeBase) -> None:
    plan = _plan(kb, LAB)
    assert not _limits(kb, plan, LAB)
    assert not employer_ai_rule(LAB, reader_for(kb)).any


@pytest.mark.parametrize(("tasks", "written"), [
    (["running the ICP-MS", "calibrating the GC-MS", "writing SOPs"], "writing SOPs"),
    (["fitting tyres", "balancing wheels", "filling in job sheets"], "filling in job sheets"),
    (["volunteering at the food bank", "running the house"], DEFAULTS["written"]),
    (["3-4 live chats at once", "answering the email queue"], "answering the email queue"),
])
def test_only_documents_and_information_work_is_handed_to_ai(kb: KnowledgeBase, tasks: list[str],
                                                              written: str) -> None:
    fill = filling(Profile(main_tasks=tasks), kb.catalog.vocabulary, None)
    assert fill.written == written
    first_pass = next(a for a in kb.catalog.actions if a.id == "act.survive.own-first-pass")
    assert written in fill(first_pass.title)


def test_a_lab_plan_hands_no_instrument_to_ai(kb: KnowledgeBase) -> None:
    text = " ".join(f"{t} {' '.join(s)}" for t, s in _steps(_plan(kb, LAB))).lower()
    assert "first pass at running" not in text and "first pass at calibrating" not in text
