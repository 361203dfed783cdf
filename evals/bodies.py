"""Adversarial JSON bodies for the checks made before routing: shapes that make a naive scan of strings, escapes
or brackets slow (a quote followed by escaped quotes made a regex quadratic), each built to a given size."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx


def _repeat(head: bytes, unit: bytes, tail: bytes) -> Callable[[int], bytes]:
    def build(size: int) -> bytes:
        return head + unit * max(0, (size - len(head) - len(tail)) // len(unit)) + tail

    return build


def _nested(size: int) -> bytes:
    half = size // 2
    return b"[" * half + b"]" * half


def _at_the_limit(size: int) -> bytes:
    """Arrays 31 deep, side by side: nothing too deep, and as many brackets as the size allows."""
    unit = b"[" * 31 + b"]" * 31 + b","
    return b"[" + unit * ((size - 3) // len(unit)) + b"1]"


SHAPES: dict[str, Callable[[int], bytes]] = {
    "quote then escaped quotes": _repeat(b'"', b'\\"', b""),
    "escaped quotes in a value": _repeat(b'{"answer": "', b'\\"', b'"}'),
    "quotes": _repeat(b"", b'"', b""),
    "backslashes": _repeat(b'["', b"\\\\\\\"", b'"]'),
    "open brackets": _repeat(b"", b"[", b""),
    "nested brackets": _nested,
    "brackets at the depth limit": _at_the_limit,
    "brackets in strings": _repeat(b"[", b'"[{",', b'"x"]'),
    "unicode escapes": _repeat(b'["', b"\\u0041", b'"]'),
    "lone surrogates": _repeat(b'["', b"\\ud800", b'"]'),
    "strings then a lone surrogate": _repeat(b"[", b'"a",', b'"\\udc00"]'),
    "numbers then a huge one": _repeat(b"[", b"0,", b"1e400]"),
}
ADVERSARIAL_SHAPES = tuple(SHAPES)


def adversarial_body(shape: str, size: int) -> bytes:
    """A body of about `size` bytes in the named shape."""
    return SHAPES[shape](size)


@dataclass
class Attack:
    """What the other requests met while adversarial bodies arrived: each probe's time, each refusal's status."""

    probes_s: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)

    def percentile_ms(self, q: float) -> float:
        ordered = sorted(self.probes_s)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000 if ordered else float("nan")


def served_while_attacked(url: str, bodies: list[bytes], *, path: str = "/v1/knowledge/documents",
                          attackers: int = 2, probes: int = 20) -> Attack:
    """`attackers` clients post `bodies` to `path` without a key, over and over, while one more client times `probes`
    health checks, 50 ms apart."""
    attack = Attack()
    stop = threading.Event()

    def post_bodies() -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            while not stop.is_set():
                for body in bodies:
                    attack.statuses.append(client.post(path, content=body, headers={
                        "content-type": "application/json"}).status_code)

    threads = [threading.Thread(target=post_bodies, daemon=True) for _ in range(attackers)]
    for thread in threads:
        thread.start()
    try:
        with httpx.Client(base_url=url, timeout=60) as client:
            time.sleep(0.2)  # the attack is under way
            for _ in range(probes):
                started = time.perf_counter()
                client.get("/healthz").raise_for_status()
                attack.probes_s.append(time.perf_counter() - started)
                time.sleep(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join(120)
    return attack
