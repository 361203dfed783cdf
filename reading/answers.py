"""The knowledge engine's reading of one answer: the field asked, and everything else the answer says, with the
latest statement winning and every loose reading marked.

"Nine years as a senior PM, freelance since March, two small kids" fills the role, years, seniority, situation
and a caregiving constraint at once, so those questions are not asked again. Refusals and negations are read as
such ("I refuse to use Midjourney" is a tool avoided, never a tool used; "NOT evenings i said" rules evenings out).
Corrections replace what was read before ("scrap what I said about 10 hours, 4 tops"). Hours worked are never
hours to spare. What someone else does is not the person's ("my husband is a nurse"). Facts read in passing,
figures picked among several and guesses from a hint are marked uncertain, for the person to check at the profile
review. Personal data is removed before anything is kept. Each named rule that fired is recorded on the result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

from domain.answers import MODELS, ChoiceAnswer, ChoicesAnswer, HoursAnswer, StructuredAnswer, YearsAnswer
from domain.interview import AskedQuestion
from domain.profile import Extraction, Profile, read_as_profile, same_item
from domain.understanding import kind_labels
from knowledge.base import KnowledgeBase
from knowledge.models import ProfileField
from reading.clock import WEEKDAY
from reading.corrections import Correction, correction
from reading.cues import clauses
from reading.deadline import Deadline, deadline_in, today_utc
from reading.field_readers import FieldReaders
from reading.fields import own_words
from reading.numbers import parse_hours_per_week
from reading.privacy import strip_personal
from reading.review import ProfileCorrection, corrected
from reading.role_feedback import RoleFeedback, RoleFeedbackReader
from reading.route import FieldFix, Router, field_fixes, sentences
from reading.rules import note, recording, rule
from reading.screen import screen
from reading.signals import insults_removed, plain_phrase, without_meta_talk
from reading.time import HEAVY_WEEK, TimeReader

NONE_ALLOWED: frozenset[ProfileField] = frozenset({"ai_tools", "constraints", "concerns", "skills"})
LOOSE_IN_PASSING = frozenset({"situation", "years_experience", "seniority", "current_role"})
"""Single-valued facts read from an answer to another question: a guess until the person confirms it."""
NOTES = {
    "nothing_kept": "I only found contact details or a key there, and I don't keep those.",
    "non_answer": "I didn't catch an answer there.",
    "back_reference": "I may have missed that earlier - could you say it again here, in a few words?",
    "question_back": "That sounds like a question rather than an answer to mine.",
    "greeting": "Hello!",
    "fixed_only": "Thanks, I've put that right.",
}


class AnswerReader(FieldReaders):
    """Reads answers into profile updates, with the catalog's vocabulary and the named reading rules (the readers of
    one field each in `reading.field_readers`)."""

    def __init__(self, kb: KnowledgeBase, today: Callable[[], date] = today_utc) -> None:
        super().__init__(kb)
        self.time = TimeReader(kb.catalog.vocabulary)
        self.today = today
        """The clock a month named is counted from ("by April"); tests set their own."""

    def deadline_of(self, text: str) -> Deadline | None:
        """By when the person needs the plan to have worked, in their own words (not a partner's contract)."""
        return deadline_in(own_words(text), today=self.today())

    def read(self, asked: AskedQuestion, answer: str, profile: Profile | None = None) -> Extraction:
        with recording() as fired:
            extraction = self._read(asked, answer, profile or Profile())
        return extraction.model_copy(update={"rules": list(dict.fromkeys([*extraction.rules, *fired]))})

    def _read(self, asked: AskedQuestion, answer: str, profile: Profile) -> Extraction:
        text = strip_personal(answer)
        if not text:
            return Extraction(answered=False, note=NOTES["nothing_kept"])
        text = rule("signal.greeting").sub("", text).strip() or text
        text = insults_removed(text)  # "ya numpty", "are you even reading this": at the coach, not about the person
        if not text:
            return Extraction(answered=False, note=NOTES["non_answer"])
        if rule("signal.greeting").fullmatch(text):
            return Extraction(answered=False, note=NOTES["greeting"])
        if rule("signal.done").match(text):
            return Extraction(answered=False, done=True)
        if rule("signal.decline").match(text):
            return Extraction(answered=False, skip=True, updates=Profile(skipped=[asked.field]))
        for name in ("non_answer", "back_reference"):
            if rule(f"signal.{name}").match(text):
                return Extraction(answered=False, note=NOTES[name])
        if self.off_topic(text, asked.field):
            return Extraction(answered=False, note=NOTES["question_back"])
        text = without_questions_back(text)  # "... lame cows. but why you need know all this?": the facts are read
        fixed = field_fixes(text, None if asked.field == "situation" else self.situation_of,
                            RoleFeedbackReader(self).reads_as_job)
        if fixed.replaces and not fixed.text:
            return self._fixed_only(asked.field, fixed)
        fix = correction(fixed.text or text, asked.field, self.time)
        fix = Correction(text=without_meta_talk(fix.text), replaces=fix.replaces, removes=fix.removes,
                         denied=fix.denied)  # "anyway", "as I told you before", "day to day:": the answer follows
        if not fix.text and (fix.removes or fix.replaces):  # "'X' is no a task": only what was read is put right
            return Extraction(answered=False, removes=fix.removes, replaces=fix.replaces, note=NOTES["fixed_only"])
        if self.says_none(fix.text) and asked.field in NONE_ALLOWED and not self.tools_in(fix.text).ai_tools:
            said, loose = self._in_passing(fix.text, "current_role" if asked.field == "ai_tools" else asked.field,
                                           profile, replaced=fix.replaces)
            none = self.no_tools(fix.text) if asked.field == "ai_tools" else Profile(declared_none=[asked.field])
            return self._extraction(asked.field, True, said.merged(none), None, fix, loose)
        primary, why_not = self._readers[asked.field](self._for_the_question(fix.text, asked.field))
        extra, loose = self._in_passing(fix.text, asked.field, profile, replaced=fix.replaces)
        loose = [f for f in loose if primary is None or f not in primary.model_fields_set]  # asked beats in passing
        if asked.field == "current_role" and primary and primary.situation and not self.situation_of(fix.text):
            loose.append("situation")  # "nurse at a hospital" hints at a job; the person should say so
        updates = extra.merged(primary) if primary is not None else extra
        if "seniority" in updates.model_fields_set and not self.seniority_of(fix.text):
            loose.append("seniority")  # a level guessed from years alone
        if fixed.replaces:
            updates = read_as_profile(updates.model_dump(exclude_unset=True) | fixed.updates)
            fix = Correction(text=fix.text, replaces=[*fix.replaces, *fixed.replaces], removes=fix.removes,
                             denied=fix.denied)
        updates = self.tools_for_work(updates, fix.text, profile)  # "Copilot" from a developer is GitHub's
        return self._extraction(asked.field, primary is not None, updates, why_not, fix, loose)

    def _fixed_only(self, asked: ProfileField, fixed: FieldFix) -> Extraction:
        """An answer that only puts right what was said back about another field: that field is replaced, and the
        question asked is still open."""
        return Extraction(answered=False, updates=read_as_profile(fixed.updates), replaces=fixed.replaces,
                          note=NOTES["fixed_only"])

    def _extraction(self, asked: ProfileField | None, answered: bool, updates: Profile, note: str | None,
                    fix: Correction, loose: list[str]) -> Extraction:
        said = _WORK_DAY.sub(" ", fix.text) if asked == "main_tasks" else fix.text  # "monday is triage": work
        time = self.time.read(said, asked=asked == "hours_per_week")
        if time.hours_loose and "hours_per_week" in updates.model_fields_set:
            loose = [*loose, "hours_per_week"]
        data = updates.model_dump(exclude_unset=True)
        if time.ruled_out:
            data["times_not"] = [*data.get("times_not", []), *time.ruled_out]
        if time.worked is not None:
            data["hours_worked"] = time.worked
            if time.worked >= HEAVY_WEEK:
                data["constraint_kinds"] = list(dict.fromkeys([*data.get("constraint_kinds", []), "workload"]))
        if (age := self.age_of(fix.text)) is not None:
            data["age"] = age
        if (country := self.country_of(fix.text)) is not None:
            data["country"] = country
        if (deadline := self.deadline_of(fix.text)) is not None:
            data |= {"deadline_weeks": deadline.weeks, "deadline": deadline.words}
        kinds = data.get("constraint_kinds", [])
        if (at_work := self.ai_at_work(fix.text, kinds)) is not None:
            data["ai_at_work"] = at_work
        removes = dict(fix.removes)
        for only in _NOT_ONLY.finditer(fix.text):  # "NOT only a phone, a laptop": the limit of a phone goes
            kinds = self.constraint_kinds_in(f"only {only.group('what')}")
            removes["constraint_kinds"] = [*removes.get("constraint_kinds", []), *kinds]
            removes["constraints"] = [*removes.get("constraints", []), only.group("what")]
        for echo in fix.denied:  # "only a phone? i said a LAPTOP": the kind of limit it named goes with it
            removes["constraint_kinds"] = [*removes.get("constraint_kinds", []), *self.constraint_kinds_in(echo)]
            removes["concern_kinds"] = [*removes.get("concern_kinds", []), *self.concern_kinds_in(echo)]
        if allowed := [m.group("tool") for m in rule("tool.allowed").finditer(fix.text)]:  # "copilot IS allowed"
            removes["ai_tools_avoided"] = [*removes.get("ai_tools_avoided", []), *allowed]
            data["ai_tools_avoided"] = [t for t in data.get("ai_tools_avoided", [])
                                        if not any(same_item(t, a) for a in allowed)]
        if time.free:  # a time now said to be free is no longer ruled out
            removes["times_not"] = [*removes.get("times_not", []), *time.free]
        replaces = [*fix.replaces, *(["hours_pattern"] if "hours_pattern" in data else [])]
        return Extraction(answered=answered, updates=read_as_profile(data), note=note,
                          replaces=list(dict.fromkeys(replaces)), removes=removes,
                          uncertain=[f for f in dict.fromkeys(loose) if f not in fix.replaces])

    def read_structured(self, asked: AskedQuestion, value: dict[str, Any], profile: Profile) -> Extraction:
        """A structured answer (checked against the question's schema): taken as stated, nothing guessed; free text
        beside it is screened and read like an answer, and what the structure says wins over it."""
        answer = MODELS[asked.answer.kind].model_validate(value)
        with recording() as fired:
            note("answer.structured")
            text = screen(answer.text) if answer.text else ""
            base = self.read(asked, text, profile) if text else Extraction(answered=False)
            data, replaces = self._structured(asked.field, answer, asked.answer.options_from)
        updates = base.updates.merged(read_as_profile(data))
        return Extraction(answered=True, updates=updates, replaces=list(dict.fromkeys([*base.replaces, *replaces])),
                          removes=base.removes, uncertain=[f for f in base.uncertain if f not in data],
                          rules=list(dict.fromkeys([*base.rules, *fired])))

    def _structured(self, field: ProfileField, answer: StructuredAnswer, source: str | None) -> tuple[
            dict[str, Any], list[str]]:
        """Profile data from a structured answer, and the fields it states outright (they replace what was read)."""
        vocabulary = self.kb.catalog.vocabulary
        if isinstance(answer, ChoiceAnswer) and field == "situation":
            return {"situation": answer.choice}, ["situation"]
        if isinstance(answer, ChoicesAnswer) and field in ("constraints", "concerns"):
            kinds_field = "constraint_kinds" if field == "constraints" else "concern_kinds"
            labels = kind_labels(vocabulary)
            if not answer.choices and not answer.text:
                return {"declared_none": [field]}, []
            items = [] if answer.text else [labels.get(c, c) for c in answer.choices]
            return {kinds_field: answer.choices, field: items}, []
        if isinstance(answer, HoursAnswer):
            data: dict[str, Any] = {"hours_per_week": answer.hours_per_week, "times_not": answer.not_when}
            if answer.when:
                data["hours_pattern"] = ", ".join(answer.when)
            return data, ["hours_per_week", *(["hours_pattern"] if answer.when else [])]
        if isinstance(answer, YearsAnswer):
            years: dict[str, Any] = {"years_experience": answer.years}
            level = answer.level or self.experience(f"{answer.years:g} years", bare_number=False).get("seniority")
            if level:
                years |= {"seniority": level, "manages_people": level in ("lead", "executive")}
            return years, list(years)
        return {}, []

    def corrected(self, text: str, profile: Profile) -> tuple[Profile, list[str]]:
        """A correction in the person's own words at the profile review, sentence by sentence and field by field
        (`reading.review`): the corrected profile, and the sentences that could not be applied, to be said back."""
        with recording():
            reviewed = ProfileCorrection(self).read(text, profile)
        return corrected(profile, reviewed, self), reviewed.not_applied

    def role_feedback(self, text: str) -> RoleFeedback:
        """What feedback on an assessment says of the person's role (`reading.role_feedback`): the job it names, the
        roles it rules out, where their goals point."""
        with recording():
            return RoleFeedbackReader(self).read(text)

    def rederived(self, profile: Profile, edited: set[str]) -> Profile:
        """A profile after the person edited `edited` fields: what follows from them read again (the catalog role and
        domain from the job, the kinds of limits and worries from their words, the level from the years)."""
        data: dict[str, Any] = {}
        if "current_role" in edited and not {"matched_role", "domain"} & edited:
            titles = self.names.titles_in(profile.current_role or "")
            data |= {"matched_role": titles[0][0] if titles else None, "domain": self.names.domain_of(
                profile.current_role or "")}
        if "constraints" in edited and "constraint_kinds" not in edited:
            data["constraint_kinds"] = self.constraint_kinds_in(" ; ".join(profile.constraints))
        if "concerns" in edited and "concern_kinds" not in edited:
            data["concern_kinds"] = self.concern_kinds_in(" ; ".join(profile.concerns))
        said_level = profile.seniority is not None and "seniority" not in profile.uncertain  # "junior i guess"
        if "years_experience" in edited and "seniority" not in edited and profile.years_experience is not None \
                and not said_level:  # a level the person said is theirs; only one guessed from years follows them
            data |= {k: v for k, v in self.experience(f"{profile.years_experience:g} years", bare_number=False).items()
                     if k == "seniority"}
        if "deadline_weeks" in edited and "deadline" not in edited:
            data["deadline"] = None  # the words said before gave the figure now put right
        if "times_not" in edited and profile.hours_pattern:
            kept = [t.strip() for t in profile.hours_pattern.split(",") if t.strip() not in profile.times_not]
            data["hours_pattern"] = ", ".join(kept) or None
        return profile.model_copy(update=data)

    def _for_the_question(self, text: str, asked: ProfileField) -> str:
        """The answer without the sentences another field clearly claims: a worry said while asked for goals is a
        worry, not a goal; "I'm good at X" while asked for worries is a strength; a correction of the hours inside
        a list of tasks is about time (all read in passing)."""
        return self.router.for_question(text, asked)

    @cached_property
    def router(self) -> Router:
        return Router(self, self.time)

    def _in_passing(self, text: str, asked: ProfileField, profile: Profile, *,
                    replaced: list[str] | None = None) -> tuple[Profile, list[str]]:
        """What an answer says beyond its question. Fields already known keep their value (what a person said when
        asked beats what they said in passing) unless the answer corrects them (`replaced`: the fields it puts
        right; where they include the hours, a bare number is hours); single values read this way are marked
        loose."""
        data = self._passing(text, asked, bare_hours="hours_per_week" in (replaced or []))
        if put_right := [f for f in replaced or [] if f in data]:
            profile = profile.model_copy(update=dict.fromkeys(put_right))  # the answer corrects them: read again
        kept = {k: v for k, v in data.items()
                if isinstance(v, list) or getattr(profile, k) is None or k in profile.uncertain}
        if "seniority" in kept and "years_experience" in data and "years_experience" not in kept \
                and not self.seniority_of(text):
            del kept["seniority"]  # "my own model, 6 yrs built": no level from years that are not the career
        return read_as_profile(kept), [k for k in kept if k in LOOSE_IN_PASSING]

    def _passing(self, text: str, asked: ProfileField | None, *, bare_hours: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if asked != "situation" and (situation := self.situation_of(text)):
            data["situation"] = situation
        if asked not in ("years_experience", "hours_per_week") and rule("experience.years_said").search(text):
            data |= self.experience(rule("signal.not_experience").sub(" ", text), bare_number=False)
        if asked not in ("seniority", "years_experience", "goals") and (level := self.seniority_of(text)):  # a goal's
            # level is one wished for ("maybe become senior carer or field supervisor"), never the person's now
            data["seniority"] = level
        if asked != "ai_tools":
            data |= self.tools_in(text).model_dump(exclude_defaults=True)
        if asked != "constraints":
            data |= self.said_limits(text)
        if asked != "concerns":
            data |= self.said_worries(text, threats=asked == "goals")
            data = self._changes_at_work(text, data)
        if asked not in ("main_tasks", "current_role") and (found := rule("tasks.said").search(text)) and not \
                rule("signal.none").match(found.group("tasks")) and not found.group("tasks").lower().startswith(
                    ("not", "be ", "know")):
            data["main_tasks"] = self.listed(found.group("tasks"))[:8]
        if asked != "skills" and (strong := [c.text for c in clauses(text) if rule("self.strength").search(c.text)]):
            data["skills"] = [s for c in strong if (s := _strength(c))][:3]
        if asked != "goals" and (wants := [c.text for c in clauses(text) if rule("goal.want").match(c.text)]):
            data["goals"] = [strip_personal(w)[:200] for w in wants][:3]
        if asked != "hours_per_week":
            data |= self._hours(text, asked=bare_hours)
        elif free := self.time.read(text, asked=True).free:  # "tue and thu evenings": the when, without how long
            data["hours_pattern"] = ", ".join(free)
        return data

    def _changes_at_work(self, text: str, data: dict[str, Any]) -> dict[str, Any]:
        """A new tool the workplace is bringing in ("The trust is bringing a new booking system"), said while asked
        something else: the change the person faces, kept beside their worries for them to check. A change told as
        what ended the job ("brought in a chatbot so the site shut") is why the person is out of work, no worry."""
        job_lost = rule("change.job_lost").search(text) is not None  # out of work: the change is why, not a worry
        changes = [strip_personal(s)[:200] for s in sentences(text) if rule("change.at_work").search(s)
                   and rule("tool.named").search(s) and not rule("worry.said").search(s)
                   and not rule("change.job_lost").search(s) and not (job_lost and rule("change.done").search(s))]
        if not changes:
            return data
        kinds = self.concern_kinds_in(" ".join(changes)) or ["keeping_up"]
        return data | {"concerns": [*data.get("concerns", []), *changes],
                       "concern_kinds": list(dict.fromkeys([*data.get("concern_kinds", []), *kinds]))}

    def off_topic(self, text: str, field: ProfileField) -> bool:
        """A question back, or small talk, with nothing in it the field could use: an answer that says enough
        before or beside its question ("i am milker on dairy farm, 340 cows ... but why you need know all this?")
        is an answer."""
        if not rule("signal.question_back").search(text):
            return False
        if len(without_questions_back(text).split()) >= STATEMENT_WORDS:
            return False
        useful = (self.names.titles_in(text) or self.situation_of(text) or self.tools_in(text).ai_tools
                  or self.constraint_kinds_in(text) or self.concern_kinds_in(text)
                  or (field == "hours_per_week" and parse_hours_per_week(text) is not None))
        return not useful


_DAY = rf"(?:weds|{WEEKDAY})"
_WORK_DAY = re.compile(rf"(?i)\b{_DAY}(?:\s*[/&]\s*{_DAY})*\s+(?:is|are|=)\s+"
                       r"(?:mostly|usually|normally|all|always|just)?\s*(?=[a-z])(?!off\b|free\b|out\b|busy\b)")
"""A day a description of the working week gives a task ("monday is triage of new fois", "tues/wed is mostly
SARs"): a day of work, never a day ruled out."""
STATEMENT_WORDS = 8
"""An answer with a question back in it still answers when its other sentences say at least this many words."""


def without_questions_back(text: str) -> str:
    """`text` without its sentences that are questions back to the coach; as it was when all of it is one."""
    said = sentences(text)
    kept = [s for s in said if not rule("signal.question_back").search(s)]
    return " ".join(kept) if kept and len(kept) < len(said) else text


@lru_cache(maxsize=8)
def reader_for(kb: KnowledgeBase) -> AnswerReader:
    """The reader of a knowledge base, built once (its phrase sets take a moment)."""
    return AnswerReader(kb)


_NOT_ONLY = re.compile(r"\b(?:not|never)\s+(?:just|only)\s+(?:on\s+)?(?:a|an|my|the)\s+(?P<what>[a-z]+)", re.IGNORECASE)
"""A limit said not to hold ("NOT only a phone, a laptop"): its kind and the items naming it are taken out."""
STRENGTH_WORDS = 10
"""A strength said in passing is a short name ("reading candidates"), never the sentence around it."""


def _strength(clause: str) -> str | None:
    """What follows "I'm good at" up to the next break ("noticing what a child is doing" of "...the bit I'm good at,
    noticing what a child is doing and writing it so the parents get it"); None when nothing short follows."""
    found = rule("self.strength").search(clause)
    if found is None:
        return None
    after = re.split(r"[,.;:!?]|\s(?:so|but|because|and then|which)\s", clause[found.end():].strip(" ,-"))[0]
    said = plain_phrase(after)
    return said if said and len(said.split()) <= STRENGTH_WORDS else None
