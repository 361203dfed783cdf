"""What an outside probe broke, measured again: one line per finding, each with its figure; exits non-zero when
one fails. `bench/reliability.py` runs it as one of its parts.

Run: uv run --frozen python bench/probe.py [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

PostgreSQL figures need a server at --postgres (a throwaway database is made and dropped) and, for the restart,
PostgreSQL's own initdb and pg_ctl (a private cluster under a temporary folder); their lines say when they skip.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.bodies import body_problems  # noqa: E402
from evals.blanks import blank_session  # noqa: E402
from evals.bodies import ADVERSARIAL_SHAPES, adversarial_body, served_while_attacked  # noqa: E402
from evals.faults import (  # noqa: E402
    BackendTerminator,
    Failing,
    Tally,
    answer_through_a_failed_run,
    backend_terminated,
    patient_session,
    reads_during_restart,
    sqlite_write_lock_held,
)
from evals.http import bearer, parse_sse, resume_body  # noqa: E402
from evals.inprocess import InProcessApi, running_api  # noqa: E402
from evals.servers import coach_serve, private_postgres, serving, throwaway_postgres  # noqa: E402
from evals.sockets import few_open_files, open_files_limit, session_beside_idle_sockets  # noqa: E402
from sessions.checkpointer import checkpoint_path  # noqa: E402
from settings import Limits, Settings, load_settings  # noqa: E402

Line = tuple[str, bool]
SIZES = {"64 KB": 64 * 1024, "1 MB": 1024 * 1024}
START_FILES, IDLE, HEAD_TIMEOUT_S = 256, 300, 2
UNLIMITED = Limits(session_creates="1000000/minute", resumes="1000000/minute")


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def _settings(work: Path, name: str, **values: Any) -> Settings:
    return load_settings(data_dir=work / name, **values)


def body_checks(work: Path) -> Line:
    worst: dict[str, float] = {}
    for label, size in SIZES.items():
        timings = []
        for shape in ADVERSARIAL_SHAPES:
            body = adversarial_body(shape, size)
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                body_problems(body, max_depth=32)
                best = min(best, time.perf_counter() - started)
            timings.append(best)
        worst[label] = max(timings)
    bodies = [adversarial_body(shape, SIZES["1 MB"]) for shape in ADVERSARIAL_SHAPES]
    with serving(_settings(work, "bodies")) as server:
        attack = served_while_attacked(server.url, bodies, probes=40)
    ok = max(worst.values()) < 0.050 and attack.percentile_ms(0.5) < 100
    p50, p90 = attack.percentile_ms(0.5), attack.percentile_ms(0.9)
    return (f"pre-auth body checks ({len(ADVERSARIAL_SHAPES)} adversarial shapes): slowest {_ms(worst['64 KB'])} at "
            f"64 KB, {_ms(worst['1 MB'])} at 1 MB (target < 50 ms); another request while 1 MB bodies arrive without a "
            f"key: p50 {p50:.0f} ms, p90 {p90:.0f} ms (target < 100 ms)"), ok


async def _through_failure(settings: Settings, failing: Failing) -> str:
    async with running_api(settings) as api:
        client = api.client(api.admin_key)
        view = (await client.post("/v1/sessions")).json()
        outcome = await answer_through_a_failed_run(client, view, failing, api.decision_ids)
    return f"{outcome.describe()}{'' if outcome.ok else ' (FAILED)'}"


async def decisions(work: Path, postgres: str) -> Line:
    sqlite = _settings(work, "decisions")
    held = await _through_failure(sqlite, sqlite_write_lock_held(checkpoint_path(sqlite)))
    parts = [f"SQLite write lock held past the busy timeout: {held}"]
    with throwaway_postgres(postgres, prefix="coach_probe") as url:
        if url is None:
            parts.append("PostgreSQL: skipped (no server)")
        else:
            pg = _settings(work, "decisions-pg", database_url=url.replace("postgresql://", "postgresql+psycopg://"))
            terminated = await _through_failure(pg, backend_terminated(url))
            parts.append(f"PostgreSQL backend terminated mid-run: {terminated}")
    return "a decision never outlives its run: " + "; ".join(parts), not any("FAILED" in p for p in parts)


def _terminations(work: Path, postgres: str) -> tuple[str, bool]:
    with throwaway_postgres(postgres, prefix="coach_probe") as url:
        if url is None:
            return "backends terminated: skipped (no PostgreSQL server)", True
        settings = _settings(work, "faults", database_url=url.replace("postgresql://", "postgresql+psycopg://"))
        with serving(settings) as server, httpx.Client(base_url=server.url, timeout=60,
                                                      headers=bearer(server.admin_key)) as client:
            tally = Tally()
            terminator = BackendTerminator(postgres, url.rsplit("/", 1)[1], every_s=0.1, for_s=6.0)
            terminator.start()
            started = time.monotonic()
            while terminator.is_alive():
                patient_session(client, tally)
            terminated = terminator.stop()
            patient_session(client, tally)
    return (f"server backends terminated {terminated} times over {time.monotonic() - started:.0f} s: "
            f"{tally.completed} sessions completed, {tally.failed_runs} failed runs retried, {tally.describe()}",
            tally.statuses[500] == 0)


def _restart(work: Path) -> tuple[str, bool]:
    with private_postgres() as cluster:
        if cluster is None:
            return "database restart: skipped (no initdb/pg_ctl)", True
        settings = _settings(work, "restart", database_url=cluster.url.replace("postgresql://",
                                                                                "postgresql+psycopg://"))
        with serving(settings) as server, httpx.Client(base_url=server.url, timeout=60,
                                                      headers=bearer(server.admin_key)) as client:
            tally = Tally()
            started = time.monotonic()
            reading, reads = reads_during_restart(cluster, server.url, client.headers, down_s=3.0)
            patient_session(client, tally)
            reading.join(120)
            restart_s = time.monotonic() - started
            patient_session(client, tally)
    fine = tally.statuses[500] == 0 and reads.statuses[500] == 0 and tally.completed == 2
    return (f"private cluster restarted (down 3 s, {restart_s:.0f} s in all): reads meanwhile {reads.describe()}; "
            f"sessions {tally.describe()}, {tally.completed} completed"), fine


def database_faults(work: Path, postgres: str) -> Line:
    terminations, first = _terminations(work, postgres)
    restart, second = _restart(work)
    return f"database faults are 503, then gone (no 500): {terminations}; {restart}", first and second


async def blanks(work: Path) -> Line:
    settings = _settings(work, "blanks", limits=UNLIMITED)
    async with running_api(settings) as api:
        client = api.client(api.admin_key)
        run = await blank_session(client, sent=300, checkpoints=settings.data_dir)
        started = time.perf_counter()
        history = await client.get(f"/v1/sessions/{run.session_id}/history", params={"limit": 200})
        history_s = time.perf_counter() - started
    ok = run.reached != "question" and history.status_code == 200
    return (f"bounded interviews: 300 blank answers sent, the interview moved on to the {run.reached} after "
            f"{run.answers}; checkpoints {run.checkpoint_bytes / 1e6:.1f} MB, history read in {_ms(history_s)}"), ok


def idle_connections(work: Path) -> Line:
    env = {"COACH_LIMIT_HEADER_TIMEOUT_S": str(HEAD_TIMEOUT_S)}
    with coach_serve(work / "idle", env=env, before_exec=partial(few_open_files, START_FILES)) as (server,):
        raised = open_files_limit(server.pid)
        run = session_beside_idle_sockets(server.url, server.admin_key, idle=IDLE, head_timeout_s=HEAD_TIMEOUT_S)
    ok = run.tally.completed == 1 and run.closed == IDLE
    return (f"idle connections: {IDLE} silent sockets against a process started with {START_FILES} open files "
            f"(raised to {raised} at start): a whole session took {run.session_s:.1f} s; {run.closed}/{IDLE} idle "
            f"sockets closed within {HEAD_TIMEOUT_S} s + 5 s of opening"), ok


def _rss_mb() -> float:
    """This process's resident memory now (Linux), in MB."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


async def quotas(work: Path) -> Line:
    async with running_api(_settings(work, "quotas")) as api:
        _, person = await api.user()
        started = [(await person.post("/v1/sessions")).status_code for _ in range(25)]
        rss, cpu = _rss_mb(), time.process_time()
        text = " ".join(f"word{n % 5000} pipeline triage" for n in range(260_000))[: 5 * 1024 * 1024 - 100]
        added = [(await person.post("/v1/knowledge/documents", json={"title": f"Big {n}", "text": text})).status_code
                 for n in range(3)]
        await person.get("/v1/knowledge/search", params={"q": "pipeline triage"})
        cpu, rss = time.process_time() - cpu, _rss_mb() - rss
        views, view_bytes = api.runtime.kb.views_kept()
    ok = started.count(201) == 20 and started[20:] == [409] * 5 and added == [201, 201, 409]
    return (f"per-person caps: open sessions {started.count(201)} then 409 ({started.count(409)} refused); three 5 MB "
            f"documents: {added} (10 MB each person); adding them and a search: {cpu:.1f} s CPU, memory "
            f"+{rss:.0f} MB; views of own documents kept: {views} ({view_bytes / 1e6:.1f} MB of text, budget 32 MB)"
            ), ok


async def _plan_edit_with_markup(api: InProcessApi) -> int:
    _, owner = await api.user()
    view = (await owner.post("/v1/sessions")).json()
    while view["pending"]["kind"] != "plan_review":
        view = (await owner.post(f"/v1/sessions/{view['id']}/resume", json=resume_body(view["pending"]))).json()
    stages = json.loads(json.dumps(view["plan"]["stages"]))
    stages[0]["actions"][0]["citations"] = ["<script>alert(1)</script>"]
    edit = {"interrupt_id": view["pending"]["id"], "action": "edit", "edits": {"stages": stages}}
    return (await owner.post(f"/v1/sessions/{view['id']}/resume", json=edit)).status_code


async def _stream_after_revocation(api: InProcessApi) -> str:
    issued, owner = await api.user()
    sid = (await owner.post("/v1/sessions")).json()["id"]
    stream = asyncio.create_task(owner.get(f"/v1/sessions/{sid}/events", params={"follow": "true"}))
    await asyncio.sleep(0.5)
    await api.client(api.admin_key).post(f"/v1/admin/users/{issued.user.id}/revoke")
    try:
        events = parse_sse((await asyncio.wait_for(stream, 10)).text)
    except TimeoutError:
        return "still open after 10 s"
    return f"closed ({events[-1][1].get('reason')})"


def _forwarded(work: Path) -> int:
    settings = _settings(work, "forwarded", limits=Limits(bad_keys="5/minute"))
    with serving(settings) as server, httpx.Client(base_url=server.url, headers=bearer("ck_bad_key")) as client:
        return [client.get("/v1/sessions", headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code
                for n in range(10)].count(429)


async def smaller_holes(work: Path) -> Line:
    async with running_api(_settings(work, "holes", limits=Limits(stream_heartbeat_s=0.2))) as api:
        admin = api.client(api.admin_key)
        admin_id = (await admin.get("/v1/info")).json()["user"]["id"]
        last_keys = (await admin.post(f"/v1/admin/users/{admin_id}/revoke")).status_code
        stream = await _stream_after_revocation(api)
        markup = await _plan_edit_with_markup(api)
        invisible = [(await admin.post("/v1/admin/users", json={"name": "\u200b\u200d"})).status_code,
                     (await admin.post("/v1/knowledge/documents", json={"title": "\u2060", "text": "x"})).status_code]
        docs = [(await admin.get(path)).headers.get("content-security-policy", "") for path in ("/docs", "/redoc")]
    throttled = _forwarded(work)
    framed = sum("frame-ancestors 'none'" in policy for policy in docs)
    ok = (last_keys == 409 and stream == "closed (revoked)" and markup == 422 and invisible == [422, 422]
          and framed == 2 and throttled == 5)
    return (f"smaller holes: revoking the last admin keys {last_keys}; a stream after its key was revoked: {stream}; "
            f"an edit citing markup {markup}; invisible name, title {invisible}; /docs and /redoc with a policy "
            f"and no framing {framed}/2; bad keys with forged X-Forwarded-For: {throttled}/10 got 429 (5 allowed)"), ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres",
                        help="an admin URL of a PostgreSQL server ('' to skip)")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="coach-probe-") as tmp:
        work = Path(tmp)
        results = [body_checks(work), asyncio.run(decisions(work, args.postgres)),
                   database_faults(work, args.postgres), asyncio.run(blanks(work)), idle_connections(work),
                   asyncio.run(quotas(work)), asyncio.run(smaller_holes(work))]
    for line, ok in results:
        print(line if ok else f"{line} FAILED")
        failed |= not ok
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
