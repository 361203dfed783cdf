"""Malformed input, at scale: hypothesis bodies for starting and resuming sessions (in-process), then stateful
schemathesis along the OpenAPI links against a real server, on SQLite and on PostgreSQL. One line per database:

    malformed input (sqlite): 0 responses >= 500 in N hypothesis bodies and M stateful calls

Exits non-zero when any answer is a server error or a check fails (the failure is printed). PostgreSQL is used
when reachable at --postgres (a throwaway database is created and dropped), else its line says it was skipped.

Run: uv run --frozen python bench/fuzz.py [--bodies 600] [--scenarios 30] [--steps 10] [--seed N]
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

# Run as a script, this folder would shadow top-level packages (bench/api.py and `api`): take it off the path.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from api.app import create_app  # noqa: E402
from evals.malformed import fuzz, in_process  # noqa: E402
from evals.servers import throwaway_postgres  # noqa: E402
from evals.stateful import run_stateful  # noqa: E402
from knowledge.base import KnowledgeBase  # noqa: E402
from localmodel import free_port  # noqa: E402
from sessions.bootstrap import IssuedKey  # noqa: E402
from settings import Settings, load_settings  # noqa: E402

ADMIN_DSN = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextmanager
def serving(settings: Settings, kb: KnowledgeBase) -> Iterator[tuple[str, str]]:
    """The app under uvicorn in a thread, on a free loopback port: its URL and the first admin's key."""
    keys: list[IssuedKey] = []
    server = uvicorn.Server(uvicorn.Config(create_app(settings, kb=kb, on_admin_key=keys.append), host="127.0.0.1",
                                           port=free_port(), log_level="critical", timeout_graceful_shutdown=5))
    thread = threading.Thread(target=server.run, name="fuzz-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app did not start within 60 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{server.config.port}", keys[0].token
    finally:
        server.should_exit = True
        thread.join(30)


def one_database(label: str, database_urls: tuple[str | None, str | None], args: argparse.Namespace,
                 kb: KnowledgeBase) -> bool:
    """Both runs on one kind of database, each on a fresh one (each start issues its own first admin)."""
    with tempfile.TemporaryDirectory(prefix="coach-fuzz-") as data_dir:
        settings = load_settings(data_dir=Path(data_dir) / "in-process", database_url=database_urls[0])
        with in_process(settings, kb=kb) as target:
            bodies = fuzz(target, examples=args.bodies, seed=args.seed)
        settings = load_settings(data_dir=Path(data_dir) / "served", database_url=database_urls[1])
        with serving(settings, kb) as (url, key):
            stateful = run_stateful(url, key, scenarios=args.scenarios, steps=args.steps,
                                    derandomize=args.seed is not None)
    errors = bodies.server_errors + stateful.server_errors
    failures = [failure for failure in [bodies.failure, *stateful.failures] if failure]
    if not any(status < 300 for (_, status) in stateful.outcomes):  # e.g. every call refused: nothing was tested
        failures.append(f"no stateful call succeeded: {dict(stateful.outcomes)}")
    print(f"malformed input ({label}): {errors} responses >= 500 in {bodies.requests} hypothesis bodies and "
          f"{stateful.calls} stateful calls" + (f", {len(failures)} failed checks" if failures else ""), flush=True)
    for failure in failures:
        print(f"  {failure[:1500]}", file=sys.stderr)
    return errors == 0 and not failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--bodies", type=int, default=600, help="hypothesis examples (in-process requests)")
    parser.add_argument("--scenarios", type=int, default=30, help="stateful scenarios (sequences of linked calls)")
    parser.add_argument("--steps", type=int, default=10, help="most calls per stateful scenario")
    parser.add_argument("--seed", type=int, default=None, help="a fixed seed (default: a new run each time)")
    parser.add_argument("--postgres", default=ADMIN_DSN, help="PostgreSQL admin DSN ('' to skip)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")  # hypothesis-jsonschema's format overrides, once per schema
    logging.disable(logging.CRITICAL)  # refused input is logged as it should be; the figures are the output
    kb = KnowledgeBase.open(None)
    ok = one_database("sqlite", (None, None), args, kb)
    if not args.postgres:
        print("malformed input (postgresql): skipped (--postgres '')")
        return 0 if ok else 1
    with throwaway_postgres(args.postgres, "coach_fuzz") as first, \
            throwaway_postgres(args.postgres, "coach_fuzz") as second:
        if first is None or second is None:
            print(f"malformed input (postgresql): skipped, no PostgreSQL server at {args.postgres}")
        else:
            ok = one_database("postgresql", (first, second), args, kb) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
