"""JSON request bodies checked once, before routing: what Python's JSON parser would accept but no handler can
use, or could not even report back, is refused here with a 422 naming where it is.

Refused: nesting deeper than a limit (the parser would recurse until RecursionError), non-finite numbers (`NaN`,
`Infinity`, `1e400`, which JSON itself does not allow), integers outside 64 bits (no field takes one, storage
and checkpoints cannot hold one, and Python refuses to parse them past 4300 digits), and lone surrogates
(`\\udc00`) in keys or values, which cannot be encoded as UTF-8. Malformed JSON is left to FastAPI, whose 422
says where the syntax broke.

These checks run before the caller's key is known, so each costs time in proportion to the body and no more:
passes of C code (bytes methods, numpy) over the raw bytes, and a parse only when the bytes show something that
may be refused. A body with none of that (nearly every body) is never parsed here.
"""

from __future__ import annotations

import json
import math
import operator
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from itertools import accumulate, compress, repeat
from typing import Any

import numpy as np

from sessions.inputs import validation_error

INT64 = range(-(2**63), 2**63)
MAX_PROBLEMS = 20
MAX_CONTAINERS = 10_000
QUOTE = ord('"')
# Bytes other than brackets (dropped when measuring nesting), and braces read as brackets: only depth counts there.
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_AS_BRACKETS = bytes.maketrans(b"{}", b"[]")
_BETWEEN_BRACKETS = (ord("[") + ord("]")) // 2  # minus a bracket: +1 for an opening one, -1 for a closing one
_DEPTH_CHUNK = 1 << 20
# What could make a parsed body one this module refuses, looked for outside strings (numbers) or in the raw body
# (escapes): long digit runs (an integer past 64 bits, a float past its range), long exponents, the constants
# JSON lacks, and a surrogate escape not paired as UTF-16 requires.
# Numbers are looked at in a copy where each digit reads 0, each exponent mark e and each sign +: then every
# question is a plain substring search.
_NUMBER_SHAPES = bytes.maketrans(b"123456789E-", b"000000000e+")
_LONG_DIGITS = b"0" * 19
_LONG_EXPONENTS = (b"e000", b"e+000")
_CONSTANTS = (b"NaN", b"Infinity")
_LONE_SURROGATE = re.compile(  # a high half not followed by a low one, a low half not after a high one
    rb"\\u[dD](?:[89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|[c-fC-F](?<!\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F]))")
_SURROGATE = re.compile("[\ud800-\udfff]")
LONE_SURROGATE_PROBLEM = "is not valid Unicode (it contains a lone surrogate)"
Location = tuple[str | int, ...]


@dataclass(frozen=True, eq=False)
class _Refused:
    """A number the parser met and this module refuses; found with its location by the walk afterwards."""

    problem: str


_CONTAINERS = frozenset({dict, list, _Refused})


def is_json(content_type: str | None) -> bool:
    """Whether FastAPI would parse a body with this Content-Type as JSON (it does when there is none)."""
    if not content_type:
        return True
    media_type = content_type.split(";", 1)[0].strip().lower()
    main, _, sub = media_type.partition("/")
    return main == "application" and (sub == "json" or sub.endswith("+json"))


def outside_strings(body: bytes) -> bytes:
    """What of `body` lies outside its JSON strings (exact for valid JSON; some bytes for any other input): escaped
    backslashes and escaped quotes taken out, then every byte between a quote and the next one."""
    chars = np.frombuffer(body.replace(b"\\\\", b"").replace(b'\\"', b""), dtype=np.uint8)
    quotes = chars == QUOTE
    inside = np.cumsum(quotes, dtype=np.uint8) & 1  # the count of quotes so far, odd within a string (kept mod 256)
    return bytes(chars[(inside == 0) & ~quotes].tobytes())


def nesting_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in `body`, brackets inside strings not counted (no parsing, no recursion:
    safe on any input). A closing bracket with nothing open is ignored."""
    return _depth(outside_strings(body))


def _depth(outside: bytes) -> int:
    brackets = outside.translate(_AS_BRACKETS, delete=_NOT_BRACKETS)
    deepest = level = floor = 0
    for start in range(0, len(brackets), _DEPTH_CHUNK):
        steps = _BETWEEN_BRACKETS - np.frombuffer(brackets[start:start + _DEPTH_CHUNK], dtype=np.int8)
        walk = level + np.cumsum(steps, dtype=np.int32)
        floors = np.minimum.accumulate(np.minimum(walk, floor))  # the lowest the walk went: a stray `]` counts 0
        deepest = max(deepest, int((walk - floors).max()))
        level, floor = int(walk[-1]), int(floors[-1])
    return deepest


def _constant(text: str) -> _Refused:
    return _Refused(f"is {text}, which is not a JSON number")


def _float(text: str) -> float | _Refused:
    value = float(text)
    return value if math.isfinite(value) else _Refused(f"is a number too large to represent ({text[:20]})")


def _int(text: str) -> int | _Refused:
    value = int(text) if len(text) <= 20 else None
    if value is None or value not in INT64:
        return _Refused(f"is an integer outside the 64-bit range ({text[:20]}{'…' if len(text) > 20 else ''})")
    return value


def _walk(value: Any, loc: Location, found: list[tuple[Location, str]]) -> None:
    if len(found) >= MAX_PROBLEMS:
        return
    if isinstance(value, _Refused):
        found.append((loc, value.problem))
    elif isinstance(value, str):
        if _SURROGATE.search(value):
            found.append((loc, LONE_SURROGATE_PROBLEM))
    elif isinstance(value, dict):
        keys = list(value)
        bad_keys = set(_with_surrogates(keys, range(len(keys))))
        for index in sorted(bad_keys.union(_notable(list(value.values())))):
            if index in bad_keys:
                found.append(((*loc, "<key>"), LONE_SURROGATE_PROBLEM))
            else:
                _walk(value[keys[index]], (*loc, keys[index]), found)
    elif isinstance(value, list):
        for index in _notable(value):
            _walk(value[index], (*loc, index), found)


def _notable(items: list[Any]) -> list[int]:
    """The indices of the items that may hold a problem: containers that are not empty, refused numbers, strings
    with a surrogate. Found by C code (list.index, iterators), never a Python step per item of another kind (a
    body may hold half a million numbers)."""
    kinds = list(map(type, items))
    present = set(kinds)
    if present == {str}:
        return _with_surrogates(items, range(len(items)))
    picked = [index for kind in present & _CONTAINERS for index in _indices(kinds, kind) if items[index]]
    if str in present:
        strings = list(map(operator.is_, kinds, repeat(str)))
        picked += _with_surrogates(list(compress(items, strings)), list(compress(range(len(items)), strings)))
    return sorted(picked)


def _indices(kinds: list[type], kind: type) -> list[int]:
    found: list[int] = []
    with suppress(ValueError):
        while True:
            found.append(kinds.index(kind, found[-1] + 1 if found else 0))
    return found


def _with_surrogates(strings: list[str], positions: Sequence[int]) -> list[int]:
    """The positions of the strings holding a surrogate: searches over them all joined (each match's string found
    by counting the separators before it, the search going on from the next string), at most MAX_PROBLEMS."""
    joined = "\x00".join(strings)
    if joined.count("\x00") != len(strings) - 1:  # a string holds the separator itself ("\u0000"): each match's
        ends = list(accumulate(map(len, strings), lambda end, size: end + 1 + size))  # string found by where the
        return _by_ends(joined, ends, positions)  # strings end instead
    match = _SURROGATE.search(joined)
    hits: list[int] = []
    number, searched = 0, 0
    while match is not None and len(hits) < MAX_PROBLEMS:
        number += joined.count("\x00", searched, match.start())  # the separators before it: its string's number
        hits.append(positions[number])
        searched = joined.find("\x00", match.start())
        if searched < 0:
            break
        match = _SURROGATE.search(joined, searched)
    return hits


def _by_ends(joined: str, ends: list[int], positions: Sequence[int]) -> list[int]:
    """As `_with_surrogates`, each match's string the one whose end (in `joined`) is the first at or after it."""
    hits: list[int] = []
    match = _SURROGATE.search(joined)
    while match is not None and len(hits) < MAX_PROBLEMS:
        number = bisect_left(ends, match.start() + 1)
        hits.append(positions[number])
        match = _SURROGATE.search(joined, ends[number] + 1)
    return hits


def _where(loc: Location) -> str:
    if loc[-1:] == ("<key>",):
        return f"a key of {_where(loc[:-1])}"
    return ".".join(str(part) for part in loc[1:]) or "the request body"


def body_problems(body: bytes, *, max_depth: int, max_containers: int = MAX_CONTAINERS) -> list[dict[str, Any]]:
    """The 422 issues of a UTF-8 JSON body (empty when it is fine, or malformed: FastAPI reports that)."""
    outside = outside_strings(body)
    depth = _depth(outside)
    if depth > max_depth:
        return [validation_error(f"the request body nests {depth} levels deep; the limit is {max_depth}",
                                 kind="json_too_deep")]
    # Each array and object costs the parser and the garbage collector far more than a number or a string does.
    containers = outside.count(b"[") + outside.count(b"{")
    if containers > max_containers:
        return [validation_error(f"the request body holds {containers} arrays and objects; the limit is "
                                 f"{max_containers}", kind="json_too_complex")]
    shapes = outside.translate(_NUMBER_SHAPES)
    long_digits = _LONG_DIGITS in shapes
    parse_int = _int if long_digits else None
    parse_constant = _constant if any(name in outside for name in _CONSTANTS) else None
    parse_float = _float if long_digits or any(mark in shapes for mark in _LONG_EXPONENTS) else None
    numbers = parse_int or parse_constant or parse_float
    if not numbers and not (b"\\u" in body and _LONE_SURROGATE.search(body)):
        return []  # nothing in it can be refused here: FastAPI parses it once
    if containers == 1 and QUOTE not in body and outside.lstrip()[:1] == b"[":  # a flat array of numbers alone:
        flat = _flat_numbers(outside, shapes)
        return [validation_error(f"{_where(loc)} {problem}", loc=loc) for loc, problem in flat]
    made: list[_Refused] = []  # each number refused, in the order the parser met them

    def kept(read: Callable[[str], Any] | None) -> Callable[[str], Any] | None:
        if read is None:
            return None

        def parse(text: str) -> Any:
            value = read(text)
            if isinstance(value, _Refused):
                made.append(value)
            return value
        return parse

    try:
        value = json.loads(body, parse_int=kept(parse_int), parse_constant=kept(parse_constant),
                           parse_float=kept(parse_float))
    except (ValueError, RecursionError):
        return []
    found: list[tuple[Location, str]] = []
    if containers == 1 and isinstance(value, list) and b"\\u" not in body:  # a flat array of numbers and strings:
        found = _flat(value, made)  # its refused numbers found by identity, never a Python step per item
    else:
        _walk(value, ("body",), found)
    return [validation_error(f"{_where(loc)} {problem}", loc=loc) for loc, problem in found]


_SUSPECTS = (_LONG_DIGITS, *_LONG_EXPONENTS, *_CONSTANTS)
_READS = ((rb"NaN|Infinity", _constant), (rb"[.eE]", _float))


def _flat_numbers(outside: bytes, shapes: bytes) -> list[tuple[Location, str]]:
    """The refused numbers of an array holding numbers alone, each at the index the commas before it give."""
    found: list[tuple[Location, str]] = []
    end = 0
    for at in sorted(_positions(shapes, _SUSPECTS)):  # bytes searches: never a step per byte in Python
        if at < end:
            continue  # the same number again
        start = max(outside.rfind(b",", 0, at), outside.rfind(b"[", 0, at)) + 1
        end = min((i for i in (outside.find(b",", at), outside.find(b"]", at)) if i >= 0), default=len(outside))
        text = outside[start:end].strip().decode("ascii", "replace")
        read: Callable[[str], Any] = next((r for mark, r in _READS if re.search(mark, text.encode())), _int)
        if isinstance(refused := read(text), _Refused):
            found.append((("body", outside.count(b",", 0, start)), refused.problem))
        if len(found) >= MAX_PROBLEMS:
            break
    return found


def _positions(text: bytes, needles: Sequence[bytes]) -> list[int]:
    """Where each needle starts in `text`, at most MAX_PROBLEMS of each."""
    out: list[int] = []
    for needle in needles:
        at = text.find(needle)
        while at >= 0 and len(out) < MAX_PROBLEMS * len(needles):
            out.append(at)
            at = text.find(needle, at + len(needle))
    return out


def _flat(items: list[Any], made: list[_Refused]) -> list[tuple[Location, str]]:
    found: list[tuple[Location, str]] = []
    at = -1
    for refused in made[:MAX_PROBLEMS]:
        at = items.index(refused, at + 1)
        found.append((("body", at), refused.problem))
    return found
