"""What a person receives, measured on the evaluation set (evals/personas.yaml), offline on the knowledge engine.

Every persona runs through the coaching graph three times (as written; with empty answers first; with e-mail,
phone and key canaries in every answer) and each property's rate is printed, with the personas that failed it.

    uv run python bench/quality.py                      # every property's rate
    uv run python bench/quality.py --transcript nurse   # also one persona's interview and assessment
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
    parser.add_argument("--checkin", action="append", default=[], help="print this check-in case too")
    args = parser.parse_args()
    kb = KnowledgeBase.open(None)
    started = time.perf_counter()
    report = evaluate(build_deps(Settings(), kb), kb)
    seconds = time.perf_counter() - started
    print(f"Quality on {len(personas())} personas ({seconds:.1f} s, knowledge engine):")
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
