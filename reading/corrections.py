"""Corrections: the latest statement wins.

"scrap what I said about 10 hours, 4 tops" clears the hours read before and reads the new figure; "ignore my last
answer" replaces the field the question was about; "I'm a nurse, wait no, a midwife" keeps what follows the
correction. What a correction takes back is named by field (`replaces`) or by item (`removes`), so the profile
drops it before the new reading is merged in (`Profile.applied`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.models import ProfileField
from reading.numbers import denies_years
from reading.rules import rule
from reading.time import TimeReader

SINGLE: frozenset[ProfileField] = frozenset({"current_role", "situation", "years_experience", "seniority",
                                             "hours_per_week"})
FIELDS_ABOUT: dict[str, list[str]] = {
    "hours": ["hours_per_week"], "role": ["current_role", "matched_role", "domain"],
    "concerns": ["concerns", "concern_kinds"], "goals": ["goals", "target_role"], "tools": ["ai_tools"],
    "skills": ["skills"],
}


_FIGURE = (r"\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
           r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty")
_FIGURE_PUT_RIGHT = re.compile(
    rf"\b(?P<old>{_FIGURE})(?P<unit>\s*[a-z]+(?:\s+[a-z]+)?)?\s*[,;:-]?\s*"
    r"(?:no,?\s*wait|wait,?\s*no|no|sorry|actually|i mean|oops|or rather)\b[,\s]*"
    r"(?:it'?s\s+|its\s+|make (?:that|it)\s+|more like\s+|maybe\s+|more\s+|about\s+)?"
    rf"(?P<new>{_FIGURE})\b(?!\s*[:.]\d)",
    re.IGNORECASE)
"""A figure put right in the same breath ("14 years, no wait its 16", "about 6 months, sorry 5", "4 high, no 3
high"): the new figure takes the old one's place and its unit, and the rest of the answer stands."""


_UNIT = re.compile(r"hours?|hrs?|h|years?|yrs?|y|months?|weeks?|days?|minutes?|mins?", re.IGNORECASE)


def figures_put_right(text: str) -> str:
    """`text` with each figure put right in place: "been there 14 years, no wait its 16 now" -> "been there 16 years
    now". Only the figure is replaced; a long answer is not cut at the correction."""
    def put(match: re.Match[str]) -> str:
        unit = match.group("unit") or ""
        following = re.match(r"\s*([a-z]+)", text[match.end():], re.IGNORECASE)
        said_again = following is not None and unit.strip() and (
            following.group(1).lower() == unit.split()[0].lower() or _UNIT.fullmatch(following.group(1)))
        return match.group("new") + ("" if said_again else unit)

    return _FIGURE_PUT_RIGHT.sub(put, text)


@dataclass(frozen=True)
class Correction:
    """An answer with its corrections resolved: the text to read, and what it takes back."""

    text: str
    replaces: list[str] = field(default_factory=list)
    removes: dict[str, list[str]] = field(default_factory=dict)
    denied: list[str] = field(default_factory=list)
    """What was said back and is now questioned as wrong ("only a phone? i said a LAPTOP"): its kinds go too."""


_ECHO = re.compile(r"(?:^|(?<=[.!?\n]))\s*(?P<echo>[^.!?\n]{2,48}?)\s*\?+[\s.!,]*"
                   r"(?:(?i:no|nope|nah|wrong|that'?s wrong)\b[\s.!,]*|"
                   r"(?=(?i:i (?:said|told you|wrote)|not\b|never\b)|[A-Z]{3,}))")
"""A reading said back, questioned, then put right ("only a phone? i said a LAPTOP", "60 hours?? THREE")."""
_ASKED_BACK = re.compile(
    r"(?:^|(?<=[.!?\n]))[^.!?\n]{0,12}?\b(?:where did (?:you get )?|where'?d (?:you get )?|why (?:did|do) (?:you|u) "
    r"(?:say|put|write|think|get)\s+|who said\s+|since when (?:am i|was i|did i say)\s+|how did (?:you|u) get\s+)"
    r"(?:the\s+|this\s+|that\s+|an?\s+)?['\"‘“]?(?P<echo>(?!(?:it|that|this|them|those)\b)(?:(?!(?:from|come|came)\b)[\w'-]+\s?){1,5}?)"
    r"['\"’”]?"
    r"(?:\s+(?:bit|thing|stuff|part))?(?:\s+(?:come|came) from|\s+from)?\s*(?:[?.!]+|$)", re.IGNORECASE)
"""A reading asked back about ("where did freelance come from", "who said evenings?"): the person denies it."""
_QUOTED_NOT = re.compile(r"\b(?:is|am|are|was|'m|'s)\s+(?:NOT|not|never)\s+['\"‘“](?P<echo>[^'\"’”\n]{2,60})['\"’”]")
"""A reading quoted and denied ("my aim is NOT 'where did freelance come from'"): not what the person says."""
_ECHO_WORDS = 6
_ECHO_LISTS = ("constraints", "concerns", "skills", "goals", "main_tasks", "ai_tools")


def echoes_denied(text: str) -> tuple[str, list[str]]:
    """`text` without the readings it questions as wrong, and those readings: a short phrase with a question mark,
    followed by what puts it right, is what the coach said back, not what the person says now."""
    denied: list[str] = []

    def cut(match: re.Match[str]) -> str:
        echo = match.group("echo").strip(" ,;:-")
        if not echo or len(echo.split()) > _ECHO_WORDS:
            return match.group(0)
        denied.append(echo)
        return " "

    def asked_back(match: re.Match[str]) -> str:
        echo = match.group("echo").strip(" ,;:-'")
        if echo and len(echo.split()) <= _ECHO_WORDS:
            denied.append(echo)
        return " "

    def quoted(match: re.Match[str]) -> str:
        denied.append(match.group("echo").strip(" ,;:-"))
        return " "

    def never_said(match: re.Match[str]) -> str:
        said = rule("meta.said_lead").sub("", match.group("said")).strip(" ,;:-'\"")
        if said and len(said.split()) <= _ECHO_WORDS:
            denied.append(said)
        return " "

    text = rule("meta.never_said").sub(never_said, text)  # "i never said i was worried about keeping up"
    text = _QUOTED_NOT.sub(quoted, text)
    text = _ASKED_BACK.sub(asked_back, text)
    return _ECHO.sub(cut, text), denied


NOT_AN_ITEM_OF: dict[str, str] = {
    **dict.fromkeys(("task", "job", "duty", "duties"), "main_tasks"), **dict.fromkeys(("skill", "strength"), "skills"),
    **dict.fromkeys(("worry", "worries", "concern", "fear"), "concerns"),
    **dict.fromkeys(("goal", "aim", "wish"), "goals"), **dict.fromkeys(("limit", "constraint"), "constraints"),
    "tool": "ai_tools"}
"""The list a word names when the person says an item is not one ("'X' is no a task": out of the tasks)."""


def items_said_not_to_be(text: str) -> tuple[str, dict[str, list[str]]]:
    """`text` without the sentences that say an item read into a list is not one ("'said the job got binned' is no a
    task", "excel is NOT a worry", "thats no a skill"), and those items by list: taken out, nothing added."""
    removes: dict[str, list[str]] = {}
    kept: list[str] = []
    at = 0
    for found in rule("meta.not_an_item").finditer(text):
        if found.start() < at:
            continue
        word = (found.group("field") or found.group("field2") or found.group("field3")).lower()
        item = (found.group("item") or found.group("item2") or "").strip(" ,;:-'\"`‘’“”")
        name = NOT_AN_ITEM_OF.get(word.rstrip("s") if word not in NOT_AN_ITEM_OF else word)
        if name and item and not re.fullmatch(r"(?i)(?:that|this|it|thats|that's|its|it's)", item):
            removes[name] = [*removes.get(name, []), item]
        end = re.search(r"[.!?\n]", text[found.end():])
        kept.append(text[at:found.start()])
        at = found.end() + (end.end() if end else len(text) - found.end())
    kept.append(text[at:])
    return " ".join(k.strip() for k in kept if k.strip()), removes


def correction(text: str, asked: ProfileField | None, time: TimeReader) -> Correction:
    """`asked`: the field the question was about (None: a correction at the profile review, about anything)."""
    replaces: list[str] = []
    text, removes = items_said_not_to_be(text)
    denied_items = [i for name in ("concerns", "constraints") for i in removes.get(name, [])]
    text, denied = echoes_denied(text)
    for name in _ECHO_LISTS if denied else ():
        removes[name] = [*removes.get(name, []), *denied]
    denied = [*denied, *denied_items]
    if (retract := rule("correction.retract").search(text)) is not None:
        about = (retract.group("about") or retract.group("about2") or "").strip()
        before = re.sub(r"(?:\W|\b(?:no|nah|nope|oh|wait|sorry|actually)\b)+$", "", text[:retract.start()],
                        flags=re.IGNORECASE)
        if before.strip() and not about:  # "not Wednesdays, no scrap that, not THURSDAYS": the piece just before
            cut = max(before.rfind(mark) for mark in ".,;!?\n")
            text = (before[:cut + 1] + " " + text[retract.end():]).strip(" ,.;:-") or text
        else:
            fields, gone = _taken_back(about, time) if about else ([asked] if asked else [], {})
            replaces += fields
            for name, items in gone.items():
                removes[name] = [*removes.get(name, []), *items]
            text = (text[:retract.start()] + " " + text[retract.end():]).strip(" ,.;:-") or text
    text = figures_put_right(text)
    if asked in SINGLE and (marks := rule("correction.wait").finditer(text)):
        after = text[marks[-1].end():].strip(" ,.;:-")
        if after and _figure_of(after) in (None, asked) and not (asked == "hours_per_week" and not _ANY_FIGURE.search(
                after)) and not (asked != "hours_per_week" and time.said_times(after) and len(after.split()) <= 8):
            # "2-3 hrs, tues n weds. no wait weds is darts": the days put right, not the hours; "employed, part-time
            # 0.6 ... no wait, it's monday, tuesday and thursday": the days, not the situation
            if asked == "hours_per_week" and not time.said_times(after):  # a figure alone put right keeps the
                text = f"{_FIGURES.sub(' ', text[:marks[-1].start()])} {after}"  # times said before it ("weekday
            else:  # mornings ... let's say 15": 15, in the mornings)
                text = after
            replaces.append(asked)
    if rule("correction.insist").search(text) and asked in SINGLE:
        replaces.append(asked)
    if asked != "years_experience" and denies_years(text):
        replaces.append("years_experience")  # "(employed,) and its not less than a year, its 16 years"
    if asked != "hours_per_week" and time.puts_hours_right(text):
        replaces.append("hours_per_week")  # "(my strengths...) and not 1 hour a week, it is 3": said in passing
    return Correction(text=text, replaces=list(dict.fromkeys(replaces)), removes=removes, denied=denied)


_FIGURES = re.compile(r"\b\d+(?:\.\d+)?\b(?!\s*(?:[ap]\.?m\b|o'?\s?clock|[:.]\d))", re.IGNORECASE)
"""Figures that are not clock times: those a figure put right at the end of an answer takes the place of."""
_FIGURE_FIRST = re.compile(
    r"^(?:(?:i\s+)?(?:must|should|need to|have to)\s+correct|sorry|i mean|i meant|its|it'?s|it is|is|not|was|"
    rf"[,:;\s-])*\s*(?:{_FIGURE})\s*(?P<unit>[a-z]+)", re.IGNORECASE)
_ANY_FIGURE = re.compile(rf"\b(?:{_FIGURE}|half|an? hour)\b", re.IGNORECASE)
_FIELD_OF_UNIT: dict[str, ProfileField] = {
    **dict.fromkeys(("year", "years", "yr", "yrs", "month", "months"), "years_experience"),
    **dict.fromkeys(("hour", "hours", "hr", "hrs", "h"), "hours_per_week")}


def _figure_of(after: str) -> ProfileField | None:
    """The field a self-correction puts right when it begins with a figure and its unit ("no wait, not 14 years, is
    16" puts the years right, not the employment the question asked about); None when it begins otherwise."""
    found = _FIGURE_FIRST.match(after)
    return _FIELD_OF_UNIT.get(found.group("unit").lower()) if found else None


def _taken_back(about: str, time: TimeReader) -> tuple[list[str], dict[str, list[str]]]:
    """The fields, or the items of list fields, that "what I said about <about>" names."""
    free, ruled_out = time.times(about)
    if free or ruled_out:  # "forget what I said about evenings"
        return ["hours_pattern"], {"times_not": [*free, *ruled_out]}
    fields: list[str] = []
    if (found := rule("correction.about").search(about)) is not None:
        for group, value in found.groupdict().items():
            if value and group in FIELDS_ABOUT:
                fields += FIELDS_ABOUT[group]
            elif value and group == "constraints":
                return [], {"constraints": [about], "concerns": [about]}
    return (fields, {}) if fields else ([], {"constraints": [about], "concerns": [about], "goals": [about],
                                             "skills": [about], "main_tasks": [about]})
