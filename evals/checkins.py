"""Check-ins on the evaluation set: each case (checkins.yaml) runs a persona's session to its approved plan, then a
check-in on it through the graph (an in-memory checkpointer and store), and the adapted plan is held to the
check-in properties. `bench/quality.py` prints their rates; tests/unit/evals/test_checkins.py asserts each holds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.store.memory import InMemoryStore
from langgraph.types import Command
from pydantic import BaseModel, ConfigDict

from agents.deps import AgentDeps
from agents.guards import checked_plan, placed_in
from domain.checkin import CheckinRecord, FollowUp
from domain.plan import Plan
from evals.personas import PERSONAS
from evals.properties import Outcome
from evals.report import Report
from graphs.coaching import make_graph
from graphs.driver import pending_interrupt
from graphs.memory import checkins, follow_up
from graphs.serde import make_serde

CASES = Path(__file__).with_name("checkins.yaml")
PERSON = "eval-person"


class CheckinCase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    persona: str
    actions: list[str]
    default: str = "not started"
    changes: str = "nothing"


def checkin_cases() -> list[CheckinCase]:
    return [CheckinCase.model_validate(c) for c in yaml.safe_load(CASES.read_text(encoding="utf-8"))]


@dataclass
class CheckinRun:
    case: CheckinCase
    before: FollowUp
    asked: list[dict[str, Any]] = field(default_factory=list)
    adapted: Plan | None = None
    values: dict[str, Any] = field(default_factory=dict)
    record: CheckinRecord | None = None


def run_case(case: CheckinCase, deps: AgentDeps) -> CheckinRun:
    store = InMemoryStore()
    graph = make_graph(InMemorySaver(serde=make_serde()), store)
    script = PERSONAS[case.persona][2]

    def step(thread: str, value: Any) -> dict[str, Any] | None:
        return pending_interrupt(graph.invoke(value, {"configurable": {"thread_id": thread}}, context=deps))

    payload = step("session", {"person": PERSON})
    while payload is not None:
        resume: Any = {"answer": script.answer_for(payload["field"], payload["attempt"])} \
            if payload["kind"] == "question" else {"action": "approve", "acknowledge": True}
        payload = step("session", Command(resume=resume))
    before = follow_up(store, PERSON, "session")
    assert before is not None, f"{case.id}: the session left no approved plan in the memory"
    run = CheckinRun(case=case, before=before)
    answers = iter(case.actions)
    payload = step("checkin", {"person": PERSON, "follows": "session"})
    while payload is not None and payload["kind"] == "checkin":
        run.asked.append(payload)
        answer = next(answers, case.default) if payload["step"] == "action" else case.changes
        payload = step("checkin", Command(resume={"answer": answer}))
    assert payload is not None and payload["kind"] == "plan_review", f"{case.id}: no plan review after the check-in"
    run.adapted = Plan.model_validate(payload["draft"])
    run.values = dict(graph.get_state({"configurable": {"thread_id": "checkin"}}).values)
    assert step("checkin", Command(resume={"action": "approve", "acknowledge": True})) is None
    run.record = checkins(store, PERSON)[-1]
    return run


def _titles(plan: Plan) -> set[str]:
    return {a.title for s in plan.stages for a in s.actions}


def nothing_known_reasked(run: CheckinRun, deps: AgentDeps) -> Outcome:
    stage = run.before.plan.stages[0]
    asked = [p["action"]["title"] for p in run.asked if p["step"] == "action"]
    changes = [p for p in run.asked if p["step"] == "changes"]
    profile = run.before.profile
    known = changes[0]["known"] if changes else {}
    if asked != [a.title for a in stage.actions] or len(changes) != 1:
        return Outcome(False, f"asked {asked} and {len(changes)} change question(s)")
    if known.get("hours_per_week") != profile.hours_per_week or known.get("current_role") != profile.current_role:
        return Outcome(False, f"what is known was not pre-filled: {known}")
    return Outcome(True)


def done_not_repeated(run: CheckinRun, deps: AgentDeps) -> Outcome:
    assert run.record is not None and run.adapted is not None
    done = {a.action.title for a in run.record.actions if a.report.status == "done"}
    if not done:
        return Outcome(None)
    again = done & _titles(run.adapted)
    return Outcome(not again, f"done and still in the plan: {sorted(again)}")


def blocked_replaced(run: CheckinRun, deps: AgentDeps) -> Outcome:
    assert run.record is not None and run.adapted is not None
    blocked = [a for a in run.record.actions if a.report.status == "blocked"]
    if not blocked:
        return Outcome(None)
    kept = {a.action.title for a in blocked} & _titles(run.adapted)
    if kept:
        return Outcome(False, f"blocked and still in the plan: {sorted(kept)}")
    needs = {a.id: a.needs for a in deps.kb.catalog.actions}
    profile = run.values["profile"]
    if profile.ai_at_work is False:
        using = [a.title for s in run.adapted.stages for a in s.actions if "ai_at_work" in needs.get(a.catalog_id or "",
                                                                                                      ())]
        if using:
            return Outcome(False, f"needs AI at work, which the blocker rules out: {using}")
    said = " ".join(run.adapted.revision_notes)
    missing = [a.action.title for a in blocked if f"{a.action.title} was blocked" not in said]
    return Outcome(not missing, f"not said: {missing}")


def hours_within_budget(run: CheckinRun, deps: AgentDeps) -> Outcome:
    assert run.adapted is not None
    budget = run.values["profile"].hours_per_week
    over = [f"{s.stage} {s.weekly_hours:g} h" for s in run.adapted.stages if budget and s.weekly_hours > budget]
    return Outcome(not over, f"over {budget} h a week: {over}")


def every_change_explained(run: CheckinRun, deps: AgentDeps) -> Outcome:
    assert run.adapted is not None
    before, after = run.before.plan, run.adapted
    notes = " ".join(after.revision_notes)
    hours_before = {a.title: (s.stage, a.hours_per_week) for s in before.stages for a in s.actions}
    unexplained = [t for t in hours_before.keys() - _titles(after) if t not in notes]
    unexplained += [t for t in _titles(after) - hours_before.keys() if t not in notes]
    for stage in after.stages:
        for action in stage.actions:
            was = hours_before.get(action.title)
            if was and was[1] != action.hours_per_week and action.title not in notes \
                    and f"the {stage.stage} stage is cut" not in notes:
                unexplained.append(f"{action.title} ({was[1]:g} -> {action.hours_per_week:g} h)")
    return Outcome(not unexplained, f"changed without a word: {unexplained}")


def guards_pass(run: CheckinRun, deps: AgentDeps) -> Outcome:
    assert run.adapted is not None
    checkin = run.values["checkin"]
    review = checked_plan(deps.guards, run.adapted, run.values["profile"], subject="eval", shown=run.before.plan,
                          roles=placed_in(run.before.assessment), closed=tuple(checkin.done_stages))
    errors = [f"{i.check}@{i.path}" for i in review.issues if i.severity == "error"]
    return Outcome(not errors, f"guard errors: {errors}")


CHECKIN_CHECKS: dict[str, Callable[[CheckinRun, AgentDeps], Outcome]] = {
    "check-in: nothing known asked again": nothing_known_reasked,
    "check-in: done actions not repeated": done_not_repeated,
    "check-in: blocked actions replaced": blocked_replaced,
    "check-in: hours within the new budget": hours_within_budget,
    "check-in: every change explained": every_change_explained,
    "check-in: the reviewer's guards pass": guards_pass,
}


def checkin_report(deps: AgentDeps, cases: list[CheckinCase] | None = None) -> tuple[Report, dict[str, CheckinRun]]:
    """Every case run and held to every check-in property; the runs, for their transcripts."""
    report, runs = Report(), {}
    for case in cases if cases is not None else checkin_cases():
        run = runs[case.id] = run_case(case, deps)
        for name, check in CHECKIN_CHECKS.items():
            report.count(name, case.id, check(run, deps))
    return report, runs


def checkin_transcript(run: CheckinRun) -> list[str]:
    """One check-in as it went: the plan before, each question and answer, the plan after with why it changed."""
    def plan_lines(plan: Plan) -> list[str]:
        return [f"  {s.stage}: " + "; ".join(f"{a.title} ({a.hours_per_week:g} h/wk, {a.duration_weeks} wk)"
                                              for a in s.actions) for s in plan.stages]

    assert run.record is not None and run.adapted is not None
    lines = [f"## check-in {run.case.id} ({run.case.persona})", "Plan before:", *plan_lines(run.before.plan)]
    said = [a.said for a in run.record.actions] + [run.record.changes_said]
    for payload, answer in zip(run.asked, said, strict=False):
        lines += [f"Coach: {payload['prompt']}", f"Person: {answer}"]
    return [*lines, "Plan after:", *plan_lines(run.adapted), "Why:", *(f"  - {n}" for n in run.adapted.revision_notes)]
