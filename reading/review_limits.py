"""At the profile review, a limit said no longer to hold: "i do have a laptop now" takes out the limit that said the
person lacks one; "money is not tight" takes out the limits of that kind."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from domain.profile import Profile
from reading.rules import rule

if TYPE_CHECKING:
    from reading.answers import AnswerReader
    from reading.review import Reviewed


class LimitsGone:
    def __init__(self, reader: AnswerReader) -> None:
        self.reader = reader

    def has_now(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        """"i do have a laptop now": a limit that said the person lacks it goes."""
        found = rule("review.has_now").search(sentence)
        if found is None or rule("review.negative").search(sentence[:found.start()]):
            return False
        thing = found.group("what").lower()
        lacking = re.compile(rf"(?i)\b(?:no|without|not? (?:have|own)|don'?t (?:have|own)|lack\w*)\b[^,;.]{{0,20}}"
                             rf"\b{re.escape(thing)}")
        gone = [c for c in profile.constraints if lacking.search(c)]
        if gone:
            out.removed["constraints"] = [*out.removed.get("constraints", []), *gone]
        return bool(gone)

    def denied(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        """"money is not tight": the limits of that kind go, and the kind with them."""
        found = rule("review.limit_denied").search(sentence)
        if found is None:
            return False
        kinds = set(self.reader.constraint_kinds_in("money is tight"))  # the rule names money in its words
        gone = [c for c in profile.constraints if kinds & set(self.reader.constraint_kinds_in(c))]
        if gone:
            out.removed["constraints"] = [*out.removed.get("constraints", []), *gone]
        if kinds & set(profile.constraint_kinds):
            out.set["constraint_kinds"] = [k for k in profile.constraint_kinds if k not in kinds]
        return bool(gone) or bool(kinds & set(profile.constraint_kinds))
