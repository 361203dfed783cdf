"""Document text: read from a regular file only (never through a symlink, never a device, FIFO or directory),
checked to be UTF-8 text, and chunked into citable passages. Shared by the operator's shared index
(`knowledge.user_docs`) and by the documents people add through the API (kept by the session service)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from knowledge.items import KnowledgeItem

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_CHUNK_CHARS = 900
# C0 and C1 control characters other than tab, line feed, vertical tab, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BOM = "\ufeff"
INVISIBLE = (r"\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
             r"\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8")
"""Unicode's default-ignorable characters of the basic plane (zero-width spaces and joiners, byte-order marks,
direction marks, variation selectors, fillers), as the body of a character class for Python's and JSON Schema's
patterns: they render as nothing."""
_VISIBLE = re.compile(rf"[^\s{INVISIBLE}\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")


class UserDocumentError(ValueError):
    """A document that cannot be added; nothing was changed."""


class DocumentTooLarge(UserDocumentError):
    """A document over the size limit."""


def is_blank(text: str) -> bool:
    """Whether `text` shows nothing: only whitespace and invisible characters (a search stops at the first visible
    character)."""
    return _VISIBLE.search(text) is None


def slug(name: str) -> str:
    """The id a name maps to: lower case, runs of anything else than letters and digits become one '-'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "doc"


def _kind_of(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link (give the file itself; links are not followed)"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular_file(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of `path`, which must be a regular file, not a link to one (`lstat`, then `O_NOFOLLOW`; the
    opened file must be the one checked, so a swap in between is refused too)."""
    try:
        before = os.lstat(path)
    except FileNotFoundError as exc:
        raise UserDocumentError(f"{path}: no such file") from exc
    except OSError as exc:
        raise UserDocumentError(f"{path}: cannot be read ({exc.strerror})") from exc
    if kind := _kind_of(before.st_mode):
        raise UserDocumentError(f"{path}: is {kind}; only regular files are accepted")
    _check_size(path, before.st_size, max_bytes)
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UserDocumentError(f"{path}: cannot be opened ({exc.strerror}); only regular files are accepted") from exc
    with os.fdopen(fd, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (before.st_dev, before.st_ino):
            raise UserDocumentError(f"{path}: changed while it was being opened; try again")
        data = handle.read(max_bytes + 1)
    _check_size(path, len(data), max_bytes)
    return data


def _check_size(name: object, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise DocumentTooLarge(f"{name}: {size:,} bytes is over the {max_bytes:,}-byte limit")
    if size == 0:
        raise UserDocumentError(f"{name}: the document is empty")


def decode_text(data: bytes, *, name: str) -> str:
    """UTF-8 text (a byte-order mark is dropped); binary data is refused before any indexing."""
    if b"\x00" in data:
        raise UserDocumentError(f"{name}: looks binary (contains NUL bytes); only Markdown or text is accepted")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserDocumentError(f"{name}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    return check_text(text.removeprefix(_BOM), name=name)


def check_text(text: str, *, name: str) -> str:
    """`text` if it is text a person wrote: no NUL or other control characters, no lone surrogates, not blank."""
    if found := _CONTROL.search(text):
        raise UserDocumentError(f"{name}: looks binary (control character U+{ord(found.group()):04X} at character "
                                f"{found.start()}); only Markdown or text is accepted")
    if found := _SURROGATE.search(text):
        raise UserDocumentError(f"{name}: is not valid Unicode (a lone surrogate at character {found.start()})")
    if is_blank(text):
        raise UserDocumentError(f"{name}: holds only whitespace or invisible characters")
    return text


def _sections(text: str, fallback_title: str) -> list[tuple[str, str]]:
    """Split Markdown into (heading, body) pairs; plain text is one section."""
    sections: list[tuple[str, list[str]]] = [(fallback_title, [])]
    for line in text.splitlines():
        if match := _HEADING.match(line):
            sections.append((match.group(2), []))
        else:
            sections[-1][1].append(line)
    return [(title, "\n".join(body).strip()) for title, body in sections if "\n".join(body).strip()]


def _chunks(body: str) -> list[str]:
    """Greedy paragraph packing up to about `_CHUNK_CHARS`; long paragraphs are cut at sentence ends."""
    pieces: list[str] = []
    for para in re.split(r"\n\s*\n", body):
        para = " ".join(para.split())
        while len(para) > _CHUNK_CHARS:
            cut = para.rfind(". ", 0, _CHUNK_CHARS)
            cut = cut + 1 if cut > _CHUNK_CHARS // 3 else _CHUNK_CHARS
            pieces.append(para[:cut].strip())
            para = para[cut:].strip()
        if para:
            pieces.append(para)
    chunks: list[str] = []
    for piece in pieces:
        if chunks and len(chunks[-1]) + len(piece) + 1 <= _CHUNK_CHARS:
            chunks[-1] = f"{chunks[-1]} {piece}"
        else:
            chunks.append(piece)
    return chunks


def passages(text: str, *, id_prefix: str, source_id: str, title: str, locator: str) -> list[KnowledgeItem]:
    """The document's passages, ids `<id_prefix>.<n>`; a Markdown heading titles the passages under it."""
    items: list[KnowledgeItem] = []
    for section, body in _sections(text, title):
        for chunk in _chunks(body):
            items.append(KnowledgeItem(
                id=f"{id_prefix}.{len(items) + 1}", kind="user", source_id=source_id, title=section,
                locator=f"{locator} § {section}", text=chunk, search_text=f"{section} {chunk}",
            ))
    if not items:
        raise UserDocumentError(f"{locator}: no text to index")
    return items
