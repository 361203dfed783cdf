"""Several server processes on one listening socket: `coach serve --workers N`.

The parent binds the socket, forks the workers (before any event loop or thread exists in it), and only
supervises: a worker that dies is replaced (its runs are settled by the others, as after any crash), and
SIGTERM or SIGINT is passed on to every worker, each of which shuts down gracefully. A worker that dies within
`EARLY_EXIT_S` of its start stops them all: something is wrong with the setup, not with one process.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from types import FrameType

logger = logging.getLogger(__name__)
EARLY_EXIT_S = 5.0


def _spawn(work: Callable[[], None]) -> int:
    pid = os.fork()
    if pid == 0:  # the worker
        status = 1
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            work()
            status = 0
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)
    return pid


def supervise(count: int, work: Callable[[], None]) -> None:
    """Run `work` in `count` forked processes until SIGTERM or SIGINT; returns when every one has exited."""
    started: dict[int, float] = {}
    stopping = False

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for pid in started:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for _ in range(count):
        started[_spawn(work)] = time.monotonic()
    failed = False
    while started:
        pid, status = os.wait()
        began = started.pop(pid, None)
        if began is None or stopping:
            continue
        code = os.waitstatus_to_exitcode(status)
        if time.monotonic() - began < EARLY_EXIT_S:
            print(f"worker {pid} exited with {code} right after it started; stopping", file=sys.stderr)
            failed = True
            stop(signal.SIGTERM, None)
            continue
        print(f"worker {pid} exited with {code}; starting another", file=sys.stderr)
        started[_spawn(work)] = time.monotonic()
    if failed:
        raise SystemExit(1)
