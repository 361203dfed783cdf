"""Bounded text types shared by every schema."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

SHORT_CHARS = 400
ITEM_CHARS = 200
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=SHORT_CHARS)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1200)]
ItemText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ITEM_CHARS)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
EntryRef = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
"""A knowledge entry id, as cited."""
