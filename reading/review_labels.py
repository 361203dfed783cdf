"""A list written under a field's label at the profile review, read as that field's list.

People answer the review in the shape it was shown to them: "what fills my week: lead a team of 9; toilet checks
every 30 minutes; spills and bins", "skills: remove 'toilets full', 'afghan'", "what i don't want: night shifts;
agency work", "ai at work: no photos airside". The label names the field (the review's own labels said in the first
person, or the field's plain name); every item after it, up to the end of the sentence, belongs to that field - a
semicolon parts items, never fields. Work or strengths restated as a list replace the ones read (the person's
words win); a limit, worry, aim or thing to leave out, a single item, or a list said with "add" or "also" adds;
one that says what to take out ("remove 'x'", "'x' is not a skill") takes those out; "X is not 'a': it is b, c"
does both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from domain.profile import Profile
from reading.review_work import QUOTED, mentioned
from reading.rules import rule

if TYPE_CHECKING:
    from reading.answers import AnswerReader
    from reading.review import Reviewed

_BREAKS = re.compile(r"(?<=[.!?])\s+|\n+|\s+(?=\(?\d{1,2}\)\s)")
"""Sentences, lines and the items of a numbered list written on one line: where a label's list ends."""
_DASH = re.compile(r"\s[-–—]\s")
_ITEMS = re.compile(r";\s+")
"""Items of a list written with semicolons: in a sentence with no label, each is read on its own."""
_STRICT = frozenset({"skills", "main_tasks"})
_REPLACED = frozenset({"skills", "main_tasks"})
"""Lists a person restates whole under their label (two items or more); any other list, or one item, said under
its label adds to what was read."""


def review_sentences(text: str) -> Iterator[str]:
    """The parts of a correction read one by one: a sentence under a field's label stays whole (its semicolons part
    items of that field's list); any other sentence is parted at its semicolons too."""
    for chunk in _BREAKS.split(text):
        cut = next((dash.start() for dash in _DASH.finditer(chunk) if rule("review.list_label").match(
            chunk[dash.end():])), None)  # "i cannot do nights - put in what i don't want: night shifts, ..."
        head, labelled = (chunk, "") if cut is None else (chunk[:cut], chunk[cut:].strip(" -–—"))
        if rule("review.list_label").match(rule("review.enumerator").sub("", head.strip())):
            head, labelled = "", head
        yield from (_ITEMS.split(head) if head.strip() else [])
        if labelled:
            yield labelled


class LabelledList:
    """Reads a field's list said under its label, with the answer reader's list reader."""

    def __init__(self, reader: AnswerReader) -> None:
        self.reader = reader

    def apply(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        """Whether `sentence` is a list under a field's label; if so, its changes are read into `out`."""
        found = rule("review.list_label").match(sentence)
        if found is None:
            return False
        name = next(group.removeprefix("f_") for group, said in found.groupdict().items()
                    if said and group.startswith("f_"))
        if name == "constraints" and rule("review.ai_allowed").search(sentence):
            return False  # "AI at work: yes, but only Copilot with my NHS login": the rule on AI, read as such
        rest = sentence[found.end():].strip(" :=-")
        current: list[str] = list(getattr(profile, name))
        if fixed := rule("review.list_instead").match(rest):  # "is not 'company is contractor': it is A, B, C"
            gone = mentioned(current, fixed.group("was"))
            out.removed[name] = [*out.removed.get(name, []), *gone]
            items = self._items(name, fixed.group("now"))
            if items:
                out.set[name] = items if name in _REPLACED else [i for i in current if i not in gone] + items
            return bool(items or gone)
        if rule("review.list_remove").search(rest) or rule("review.list_not_theirs").search(rest):
            gone = mentioned(current, rest)
            out.removed[name] = [*out.removed.get(name, []), *gone]
            return bool(gone or QUOTED.search(rest))  # what is quoted and not there is out already
        also = rule("review.list_add").match(rest)
        items = self._items(name, rest[also.end():] if also else rest)
        if not items:
            return False
        if also or found.group("add") or name not in _REPLACED or len(items) < 2:  # ("put in what i don't want:
            out.added[name] = [*out.added.get(name, []), *items]  # night shifts"): a limit or worry is never lost
        else:
            out.set[name] = items  # the work or strengths said again, whole: what was read gives way to it
        return True

    def _items(self, name: str, text: str) -> list[str]:
        """The items after the label: parted by semicolons when the person used them ("security hall and gates"
        stays one item), else by commas and "and"."""
        text = QUOTED.sub(lambda m: m.group(1), text)
        if name == "avoid":  # "things i wont do: no college, not changing job": the things, without the no
            text = re.sub(r"(?i)(?:^|(?<=[,;]))\s*(?:no|not|never)\s+", " ", text)
        if ";" not in text:
            return self.reader.listed(text, strict=name in _STRICT)
        parts = [p.strip(" .,") for p in text.split(";")]
        return [p if len(found) > 1 else found[0] for p in parts
                if (found := self.reader.listed(p, strict=name in _STRICT))]
