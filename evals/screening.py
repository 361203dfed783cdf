"""What the screen does to honest text: every answer and piece of feedback a person might type must come through
whole (no sentence dropped as an instruction). Measured on the evaluation set, the live cases and evals/benign.yaml."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import yaml

from evals.live import load_cases
from evals.model import feedback_cases, personas
from reading.screen import screened

BENIGN = Path(__file__).resolve().parent / "benign.yaml"


def honest_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every answer and feedback of the personas, the feedback cases, the live cases and the
    benign examples."""
    for person in personas():
        if person.kind == "hostile input":  # attacks by design: the injection suite measures those
            continue
        for field, value in person.answers.items():
            for text in [value] if isinstance(value, str) else value:
                yield f"{person.id}.{field}", text
    for case in feedback_cases():
        yield f"{case.id}.feedback", case.feedback
    for live in load_cases():
        for n, turn in enumerate(live.turns):
            if isinstance(turn.said, str):
                yield f"{live.id}.turn{n}", turn.said
        for decision in [*live.profile_review, *live.decisions]:
            if isinstance(decision.get("feedback"), str):
                yield f"{live.id}.feedback", decision["feedback"]
    for n, text in enumerate(yaml.safe_load(BENIGN.read_text(encoding="utf-8"))):
        yield f"benign[{n}]", text


def dropped(where: str, text: str) -> bool:
    """Whether screening took a sentence of honest text for an instruction to the system. Feedback at a review is
    screened as a coach's words: about the person, in the third person."""
    return screened(text, drafted=where.endswith(".feedback")).instructions > 0


def false_positives() -> tuple[list[str], int]:
    """The honest texts the screen dropped anything of (by where they come from), and how many were screened."""
    texts = list(honest_texts())
    return [where for where, text in texts if dropped(where, text)], len(texts)
