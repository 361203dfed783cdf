"""JSON request bodies checked once, before routing: what Python's JSON parser would accept but no handler can
use, or could not even report back, is refused here with a 422 naming where it is.

Refused: nesting deeper than a limit (the parser would recurse until RecursionError), non-finite numbers (`NaN`,
`Infinity`, `1e400`, which JSON itself does not allow), integers outside 64 bits (no field takes one, storage
and checkpoints cannot hold one, and Python refuses to parse them past 4300 digits), and lone surrogates
(`\\udc00`) in keys or values, which cannot be encoded as UTF-8. Malformed JSON is left to FastAPI, whose 422
says where the syntax broke.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from sessions.inputs import validation_error

INT64 = range(-(2**63), 2**63)
MAX_PROBLEMS = 20
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
Location = tuple[str | int, ...]


@dataclass(frozen=True)
class _Refused:
    """A number the parser met and this module refuses; found with its location by the walk afterwards."""

    problem: str


def is_json(content_type: str | None) -> bool:
    """Whether FastAPI would parse a body with this Content-Type as JSON (it does when there is none)."""
    if not content_type:
        return True
    media_type = content_type.split(";", 1)[0].strip().lower()
    main, _, sub = media_type.partition("/")
    return main == "application" and (sub == "json" or sub.endswith("+json"))


def nesting_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in `body`, brackets inside strings not counted (no parsing, no
    recursion: safe on any input)."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING.sub(b"", body)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
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
            found.append((loc, "is not valid Unicode (it contains a lone surrogate)"))
    elif isinstance(value, dict):
        for key, item in value.items():
            if _SURROGATE.search(key):
                found.append(((*loc, "<key>"), "is not valid Unicode (it contains a lone surrogate)"))
                continue
            _walk(item, (*loc, key), found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, (*loc, index), found)


def _where(loc: Location) -> str:
    if loc[-1:] == ("<key>",):
        return f"a key of {_where(loc[:-1])}"
    return ".".join(str(part) for part in loc[1:]) or "the request body"


def body_problems(body: bytes, *, max_depth: int) -> list[dict[str, Any]]:
    """The 422 issues of a UTF-8 JSON body (empty when it is fine, or malformed: FastAPI reports that)."""
    depth = nesting_depth(body)
    if depth > max_depth:
        return [validation_error(f"the request body nests {depth} levels deep; the limit is {max_depth}",
                                 kind="json_too_deep")]
    try:
        value = json.loads(body, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except (ValueError, RecursionError):
        return []
    found: list[tuple[Location, str]] = []
    _walk(value, ("body",), found)
    return [validation_error(f"{_where(loc)} {problem}", loc=loc) for loc, problem in found]
