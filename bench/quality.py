"""What a person receives, measured on the evaluation set (evals/personas.yaml), offline on the knowledge engine.

Every persona runs through the coaching graph three times (as written; with empty answers first; with e-mail,
phone and key canaries in every answer) and each property's rate is printed, with the personas that failed it.

    uv run python bench/quality.py                      # every property's rate
    uv run python bench/quality.py --transcript nurse   # also one persona's interview and assessment
    uv run --extra local python bench/quality.py --engine local --personas 3
        # the LLM engine on the embedded model: each of the first 3 personas' own session, every property
    uv run python bench/quality.py --checkin blocked-by-employer-rule   # also one check-in, plan before and after
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents.engines import build_deps
from evals.checkins import checkin_report, checkin_transcript
from evals.model import personas
from evals.report import evaluate
from evals.runner import SessionRecord
from knowledge.base import KnowledgeBase
from localmodel import LocalModelServer, local_engine_settings
from settings import Settings


def transcript(record: SessionRecord) -> list[str]:
    lines = [f"## {record.persona.id} ({record.persona.kind})"]
    for turn in record.transcript:
        lines += [f"Coach: {turn.question}", f"Person: {turn.answer}"]
    a = record.assessment
    matches = ", ".join(f"{m.name} {m.confidence:.0%}" for m in a.role_matches)
    lines += ["", f"Assessment: fit {a.fit}{' (tentative)' if a.tentative else ''}; {matches}",
              f"  {a.fit_note or ''}", f"  {a.risk_summary}",
              f"  strengths: {'; '.join(a.durable_strengths) or '-'}", f"  gaps: {'; '.join(a.gaps) or '-'}"]
    lines += [f"  {e.dynamic}: {e.level}" for e in a.exposure]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--transcript", action="append", default=[], help="print this persona's session too")
    parser.add_argument("--engine", choices=["knowledge", "local"], default="knowledge",
                        help="local: the LLM engine on the embedded model (needs the `local` extra)")
    parser.add_argument("--personas", type=int, default=0, help="only the first N personas (0: all)")
    parser.add_argument("--checkin", action="append", default=[], help="print this check-in case too")
    args = parser.parse_args()
    kb = KnowledgeBase.open(None)
    people = personas()[:args.personas] if args.personas else personas()
    started = time.perf_counter()
    if args.engine == "local":
        with LocalModelServer() as server:
            settings = local_engine_settings(Settings(), base_url=server.base_url, model=server.model)
            report = evaluate(build_deps(settings, kb), kb, people, sessions_only=True)
    else:
        report = evaluate(build_deps(Settings(), kb), kb, people)
    seconds = time.perf_counter() - started
    engine = "knowledge engine" if args.engine == "knowledge" else "LLM engine on the embedded model"
    print(f"Quality on {len(people)} personas ({seconds:.1f} s, {engine}):")
    for line in report.lines():
        print(f"  {line}")
    deps = build_deps(Settings(), kb)
    checkins, runs = checkin_report(deps)
    print(f"Check-ins on {len(runs)} cases (evals/checkins.yaml):")
    for line in checkins.lines():
        print(f"  {line}")
    for persona_id in args.transcript:
        print()
        print("\n".join(transcript(report.records[persona_id])))
    for case_id in args.checkin:
        print()
        print("\n".join(checkin_transcript(runs[case_id])))


if __name__ == "__main__":
    main()
