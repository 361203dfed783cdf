"""The whole evaluation: every persona through the graph (as is, with empty answers, with canaries), every
property's rate, and which personas failed it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from agents.deps import AgentDeps
from evals.model import Persona, personas
from evals.properties import BLANK_CHECKS, CANARY_CHECKS, CANARY_SUFFIX, INTERVIEW_CHECKS, Check
from evals.runner import Runner, SessionRecord
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

    def add(self, checks: Mapping[str, Check], record: SessionRecord, kb: KnowledgeBase) -> None:
        for name, check in checks.items():
            outcome = check(record, kb)
            tally = self.tallies.setdefault(name, Tally())
            if outcome.passed is None:
                continue
            tally.applicable += 1
            if outcome.passed:
                tally.passed += 1
            else:
                tally.failures.append(f"{record.persona.id}: {outcome.detail}")

    def lines(self) -> list[str]:
        width = max(len(name) for name in self.tallies)
        return [f"{name:<{width}}  {t.passed:>3}/{t.applicable:<3} {t.rate:7.1%}"
                + (f"   failed: {'; '.join(t.failures)}" if t.failures else "")
                for name, t in self.tallies.items()]


def evaluate(deps: AgentDeps, kb: KnowledgeBase, people: Iterable[Persona] | None = None) -> Report:
    runner = Runner(deps)
    report = Report()
    for persona in people or personas():
        record = runner.run(persona)
        report.records[persona.id] = record
        report.add(INTERVIEW_CHECKS, record, kb)
        report.add(BLANK_CHECKS, runner.run(persona, blanks=True), kb)
        report.add(CANARY_CHECKS, runner.run(persona, script=persona.script(suffix=CANARY_SUFFIX)), kb)
    return report
