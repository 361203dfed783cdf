"""Adversarial JSON bodies for the checks made before routing: shapes that make a naive scan of strings, escapes
or brackets slow (a quote followed by escaped quotes made a regex quadratic), each built to a given size."""

from __future__ import annotations

from collections.abc import Callable


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
