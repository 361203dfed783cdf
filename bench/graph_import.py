"""How long importing the graph module takes, as LangGraph's server does when it loads `langgraph.json`'s graph: the
median over fresh interpreters of `import graphs.coaching` (Python's own -X importtime figure, cumulative), and
whether the chat-model client was imported with it (it should not be: the LLM engine loads when chosen).

Run: uv run --frozen python bench/graph_import.py [--runs 7] [--root PATH]
`--root` measures another checkout of the project with this interpreter (for a before/after figure).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULE = "graphs.coaching"
CLIENT_MODULES = ("langchain_openai", "openai")
PROBE = f"import sys, {MODULE}; print(','.join(m for m in {CLIENT_MODULES!r} if m in sys.modules))"


def one_run(root: Path) -> tuple[float, str]:
    """Seconds `import graphs.coaching` took in a fresh interpreter, and the client modules it brought."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", PROBE], cwd=root, capture_output=True,
                          text=True, check=True)
    line = next(x for x in done.stderr.splitlines() if x.rstrip().endswith(f"| {MODULE}"))
    return int(line.split("|")[1]) / 1e6, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    runs = [one_run(args.root) for _ in range(args.runs)]
    seconds = sorted(s for s, _ in runs)
    clients = {c for _, c in runs if c}
    print(f"import {MODULE} ({args.root}): median {statistics.median(seconds):.2f} s, "
          f"min {seconds[0]:.2f} s, max {seconds[-1]:.2f} s over {len(seconds)} fresh interpreters; "
          f"chat-model client imported: {', '.join(sorted(clients)) or 'no'}")


if __name__ == "__main__":
    main()
