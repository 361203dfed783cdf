"""Retrieval figures: recall@5 on the labelled set, and query latency (p50/p95) on this machine.

Run: uv run python bench/retrieval.py   (targets: recall@5 >= 0.9, p50 < 2 ms)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.base import KnowledgeBase  # noqa: E402


def recall_at(kb: KnowledgeBase, cases: list[dict[str, object]], k: int) -> tuple[float, list[str]]:
    """A question counts as recalled when any of its relevant ids is among the top k hits."""
    misses: list[str] = []
    for case in cases:
        relevant = set(case["relevant"])  # type: ignore[arg-type]
        hits = {h.id for h in kb.search(str(case["question"]), k)}
        if not relevant & hits:
            misses.append(str(case["question"]))
    return 1 - len(misses) / len(cases), misses


def main() -> None:
    started = time.perf_counter()
    kb = KnowledgeBase.open(None)
    build_ms = (time.perf_counter() - started) * 1000
    cases = yaml.safe_load((ROOT / "tests/data/retrieval.yaml").read_text())
    recall, misses = recall_at(kb, cases, 5)
    questions = [str(c["question"]) for c in cases]
    for q in questions:  # warm-up
        kb.search(q, 5)
    timings = []
    for _ in range(20):
        for q in questions:
            t = time.perf_counter()
            kb.search(q, 5)
            timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95)]
    print(f"index: {len(kb)} entries, built in {build_ms:.0f} ms (catalog load + BM25)")
    print(f"recall@5: {recall:.3f} on {len(cases)} questions (target >= 0.9)")
    print(f"query latency: p50 {p50:.2f} ms, p95 {p95:.2f} ms over {len(timings)} queries (target p50 < 2 ms)")
    for miss in misses:
        print(f"  missed: {miss}")


if __name__ == "__main__":
    main()
