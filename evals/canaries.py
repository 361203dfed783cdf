"""Personal-data canaries: one distinct e-mail address, phone number, key and IBAN per answer field and for the
feedback, so a leak says which field it came from, and the strings to look for wherever data comes to rest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import create_engine, inspect, text

from evals.model import Persona
from graphs.driver import ScriptedReviews, SessionScript

FEEDBACK = "feedback"
CHECKPOINT_TABLES = ("checkpoint", "writes")
# What a session view holds besides the person's own words (its transcript and profile, which are the checkpoint's).
DRAFTS = ("pending", "assessment", "assessment_review", "plan", "review")
MAX_STEPS = 40


@dataclass(frozen=True)
class Canary:
    place: str
    email: str
    phone: str
    key: str
    iban: str

    @property
    def sentence(self) -> str:
        return (f" You can reach me at {self.email} or on {self.phone}; my API key is {self.key} and my account "
                f"is {self.iban}.")

    @property
    def needles(self) -> tuple[str, ...]:
        """What must not be found: the values, and the parts of them a partial redaction would leave."""
        local = self.email.split("@")[0]
        digits = "".join(ch for ch in self.phone if ch.isdigit())
        return (self.email, local, self.phone, digits[-7:], self.key, self.key[-12:], self.iban,
                self.iban.replace(" ", ""))


def canaries(places: tuple[str, ...]) -> dict[str, Canary]:
    out: dict[str, Canary] = {}
    for i, place in enumerate(places):
        tag = f"{i:02d}"
        out[place] = Canary(place=place, email=f"canary.{place.replace('_', '')}{tag}@example.org",
                            phone=f"+44 7700 900{100 + i:03d}", key=f"sk-canary{tag}Q7w8E9r0T1y2U3i4O{tag}p",
                            iban=f"GB{10 + i:02d} WEST 1234 5698 7654 {10 + i:02d}")
    return out


def with_canaries(persona: Persona, found: dict[str, Canary]) -> SessionScript:
    """The persona's answers, each followed by its field's canary sentence; the first plan rejected with feedback
    that carries the feedback canary."""
    script = persona.script()
    answers: dict[str, str | list[str]] = {}
    for place, answer in script.answers.items():
        suffix = found[place].sentence if place in found else ""
        answers[place] = [a + suffix for a in answer] if isinstance(answer, list) else answer + suffix
    feedback = "Please make the plan lighter on weekends." + found[FEEDBACK].sentence
    decisions = [{"action": "approve"}, {"action": "reject", "feedback": feedback}, {"action": "approve"}]
    return script.model_copy(update={"answers": answers, "decisions": decisions})


def leaks(text: str, found: dict[str, Canary]) -> list[str]:
    """`place: needle` for every canary fragment in `text`."""
    return [f"{c.place}: {needle}" for c in found.values() for needle in c.needles if needle in text]


def _resume(pending: dict[str, Any], script: SessionScript, reviews: ScriptedReviews) -> dict[str, Any]:
    if pending["kind"] == "question":
        return {"interrupt_id": pending["id"], "answer": script.answer_for(pending["field"], pending["attempt"])}
    decision = reviews.next(pending["kind"])
    return {"interrupt_id": pending["id"], "acknowledge": True, **decision} if decision["action"] == "approve" \
        else {"interrupt_id": pending["id"], **decision}


async def shown_over_api(client: httpx.AsyncClient, script: SessionScript) -> list[str]:
    """Run one session to its end over the API; the drafts of every view it got, its plans and its traces."""
    shown: list[str] = []
    response = await client.post("/v1/sessions")
    reviews = ScriptedReviews(script)
    for _ in range(MAX_STEPS):
        response.raise_for_status()
        view = response.json()
        shown.append(json.dumps({k: view.get(k) for k in DRAFTS}))
        if view["pending"] is None:
            break
        response = await client.post(f"/v1/sessions/{view['id']}/resume",
                                     json=_resume(view["pending"], script, reviews))
    if view["status"] != "completed":
        raise AssertionError(f"session {view['id']} ended {view['status']}: {view.get('error')}")
    for path in ("plan", "plan/versions", "traces"):
        reply = await client.get(f"/v1/sessions/{view['id']}/{path}")
        reply.raise_for_status()
        shown.append(reply.text)
    return shown


def resting_rows(database_url: str) -> str:
    """Every row of every table but the checkpointer's, as text."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            tables = [t for t in inspect(connection).get_table_names() if not t.startswith(CHECKPOINT_TABLES)]
            rows = (json.dumps([str(v) for v in row]) for t in tables
                    for row in connection.execute(text(f'SELECT * FROM "{t}"')))
            return "\n".join([" ".join(tables), *rows])
    finally:
        engine.dispose()
