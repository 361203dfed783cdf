"""Running a persona through the coaching graph (in memory), recording what each step showed."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command

from agents.deps import AgentDeps
from domain.assessment import Assessment
from domain.plan import Plan
from domain.profile import Profile
from domain.state import Turn
from evals.model import Persona
from graphs.coaching import make_graph
from graphs.driver import ScriptedReviews, SessionScript, pending_interrupt
from graphs.serde import make_serde

MAX_STEPS = 60
BLANKS = ("", "   ", "\u200b\u200d\ufeff")
"""Answers with nothing in them: each must bring the same question back and cost no question slot."""


@dataclass
class Asked:
    """One question as the person saw it."""

    field: str
    question_id: str
    prompt: str
    attempt: int
    already_known: bool
    """The profile already held this field when the question was asked."""


class FinalState:
    """The profile, assessment and plan a finished session's state holds (`final`)."""

    final: dict[str, Any]

    @property
    def profile(self) -> Profile:
        profile: Profile = self.final["profile"]
        return profile

    @property
    def assessment(self) -> Assessment:
        assessment: Assessment = self.final["assessment"]
        return assessment

    @property
    def plan(self) -> Plan:
        plan: Plan = self.final["plan"]
        return plan


@dataclass
class SessionRecord(FinalState):
    persona: Persona
    questions: list[Asked] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)
    confirmations: list[dict[str, Any]] = field(default_factory=list)
    """The profile reviews the person saw (what the interview understood)."""
    blank_slots_used: int = 0
    blank_repeats: int = 0
    final: dict[str, Any] = field(default_factory=dict)

    @property
    def final_by_coach(self) -> bool:
        """A scripted coach approves or rejects; the plan is always the product's."""
        return False

    @property
    def transcript(self) -> list[Turn]:
        turns: list[Turn] = self.final["transcript"]
        return turns


class Runner:
    """One graph and one set of engines for many personas."""

    def __init__(self, deps: AgentDeps) -> None:
        self.deps = deps
        self.graph: CompiledStateGraph[Any, Any, Any, Any] = make_graph(InMemorySaver(serde=make_serde()))

    def run(self, persona: Persona, *, script: SessionScript | None = None, blanks: bool = False) -> SessionRecord:
        """The whole session; with `blanks`, empty answers are sent before real ones at the first questions."""
        script = script or persona.script()
        record = SessionRecord(persona=persona)
        config: Any = {"configurable": {"thread_id": f"{persona.id}-{uuid.uuid4().hex[:8]}"}}
        result = self.graph.invoke({}, config, context=self.deps)
        reviews = ScriptedReviews(script)
        blanks_left = list(BLANKS) if blanks else []
        for _ in range(MAX_STEPS):
            payload = pending_interrupt(result)
            if payload is None:
                record.final = result
                return record
            if payload["kind"] == "question":
                if blanks_left:
                    result = self._blank(record, config, payload, blanks_left.pop(0))
                    continue
                profile: Profile = self.graph.get_state(config).values["profile"]
                record.questions.append(Asked(field=payload["field"], question_id=payload["question_id"],
                                              prompt=payload["prompt"], attempt=payload["attempt"],
                                              already_known=profile.has(payload["field"])))
                resume: Any = {"answer": script.answer_for(payload["field"], payload["attempt"])}
            else:
                (record.confirmations if payload["kind"] == "profile_review" else record.reviews).append(payload)
                resume = reviews.next(payload["kind"])
            result = self.graph.invoke(Command(resume=resume), config, context=self.deps)
        raise RuntimeError(f"{persona.id}: the session did not finish within {MAX_STEPS} steps")

    def _blank(self, record: SessionRecord, config: Any, payload: dict[str, Any], blank: str) -> dict[str, Any]:
        result: dict[str, Any] = self.graph.invoke(Command(resume={"answer": blank}), config, context=self.deps)
        again = pending_interrupt(result)
        if again is None or again["kind"] != "question":
            record.blank_slots_used += 1
            return result
        record.blank_slots_used += again["progress"]["asked"] - payload["progress"]["asked"]
        record.blank_repeats += again["question_id"] == payload["question_id"]
        return result
