"""Checks on text before anything reaches the graph: encoding, NUL characters, length."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from knowledge.documents import INVISIBLE

NO_NUL_PATTERN = "^[^\\u0000]*$"
"""Documents (in OpenAPI) that text may not contain NUL; `text_problem` enforces it with a clearer message."""
VISIBLE_PATTERN = f"^[^\\u0000]*[^\\s\\u0000{INVISIBLE}][^\\u0000]*$"
"""Text without NUL that shows something (not only whitespace or invisible characters), for OpenAPI."""


def validation_error(message: str, *, loc: tuple[str | int, ...] = ("body",), kind: str = "value_error") -> dict[
        str, Any]:
    """One error in FastAPI's 422 shape, so every 422 the API sends has the documented schema."""
    return {"type": kind, "loc": list(loc), "msg": message, "input": None}


def text_problem(value: str) -> str | None:
    """Why `value` cannot be accepted as text, or None when it can."""
    if "\x00" in value:
        return "contains a NUL character (\\u0000)"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode (it contains a lone surrogate)"
    return None


def text_problems(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string (keys included) in a JSON-like value that `text_problem` refuses, with its location."""
    if isinstance(value, str):
        if problem := text_problem(value):
            yield loc, problem
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and (problem := text_problem(key)):
                yield (*loc, "<key>"), problem
            yield from text_problems(item, (*loc, str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from text_problems(item, (*loc, index))
