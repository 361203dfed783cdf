"""A correction in the person's own words at the profile review, read sentence by sentence, field by field.

"I am not senior, I am Band 3" clears the level; "i dont use chatgpt" takes ChatGPT out of the tools used; "ChatGPT
at home is ok" takes it out of the tools refused; "scrap what I said about weekends, its ONLY tue and thu nights"
replaces the times; "being good at reading candidates is NOT a worry" takes that out of the worries; "I'm also Head
of Year 9" adds to the job. Each sentence changes only the field it names, and only what it clearly says; a
sentence that names no field, or says nothing a field can take, is handed back as not applied - never guessed, never
pasted into a field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from domain.profile import AI_TOOLS, Profile, read_as_profile
from reading.clock import clock_times, spoken_clock
from reading.review_labels import LabelledList, review_sentences
from reading.review_limits import LimitsGone
from reading.review_times import TimesCorrection
from reading.review_work import QUOTED, WorkCorrection, mentioned, negative, words_of
from reading.route import FIELD_WORDS
from reading.rules import rule
from reading.signals import plain_phrase
from reading.time import days_in

if TYPE_CHECKING:
    from reading.answers import AnswerReader

SAID_BACK = 24  # words of a part not applied said back in full; a longer one is cut and marked as cut
SHORT_NO = 14  # words of a sentence short enough that what it says no to may stand anywhere in it
LISTS = ("concerns", "goals", "skills", "main_tasks", "constraints", "avoid", "ai_tools", "ai_tools_avoided")
_CUT = " ,;-–—"  # what is left at the ends of a clause cut from a sentence


@dataclass
class Reviewed:
    """What a correction in words changes, and what of it could not be applied."""

    set: dict[str, Any] = field(default_factory=dict)
    added: dict[str, list[Any]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    cleared: list[str] = field(default_factory=list)
    not_applied: list[str] = field(default_factory=list)

    @property
    def changes(self) -> bool:
        return bool(self.set or self.added or self.removed or self.cleared)


_TIME_FIELDS = frozenset({"review.times", "review.hours"})


def _merge(into: Reviewed, part: Reviewed) -> None:
    into.set |= part.set
    for name, items in part.added.items():
        into.added[name] = [*into.added.get(name, []), *items]
    for name, gone in part.removed.items():
        into.removed[name] = [*into.removed.get(name, []), *gone]
    into.cleared.extend(c for c in part.cleared if c not in into.cleared)


def _said_back(text: str) -> str:
    """What could not be applied, as the person wrote it; a long one cut at a word, and marked as cut."""
    words = text.split()
    return " ".join(words) if len(words) <= SAID_BACK else " ".join(words[:SAID_BACK]) + " ..."




class ProfileCorrection:
    """Reads a correction against the profile it corrects, with the answer reader's field readers."""

    def __init__(self, reader: AnswerReader) -> None:
        self.reader = reader
        when = TimesCorrection(reader)  # times, hours, age, deadline and years (`reading.review_times`)
        gone = LimitsGone(reader)  # a limit that no longer holds (`reading.review_limits`)
        self.labelled = LabelledList(reader)  # a list under a field's label (`reading.review_labels`)
        work = WorkCorrection(reader)  # the job, its level and the situation (`reading.review_work`)
        self._fields: list[tuple[str, Callable[[str, Profile, Reviewed], bool]]] = [
            ("review.level", work.level), ("review.situation", work.situation), ("review.role", work.role),
            ("review.tools", self._tools), ("review.times", when.times), ("review.hours", when.hours),
            ("review.age", when.age), ("review.deadline", when.deadline),
            ("review.country", self._country), ("review.ai_allowed", self._ai_allowed),
            ("review.years", when.years),
            ("review.worries", self._list("concerns")), ("review.goals", self._list("goals")),
            ("review.strengths", self._list("skills")), ("review.tasks", self._list("main_tasks")),
            ("review.avoid", self._avoid), ("review.limits", self._list("constraints")),
            ("review.has_now", gone.has_now), ("review.limit_denied", gone.denied),
        ]

    def read(self, text: str, profile: Profile) -> Reviewed:
        out = Reviewed()
        for line in (rule("review.enumerator").sub("", s.strip()) for s in review_sentences(text)):
            sentence = rule("review.preamble").sub("", line).strip()  # "no thats wrong, ..." says only that it is
            if not sentence or self.labelled.apply(sentence, profile, out):  # "skills: remove 'x'": that field's
                continue
            whole = Reviewed()
            work = rule("review.tasks_listed").search(sentence) is not None  # "i also do ... till 12": the work's
            said = self._apply(sentence, profile, whole, work=work)  # times and hours, never time to spare
            week = rule("time.work_schedule").search(sentence) and days_in(sentence) and clock_times(spoken_clock(
                sentence)) and not rule("review.not_ruled_out").search(sentence)  # a working week is one whole; so is a
            labelled = rule("review.times_out_label").match(sentence) or rule("review.times_free_label").match(
                sentence) or self.reader.refuses_all(sentence) or week or rule("review.avoid_label").match(sentence)
            parts, missed = ([], []) if labelled or work else self._clauses(sentence, profile)  # (and a list of work)
            if len(parts) + len(missed) <= 1 or not parts:  # one clause, or none read alone: the sentence as a whole
                _merge(out, whole)
                if not said:
                    out.not_applied.append(_said_back(sentence))
                continue
            for part in parts:  # a limit is read from the sentence whole: alone, a clause of days or family
                # ("my husband works saturdays") reads as one it is not
                _merge(out, Reviewed(part.set, {k: v for k, v in part.added.items() if k != "constraints"},
                                     part.removed, part.cleared))
            if "constraints" in whole.added:
                out.added["constraints"] = [*out.added.get("constraints", []), *whole.added["constraints"]]
            out.not_applied.extend(_said_back(m) for m in missed)
        return out

    def _apply(self, text: str, profile: Profile, out: Reviewed, *, work: bool = False) -> bool:
        """Every field the text speaks of, read into `out`; whether any of them took something from it. A scoffing
        question ("so now im a manager??") says what the person is not, so nothing is taken from it; a clause saying
        something is right changes nothing and is read."""
        if rule("review.scoff").search(text):
            return False
        if rule("review.avoid_label").match(text):
            return self._avoid(text, profile, out)  # "what i wont do: leave the nhs, ...": what to leave out, only
        if rule("review.confirms").search(text) and not negative(text):
            return True  # "the kids thing is still true": read, and nothing to change
        return bool([name for name, apply in self._fields if not (work and name in _TIME_FIELDS)
                     and self._about(name, text) and apply(text, profile, out)])

    def _clauses(self, sentence: str, profile: Profile) -> tuple[list[Reviewed], list[str]]:
        """A sentence of several corrections ("22 hrs a week, and i can only do mornings, also i have a laptop now")
        read clause by clause, each changing only the field it is about. A clause that goes on from the one before
        ("..., not 1", "..., just not with client data") or that says nothing alone is read together with it; what
        still says nothing is handed back."""
        cuts = [0, *(m.end() for m in rule("review.clause_break").finditer(sentence) if 0 < m.end() < len(sentence)
                     and sentence[:m.end()].count("(") <= sentence[:m.end()].count(")")),  # never inside brackets
                len(sentence)]
        read: list[tuple[int, int, Reviewed | None]] = []
        for start, end in pairwise(cuts):
            piece = sentence[start:end].strip(_CUT)
            if not piece:
                continue
            alone = Reviewed()
            goes_on = bool(read) and bool(rule("review.continues").match(piece))
            if not goes_on and self._apply(piece, profile, alone):
                read.append((start, end, alone))
                continue
            if goes_on:  # read with the clauses back to the last one read ("its 12 hour shifts, 4 on 4 off, so more
                # like 42 hours" goes on from "I dont work 12 hours a week"); a clause that only fails alone is never
                # lent a field
                last = next((i for i in range(len(read) - 1, -1, -1) if read[i][2] is not None), 0)
                joined = Reviewed()
                if self._apply(sentence[read[last][0]:end].strip(_CUT), profile, joined):
                    read[last:] = [(read[last][0], end, joined)]
                    continue
            read.append((start, end, None))
        return ([r for _, _, r in read if r is not None],
                [sentence[a:b].strip(_CUT) for a, b, r in read if r is None])

    def _about(self, name: str, sentence: str) -> bool:
        """Whether a sentence speaks of a field: by its rule; for tools also by any product named in it ("Please
        remove Grammarly"), for limits by any kind of limit named."""
        if rule(name).search(sentence):
            return True
        if name == "review.tools":
            return bool(self.reader.tools_named(sentence))
        if name == "review.deadline":  # "my money lasts until June, not April": a deadline said again
            return self.reader.deadline_of(sentence) is not None
        if name == "review.limits" and rule("review.ai_allowed").search(sentence):
            return False  # "I have no employer, so nobody forbids AI": the rule put right, no limit to add
        if name == "review.limits":  # "i can spend 15 pound a month max", "i care for my mum": a kind of limit named,
            # never a sentence about the work ("I am in care work 7 year" names the job, not a caring duty)
            kinds = set(self.reader.constraint_kinds_in(sentence))
            if kinds == {"time_pattern"} and rule("review.times").search(sentence):
                return False  # "weekends only": the free times put right, not a limit of its own
            return bool(kinds) and not rule("hours.work_context").search(sentence)
        return False

    def _tools(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        sentence = rule("review.place_negation").sub(" ", sentence)  # "at home, not at work": no "not" about the tool
        if added := rule("review.tool_added").search(sentence):  # "put CareLink in my AI tools too": theirs, by name
            out.added["ai_tools"] = [*out.added.get("ai_tools", []), added.group("tool")]
            return True
        if self.reader.refuses_all(sentence):  # "dont use any ai, chatgpt or whatever, and i wont": none, ever
            out.added["ai_tools_avoided"] = [*out.added.get("ai_tools_avoided", []), AI_TOOLS]
            out.removed["ai_tools"] = list(profile.ai_tools)
            return True
        named = self.reader.tools_in(re.sub(r"\b(?:is|are) (?:ok|okay|fine|allowed)\b", "", sentence))
        tools = self.reader.tools_named(sentence)
        if rule("feedback.remove").search(sentence) and (quoted := QUOTED.findall(sentence)) and re.search(
                r"(?i)\b(?:won'?t|wont|don'?t want|do not want|can'?t|not)\b", sentence):
            # "remove 'AI tools' from what I won't use and 'ai' from what I don't want": the refusals go
            out.removed["ai_tools_avoided"] = [*out.removed.get("ai_tools_avoided", []), *quoted]
            out.removed["avoid"] = [*out.removed.get("avoid", []), *quoted]
            return True
        if rule("review.allowed").search(sentence):  # "ChatGPT at home is ok": not a tool refused
            out.removed["ai_tools_avoided"] = [*tools, *([AI_TOOLS] if not tools else [])]
            if not tools:  # "im fine using ai if its free": AI itself is no longer refused in the plan
                out.removed["avoid"] = [a for a in profile.avoid if re.fullmatch(r"(?i)(?:the\s+)?ai(?:\s+tools?)?", a)]
            return True
        if rule("review.emphatic_use").search(sentence) and tools:  # "i DO use chatgpt": used, whatever was read
            out.added["ai_tools"] = [*out.added.get("ai_tools", []), *tools]
            out.removed["ai_tools_avoided"] = [*out.removed.get("ai_tools_avoided", []), *tools]
            return True
        if negative(sentence) and tools:
            out.removed["ai_tools"] = tools
            return True
        named = self.reader.read_tools(sentence)[0] or named if rule("tool.named_unknown").search(sentence) else named
        if named.ai_tools:
            out.added["ai_tools"] = named.ai_tools
        if named.ai_tools_avoided:
            out.added["ai_tools_avoided"] = named.ai_tools_avoided
        return bool(named.ai_tools or named.ai_tools_avoided)

    def _ai_allowed(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        """"AI is not forbidden at work, only client files": AI is allowed at work (what may not go into a tool is a
        limit of its own); "I have no employer": nobody's rule, so neither allowed nor forbidden by one."""
        if rule("review.ai_allowed").search(sentence) is None:
            return False
        if re.search(r"(?i)\bno\s+employer\b|\bnobody\b|\bno one\b", sentence):
            out.set["ai_at_work"] = None
            out.removed["constraint_kinds"] = [*out.removed.get("constraint_kinds", []), "employer_ai_rules"]
        else:
            out.set["ai_at_work"] = True
        return True

    def _country(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        """"i live in antwerp belgium not ireland": the country said; a place the sources know nothing of is
        `other` (no country's figures then)."""
        country = self.reader.country_of(sentence)
        if country is None or country == profile.country:
            return False
        out.set["country"] = country
        return True

    def _avoid(self, sentence: str, profile: Profile, out: Reviewed) -> bool:
        """What the person does not want in a plan: here the negation is the content ("don't put X in my plan")."""
        said = rule("review.put_in_plan").search(sentence)
        label = rule("review.avoid_label").match(sentence)
        items = [plain_phrase(said.group("what"))] if said else self.reader.listed(sentence[label.end():]) if label \
            else self.reader.avoided(sentence)
        items = [i for i in items if i]
        if items:
            out.added["avoid"] = [*out.added.get("avoid", []), *items]
        return bool(items)

    def _same_kind(self, name: str, items: list[str], said: str) -> list[str]:
        """The worries of the kind a sentence names ("I never said I was worried about my age" names the worry
        "being too old to retrain")."""
        if name != "concerns":  # "its not that my employer forbids ai, they only allow one tool": a limit of that
            return []  # kind may still hold, narrower

        def kinds_in(text: str) -> set[str]:
            return {str(k) for k in self.reader.concern_kinds_in(text)}

        named = kinds_in(rule("review.negative").sub(" ", said))
        return [item for item in items if named & kinds_in(item)] if named else []

    def _swapped(self, name: str, sentence: str, current: list[str], out: Reviewed) -> bool:
        """"my strength is numbers not organising", "i want to do bookkeeping not payroll": the item named after
        "not" goes and the one before it comes in - only when what goes is an item that was read."""
        found = rule("review.not_but").search(sentence)
        if found is None:
            found = rule("review.swap").search(sentence)
            if found is None or negative(found.group("kept")):
                return False
            if not [i for i in self.reader.listed(rule("review.list_lead").sub("", found.group("kept").strip()))
                    if not rule("phrase.not_a_name").search(i)]:
                return False  # "so its not that my employer forbids ai": nothing named to put in its place
        dropped = words_of(found.group("dropped")) - {"the", "that", "this", "about", "doing"}
        gone = [item for item in current if dropped and dropped <= words_of(item)]
        if not gone:
            return False
        items = self.reader.listed(rule("review.list_lead").sub("", found.group("kept").strip()),
                                   strict=name in ("skills", "main_tasks"))
        out.removed[name] = [*out.removed.get(name, []), *gone]
        out.added[name] = [*out.added.get(name, []), *items]
        return True

    def _list(self, name: str) -> Callable[[str, Profile, Reviewed], bool]:
        def apply(sentence: str, profile: Profile, out: Reviewed) -> bool:
            current: list[str] = getattr(profile, name)
            if self._swapped(name, sentence, current, out):
                return True
            fixed = rule("correction.field").search(sentence)
            if fixed and fixed.group("what") and FIELD_WORDS.get(fixed.group("what").lower()) == name:
                # "my biggest worry is not my age, it is the hours cut": the one named goes, the one meant comes in
                was = fixed.group("was") or fixed.group("was2") or ""
                named = words_of(was) - {"my", "the", "about", "that", "this"}
                if gone := [item for item in current if named and named <= words_of(item)] or mentioned(current, was):
                    out.removed[name] = [*out.removed.get(name, []), *gone]
                items = self.reader.listed(fixed.group("value"), strict=name in ("skills", "main_tasks"))
                out.added[name] = [*out.added.get(name, []), *items]
                return bool(items or gone)
            if negative(sentence) or rule("feedback.remove").search(sentence):
                # only the part of the sentence that says no names what goes: "it is not true they forbid all AI -
                # they give us a tool" takes out no limit the second half happens to share words with
                parts = [p for p in re.split(r"\s+-\s+|[,;:]|\bbut\b|\bso\b", sentence)
                         if negative(p) or rule("feedback.remove").search(p)] or [sentence]
                gone = list(dict.fromkeys(i for p in parts for i in mentioned(current, p))) or (
                    mentioned(current, sentence) if len(sentence.split()) <= SHORT_NO else []) or list(
                    dict.fromkeys(i for p in parts for i in self._same_kind(name, current, p)))  # "The kiosk thing
                # is a worry, not something I want": a short sentence names what goes before its "not"
                if gone:
                    out.removed[name] = [*out.removed.get(name, []), *gone]
                return bool(gone)
            if name == "constraints" and rule("review.limit_denied").search(sentence):
                return False  # "budget is fine" takes a limit away (`LimitsGone.denied`), never adds one
            said = [q for q in QUOTED.findall(sentence)] or [  # "You forget I want ...": what they want, no more
                rule("review.list_lead").sub("", rule("meta.lead_in").sub(" ", sentence).strip())]
            items = [i for s in said for i in self.reader.listed(s, strict=name in ("skills", "main_tasks"))]
            if items:
                out.added[name] = [*out.added.get(name, []), *items]
            return bool(items)

        return apply


def corrected(profile: Profile, reviewed: Reviewed, reader: AnswerReader) -> Profile:
    """The profile with a reviewed correction applied: cleared, removed, set, then added; what follows from the
    changed fields read again (kinds of limits and worries, the catalog role)."""
    data = profile.model_dump()
    for name in reviewed.cleared:
        data[name] = [] if isinstance(data.get(name), list) else None
    for name, gone in reviewed.removed.items():
        lowered = {g.lower() for g in gone}
        data[name] = [i for i in data.get(name, []) if str(i).lower() not in lowered]
    data |= reviewed.set
    for name, items in reviewed.added.items():
        data[name] = list(dict.fromkeys([*data.get(name, []), *items]))
    changed = {*reviewed.set, *reviewed.added, *reviewed.removed, *reviewed.cleared}
    uncertain = [f for f in profile.uncertain if f not in changed]
    # lists cut to what the profile holds, the latest kept: an eleventh worry replaces the oldest, never fails the run
    return reader.rederived(read_as_profile(data | {"uncertain": uncertain}).free_times_kept(), changed)
