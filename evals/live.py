"""People played live, kept as regression cases (`evals/live/*.yaml`), and replayed in order through the graph.

A live case is what a person typed, turn by turn, in the order the coach asked (not keyed by field: people answer
what they like), and what their coach decided at each review. Replaying it in memory on the knowledge engine shows
the whole conversation again, so a change to reading or writing can be judged on the people who met the product,
and its `expect` block (what a careful coach would have understood) is checked by tests/unit/evals/test_live.py.

    uv run python -m evals.live evals/live/pharmacist-shop.yaml     # replay one case and print the conversation
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command
from pydantic import BaseModel, ConfigDict, Field

from agents.deps import AgentDeps
from evals.runner import FinalState
from graphs.coaching import make_graph
from graphs.driver import pending_interrupt
from graphs.serde import make_serde

LIVE_DIR = Path(__file__).resolve().parent / "live"
CORRECTIONS = Path(__file__).resolve().parent / "corrections.yaml"
MAX_STEPS = 80


class Said(BaseModel):
    """One answer as typed, and the profile field of the question it answered when the person was played."""

    model_config = ConfigDict(extra="forbid")

    field: str | None = Field(default=None, description="The question's field when played; None: any question.")
    said: str


class LiveCase(BaseModel):
    """One person played live: who they are, what they typed, what their coach decided, what should be understood."""

    model_config = ConfigDict(extra="forbid")

    id: str
    backstory: str = Field(description="Written before the session: who this person is.")
    turns: list[Said] = Field(description="What the person typed, in order, with the field each question asked for.")
    profile_review: list[dict[str, Any]] = Field(
        default_factory=list, description="The person's decisions at the profile review, in order (default approve).")
    decisions: list[dict[str, Any]] = Field(
        default_factory=list, description="The coach's decisions at the assessment and plan reviews, in order.")
    expect: dict[str, Any] = Field(default_factory=dict, description="What a careful coach would have understood.")
    scores: dict[str, float] = Field(default_factory=dict, description="role, personal, actionable, grounded, "
                                                                       "language, 1-5, as scored when played.")
    known_gaps: dict[str, str] = Field(
        default_factory=dict, description="Checks this case still fails ('understood', or a faith check's name), each "
                                          "with why: open work, tested as failing until it is fixed.")


@dataclass
class Replay(FinalState):
    case: LiveCase
    lines: list[str] = field(default_factory=list)
    pauses: list[dict[str, Any]] = field(default_factory=list)
    final: dict[str, Any] = field(default_factory=dict)
    edited: set[int] = field(default_factory=set)
    """The pauses whose draft is the coach's own edit, shown again because the guards found something."""
    final_by_coach: bool = False
    """The approved plan is the coach's edit, not a draft of the product's."""

    @property
    def reviews(self) -> list[dict[str, Any]]:
        """The product's drafts shown at the reviews, in order (what the faith checks read); the coach's own edits,
        shown again with the guards' findings, are the coach's words, not the product's."""
        out: list[dict[str, Any]] = []
        last: dict[str, Any] | None = None  # the plan the coach saw last, their own edit included: what a revision
        for n, p in enumerate(self.pauses):  # of it says it changed is held to
            if p["kind"] in ("assessment_review", "plan_review") and n not in self.edited:
                out.append({**p, "before": last} if p["kind"] == "plan_review" else p)
            if p["kind"] == "plan_review":
                last = p["draft"]
        return out


def load_cases(directory: Path = LIVE_DIR) -> list[LiveCase]:
    """The people played live, one file each."""
    return [LiveCase.model_validate(yaml.safe_load(p.read_text(encoding="utf-8")))
            for p in sorted(directory.glob("*.yaml"))]


def correction_cases() -> list[LiveCase]:
    """People who correct themselves, scripted (evals/corrections.yaml)."""
    return [LiveCase.model_validate(c) for c in yaml.safe_load(CORRECTIONS.read_text(encoding="utf-8"))]


def replay(case: LiveCase, deps: AgentDeps) -> Replay:
    """Run the case through the graph in memory: each question takes the next turn ("done" once they run out),
    each profile review the next of the person's decisions, each other review the next of the coach's."""
    graph = make_graph(InMemorySaver(serde=make_serde()))
    config: Any = {"configurable": {"thread_id": str(uuid.uuid4())}}
    turns, profile_decisions, decisions = list(case.turns), list(case.profile_review), list(case.decisions)
    out = Replay(case)
    result: dict[str, Any] = graph.invoke({}, config, context=deps)
    for _ in range(MAX_STEPS):
        payload = pending_interrupt(result)
        if payload is None:
            out.final = result
            return out
        out.pauses.append(payload)
        if payload["kind"] == "question":
            answer = _answer(turns, payload["field"])
            out.lines += [f"Coach: {payload['prompt']}", f"Person: {answer}"]
            resume: Any = {"answer": answer}
        else:
            pool = profile_decisions if payload["kind"] == "profile_review" else decisions
            resume = pool.pop(0) if pool else {"action": "approve", "acknowledge": True}  # decided: approve
            out.lines += [f"[{payload['kind']}] {payload['prompt']}", f"Decision: {resume}"]
            if payload["kind"] == "plan_review":
                out.final_by_coach = resume.get("action") == "edit" or (
                    out.final_by_coach and resume.get("action") == "approve")
            if resume.get("action") == "edit" and payload["kind"] != "profile_review":
                out.edited.add(len(out.pauses))  # the next pause shows the coach's edit, if the guards stop it
        result = graph.invoke(Command(resume=resume), config, context=deps)
    raise RuntimeError(f"{case.id}: the session did not finish within {MAX_STEPS} steps")


def _answer(turns: list[Said], field: str) -> str:
    """What the person said to a question on `field`: the answer they gave it when played; for a question they were
    not asked then, the next answer given to no particular question; "done" once nothing is left to say."""
    turn = next((t for t in turns if t.field == field), None) or next((t for t in turns if t.field is None), None)
    if turn is None:
        return "skip" if turns else "done"
    turns.remove(turn)
    return turn.said


def main(paths: list[str]) -> None:
    from agents.engines import build_deps
    from knowledge.base import KnowledgeBase
    from settings import Settings

    deps = build_deps(Settings(), KnowledgeBase.open(None))
    for path in paths:
        case = LiveCase.model_validate(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
        run = replay(case, deps)
        print("\n".join(run.lines))
        profile = run.final.get("profile")
        print("\nProfile:", profile.model_dump(exclude_defaults=True) if profile else None)
        plan = run.final.get("plan")
        print("\nPlan:", plan.model_dump_json(indent=1) if plan else None)


if __name__ == "__main__":
    main(sys.argv[1:])
