"""Connections are bounded: idle sockets beyond the process's starting limit of open files do not stop a normal
session (the limit is raised at start, and a connection that sends no request head is closed), a request head over
its size limit is refused, and requests beyond the concurrency limit get 503 with Retry-After."""

from __future__ import annotations

import asyncio
import contextlib
import resource
import socket
import threading
import time
from functools import partial
from pathlib import Path

import httpx
import pytest
import uvicorn
from starlette.responses import PlainTextResponse
from starlette.types import Receive, Scope, Send

from api.limits import AdmissionMiddleware
from api.serving import Parser, server_config
from evals.sockets import (
    close_all,
    closed_by_server,
    few_open_files,
    open_files_limit,
    open_idle,
    session_beside_idle_sockets,
)
from localmodel import free_port
from settings import Limits, load_settings
from tests.apitest.server import coach_serve
from tests.apitest.threaded import serving

START_FILES = 256
IDLE = 300
HEAD_TIMEOUT_S = 2


def test_idle_sockets_beyond_the_file_limit_do_not_stop_a_session(tmp_path: Path) -> None:
    env = {"COACH_LIMIT_HEADER_TIMEOUT_S": str(HEAD_TIMEOUT_S)}
    with coach_serve(tmp_path / "data", env=env, before_exec=partial(few_open_files, START_FILES)) as (server,):
        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        assert open_files_limit(server.pid) == max(hard, START_FILES)  # raised at start, as far as allowed
        run = session_beside_idle_sockets(server.url, server.admin_key, idle=IDLE, head_timeout_s=HEAD_TIMEOUT_S)
    assert run.tally.completed == 1 and run.tally.statuses[500] == 0, run
    assert run.closed == IDLE, run  # none sent a request head


def test_a_request_head_over_its_limit_is_refused(tmp_path: Path) -> None:
    with serving(load_settings(data_dir=tmp_path / "data")) as server:
        big = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 100_000 + b"\r\n\r\n"
        (connection,) = open_idle(server.url, 1)
        try:
            connection.sendall(big)
            answer = connection.recv(4096)
        except (ConnectionResetError, BrokenPipeError):
            answer = b"HTTP/1.1 400"  # closed before it read it all: refused just the same
        finally:
            connection.close()
        assert answer.startswith((b"HTTP/1.1 400", b"HTTP/1.1 431")), answer[:200]
        assert httpx.get(f"{server.url}/healthz", headers={"X-Padding": "a" * 1000}).status_code == 200


async def test_requests_beyond_the_concurrency_limit_are_503() -> None:
    gate = asyncio.Event()

    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        await gate.wait()
        await PlainTextResponse("done")(scope, receive, send)

    limited = AdmissionMiddleware(slow, header_bytes=32 * 1024, concurrent_requests=2)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=limited), base_url="http://test") as client:
        under_way = [asyncio.create_task(client.get(path)) for path in ("/v1/a", "/v1/b", "/v1/sessions/s/events")]
        await asyncio.sleep(0.05)
        refused = await client.get("/v1/c")
        assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
        body = refused.json()
        assert body["code"] == "unavailable" and body["retryable"] is True and "try again" in body["detail"]
        gate.set()
        assert [(await task).status_code for task in under_way] == [200, 200, 200]  # the stream took no slot
        assert (await client.get("/v1/c")).status_code == 200


def test_open_idle_counts_nothing_when_nothing_listens() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    try:
        (connection,) = open_idle(f"http://127.0.0.1:{listener.getsockname()[1]}", 1)
        assert closed_by_server([connection], within_s=0.1) == 0
        connection.close()
    finally:
        listener.close()


@pytest.mark.parametrize("parser", ["h11", "httptools"])
def test_each_parser_closes_idle_connections_and_bounds_an_unfinished_head(parser: Parser) -> None:
    limits = Limits(header_timeout_s=0.5, header_bytes=8 * 1024)
    settings = load_settings(data_dir=Path("/nonexistent"), limits=limits)
    port = free_port()
    server = uvicorn.Server(server_config(PlainTextResponse("ok"), settings, host="127.0.0.1", port=port,
                                         parser=parser, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        while not server.started:
            time.sleep(0.02)
        url = f"http://127.0.0.1:{port}"
        idle = open_idle(url, 3) + open_idle(url, 2, first_bytes=b"GET / HTTP/1.1\r\nHost: x\r\n")
        assert closed_by_server(idle, within_s=3) == 5  # nothing, or half a head, for too long: closed
        close_all(idle)
        (slow,) = open_idle(url, 1, first_bytes=b"GET / HTTP/1.1\r\nX-A: " + b"a" * 6000)
        time.sleep(0.1)
        with contextlib.suppress(OSError):
            for _ in range(4):
                slow.sendall(b"a" * 6000)
                time.sleep(0.05)
        assert closed_by_server([slow], within_s=3) == 1  # more of an unfinished head than the limit: closed
        slow.close()
        assert httpx.get(url).text == "ok"
    finally:
        server.should_exit = True
        thread.join(10)
