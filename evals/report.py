"""The whole evaluation: every persona through the graph (as is, with empty answers, with canaries), every
property's rate, and which personas failed it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from agents.deps import AgentDeps
from agents.planner.feedback import FeedbackReader
from agents.topics import Topics
from evals.faith_checks import FAITH_CHECKS, corrections_kept
from evals.feedback_checks import kept, read_right
from evals.feedback_ops import UNSAID, counted, rejections
from evals.live import correction_cases, load_cases, replay
from evals.model import FeedbackCase, Persona, feedback_cases, personas
from evals.plan_checks import PLAN_CHECKS
from evals.properties import BLANK_CHECKS, CANARY_CHECKS, CANARY_SUFFIX, INTERVIEW_CHECKS, Check, Outcome
from evals.runner import Runner, SessionRecord
from evals.screening import false_positives
from knowledge.base import KnowledgeBase


@dataclass
class Tally:
    passed: int = 0
    applicable: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.passed / self.applicable if self.applicable else 1.0


@dataclass
class Report:
    tallies: dict[str, Tally] = field(default_factory=dict)
    records: dict[str, SessionRecord] = field(default_factory=dict)
    feedback: dict[str, SessionRecord] = field(default_factory=dict)
    shares: tuple[str, int, int] = ("-", 0, 0)

    def add(self, checks: Mapping[str, Check], record: SessionRecord, kb: KnowledgeBase) -> None:
        for name, check in checks.items():
            self.count(name, record.persona.id, check(record, kb))

    def count(self, name: str, who: str, outcome: Outcome) -> None:
        tally = self.tallies.setdefault(name, Tally())
        if outcome.passed is None:
            return
        tally.applicable += 1
        if outcome.passed:
            tally.passed += 1
        else:
            tally.failures.append(f"{who}: {outcome.detail}")

    def variety(self, limit: float = 0.5) -> None:
        """No catalog action in more than `limit` of the plans."""
        plans = [r.plan for r in self.records.values()]
        counts: dict[str, int] = {}
        for plan in plans:
            for action_id in {a.catalog_id for s in plan.stages for a in s.actions if a.catalog_id}:
                counts[action_id] = counts.get(action_id, 0) + 1
        top, most = max(counts.items(), key=lambda kv: kv[1]) if counts else ("-", 0)
        share = most / len(plans) if plans else 0.0
        self.count("largest share of plans holding one action <= 50%", "all",
                   Outcome(share <= limit, f"{top} in {most}/{len(plans)} plans ({share:.0%})"))
        self.shares = (top, most, len(plans))

    def lines(self) -> list[str]:
        width = max(len(name) for name in self.tallies)
        return [f"{name:<{width}}  {t.passed:>3}/{t.applicable:<3} {t.rate:7.1%}"
                + (f"   failed: {'; '.join(t.failures)}" if t.failures else "")
                for name, t in self.tallies.items()]


def evaluate(deps: AgentDeps, kb: KnowledgeBase, people: Iterable[Persona] | None = None,
             cases: Iterable[FeedbackCase] | None = None, *, sessions_only: bool = False) -> Report:
    """Every property on the personas, the feedback cases, the correction and live cases and the screen; with
    `sessions_only`, only each persona's own session (a slow engine's measure)."""
    runner = Runner(deps)
    report = Report()
    for persona in people or personas():
        record = runner.run(persona)
        report.records[persona.id] = record
        report.add(INTERVIEW_CHECKS, record, kb)
        report.add(PLAN_CHECKS, record, kb)
        report.add(FAITH_CHECKS, record, kb)
        if sessions_only:
            continue
        report.add(BLANK_CHECKS, runner.run(persona, blanks=True), kb)
        report.add(CANARY_CHECKS, runner.run(persona, script=persona.script(suffix=CANARY_SUFFIX)), kb)
    report.variety()
    if sessions_only:
        return report
    for case in cases if cases is not None else feedback_cases():
        record = runner.run(case.person(), script=case.script())
        report.feedback[case.id] = record
        report.count("feedback read right (negations never focus)", case.id, read_right(case, record))
        report.count("feedback kept, or declined in plain words", case.id, kept(case, record, kb))
        for name, check in {**PLAN_CHECKS, **FAITH_CHECKS}.items():
            report.count(f"after feedback: {name}", case.id, check(record, kb))
    corrections = "corrections kept (correction and live cases)"
    for live in correction_cases():
        report.count(corrections, live.id, corrections_kept(live, replay(live, deps)))
    reader, topics = FeedbackReader(kb.catalog.vocabulary), Topics(kb)
    for live in load_cases():
        run = replay(live, deps)
        report.count(corrections, live.id, corrections_kept(live, run))
        for name, faith in FAITH_CHECKS.items():
            report.count(f"live people: {name}", live.id, faith(run, kb))
        if rejected := rejections(run):
            unsaid = [c.said for r in rejected for c in counted(r, reader, topics) if c.outcome in UNSAID]
            report.count("live people: each plan feedback clause acted on, declined with its reason, or a comment",
                         live.id, Outcome(not unsaid, "; ".join(unsaid)[:300]))
    dropped, screened = false_positives()
    report.tallies["screen keeps honest text whole (false positives: 0)"] = Tally(
        passed=screened - len(dropped), applicable=screened, failures=dropped)
    return report
