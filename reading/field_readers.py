"""The readers of one field each: the answer to the question asked, read for the field it asks about.

Each reader returns the profile update it found, or None and a short note of what it could not find ("I couldn't
pick out a goal in that."). The job is read from the words that name it ("bookkeeper" of "bookkeeper, well i was,
been home for 5 years"); tools refused or denied are no tools used; a goal said as what the person will not do is
what they avoid; a worry denied beside another ("not worried about robots, worried about cheap competitors") is no
worry. `AnswerReader` reads the field asked with these, and everything else the answer says beside them.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from domain.profile import AI_TOOLS, Profile, read_as_profile
from knowledge.models import ConcernKind, ProfileField
from reading.cues import clauses, find
from reading.fields import Pieces, own_words
from reading.privacy import strip_personal
from reading.route import sentences
from reading.rules import rule
from reading.signals import (
    Reader,
    about_the_talk,
    appositions_joined,
    assumptions_denied_removed,
    labels_removed,
    plain_phrase,
    task_list,
)
from reading.time import TimeReader

HEADER_WORDS = 2
"""A piece of a limits answer this short with no kind of limit in it heads a list ("Time.", "Outside work")."""
CONTINUATION_WORDS = 7


def _worry_pieces(clause: str) -> list[str]:
    """A clause to judge as a worry whole, or - when it denies one worry beside another ("not worried about robots,
    worried about cheap competitors") - piece by piece."""
    pieces = [p.strip() for p in re.split(r",|\bbut\b", clause) if p.strip()]
    if len(pieces) < 2 or not rule("worry.denied").search(clause):
        return [clause]
    return [] if rule("worry.denied").search(pieces[0]) and not any(
        rule("worry.said").search(p) for p in pieces[1:]) else pieces  # "Not replaced, someone must sign it": a reason


_DENIED_ITEM = re.compile(r"^\W*(?:i\s+)?(?:don'?t|dont|do not|never|not|nope|no)\b", re.IGNORECASE)
_USE_LEAD = re.compile(r"^(?:i\s+)?(?:just\s+|only\s+|mostly\s+)?(?:use|using|used)\s+", re.IGNORECASE)
_REFUSED = re.compile(r"\W*(?:and\s+|but\s+)?(?:i\s+|i'm\s+|im\s+)?(?:not|no|never|don'?t|dont|do not|won'?t|wont)\b",
                      re.IGNORECASE)
"""A goal said as what the person will not do ("not manage people"): read as what they do not want."""


class FieldReaders(Pieces):
    """The field readers of the answer reader, with the catalog's vocabulary and the named reading rules."""

    time: TimeReader
    """The reader of hours and times (set by the answer reader)."""

    @cached_property
    def _readers(self) -> dict[ProfileField, Reader]:
        return {
            "current_role": self.read_role, "situation": self.read_situation, "years_experience": self.read_years,
            "seniority": self.read_seniority, "skills": lambda t: self._read_items(t, "skills"),
            "ai_tools": self.read_tools, "main_tasks": lambda t: self._read_items(t, "main_tasks"),
            "goals": self.read_goals, "hours_per_week": self.read_hours, "constraints": self.read_constraints,
            "concerns": self.read_concerns,
        }

    def role_phrase(self, text: str) -> str:
        """The words that name the person's work ("bookkeeper" of "bookkeeper, well i was, been home for 5 years"):
        the comma piece naming a title or a line of work, else the answer's opening, without a lead-in ("I'm a")."""
        pieces = [p.strip() for p in re.split(r"[,;.!?\n]|\s-\s|\bbut\b", text) if p.strip()]
        said = next((p for p in pieces if rule("role.self_said").search(p) and not self._level_only(p)
                     and not rule("situation.not_working").search(p)), None)  # "at the moment I dont work": no job
        said = said or next((p[m.start():] for p in pieces if (m := rule("role.past_said").search(p))), None)
        titled = pieces[0] if pieces and rule("role.job_noun").match(re.sub(  # "- Operations manager", "depot
            r"\s+(?:at|for|in|with|on)\s+.*$", "", pieces[0])) else None  # controller at a bus depot": the opening
        named = next((p for p in pieces if not rule("role.continued").search(p)
                      and self.names_work(rule("role.others_after").before(p))), None)
        early = next((p for p in pieces[:4] if not rule("role.continued").search(p) and rule("role.job_noun").match(
            re.sub(r"\s+(?:at|for|in|with|on)\s+.*$", "", rule("role.tail").sub("", p)))), None)  # never "and pick..."
        if early is None:  # "I look after the books ... as a self-employed bookkeeper"
            early = next((m.group(1) for p in pieces[:4] if (m := re.search(r"\bas an?\s+(.{3,60})$", p))
                          and rule("role.job_noun").match(m.group(1))), None)
        placed = next((m.group("place") for p in pieces[:4] if (m := rule("role.workplace").search(p))), None)
        phrase = said or titled or named or early or placed or (
            pieces[0] if pieces and len(text.split()) > 12 else text)
        phrase = rule("role.lead_in").sub("", phrase.strip(" -*•\t")).strip() or phrase
        return rule("role.tail").sub("", rule("phrase.trailing").sub("", phrase)).strip(" -*•\t") or phrase

    def names_work(self, text: str) -> bool:
        """Whether `text` names a job title or a line of work the catalog knows."""
        return bool(self.names.titles_in(text) or self.names.domain_of(text))

    def _level_only(self, clause: str) -> bool:
        """"i'm a senior actually": a level, not a line of work."""
        said = rule("role.self_said").search(clause)
        rest = clause[said.end() - 1:] if said else ""
        return bool(self.seniority_of(rest) and len(rest.split()) <= 3)

    def role_clause(self, text: str) -> str | None:
        """The clause in which the person says what their work is ("I'm a secondary school teacher")."""
        for clause in clauses(own_words(text)):
            if self.names.titles_in(clause.text) or self.names.domain_of(clause.text):
                return clause.text
            if rule("role.self_said").search(clause.text) and not self._level_only(clause.text):
                return clause.text
        return None

    # -- one field each ------------------------------------------------------------------------------------

    def read_role(self, text: str) -> tuple[Profile | None, str | None]:
        mine = own_words(text) or text
        role_text = self.role_phrase(mine)[:400]
        titles = self.names.titles_in(role_text)
        domain = self.names.domain_of(role_text)
        data: dict[str, Any] = {"current_role": role_text, "matched_role": titles[0][0] if titles else None,
                                "domain": domain if not titles or domain else None}
        data |= self.experience(mine, bare_number=False)
        if tasks := task_list(mine):
            data["main_tasks"] = tasks
        hinted = (titles or domain) and rule("situation.employed_hint").search(mine)
        if situation := self.situation_of(mine) or ("employed" if hinted else None):
            data["situation"] = situation
        return read_as_profile(data), None

    def read_situation(self, text: str) -> tuple[Profile | None, str | None]:
        situation = self.situation_of(text)
        if situation is None and rule("situation.working_said").search(text) and not rule(
                "situation.not_working").search(text):
            situation = "employed"
        if situation is None:
            return None, "I couldn't tell which of those fits you."
        return Profile(situation=situation), None

    def read_years(self, text: str) -> tuple[Profile | None, str | None]:
        data = self.experience(text, bare_number=True)
        if "years_experience" not in data and "seniority" not in data:
            return None, "I couldn't find a length of time or a level in that."
        return read_as_profile(data), None

    def read_seniority(self, text: str) -> tuple[Profile | None, str | None]:
        data = self.experience(text, bare_number=False)
        if "seniority" not in data:
            return None, "I couldn't place that on a career ladder."
        return read_as_profile(data), None

    def read_hours(self, text: str) -> tuple[Profile | None, str | None]:
        data = self._hours(text, asked=True)
        if "hours_per_week" not in data:
            return None, ("Got when you're free - roughly how many hours a week could you give it?"
                          if "hours_pattern" in data else "I need a rough number of hours a week.")
        return read_as_profile(data), None

    def _hours(self, text: str, *, asked: bool) -> dict[str, Any]:
        time = self.time.read(text, asked=asked)
        data: dict[str, Any] = {"hours_pattern": ", ".join(time.free)} if time.free else {}
        return data | ({"hours_per_week": time.hours} if time.hours is not None else {})

    def read_tools(self, text: str) -> tuple[Profile | None, str | None]:
        updates = self.tools_in(text)
        if unknown := [m.group("tool") for m in rule("tool.named_unknown").finditer(text)]:
            updates = updates.model_copy(update={"ai_tools": list(dict.fromkeys([*updates.ai_tools, *unknown]))[:5]})
        if updates.ai_tools or updates.ai_tools_avoided:
            return updates, None
        named = [*find(self.tools, text), *find(self.generic_tools, text)]
        if any(meant != "yes" for _, meant, _ in named) or self.says_none(text) or rule("signal.none").match(text) \
                or rule("tools.none_used").search(text) or rule("tool.not_used").search(text):
            return self.no_tools(text), None  # "none. not allowed at work" names no tool
        own_words = ". ".join(c.text for c in clauses(text) if not rule("speaker.others").search(c.text)
                              and not rule("ai_rule.data_only").search(c.text))  # what may go into a tool: no tool
        listed = [said for i in self.listed(own_words) if not rule("signal.none").match(said := _USE_LEAD.sub("", i))]
        found = [i for i in listed if i and not _DENIED_ITEM.match(i)]
        if not found and any(_DENIED_ITEM.match(i) for i in listed):
            return self.no_tools(text), None  # "the principal uses ChatGPT, i dont"
        if not found:
            return None, "I couldn't pick out any tools in that."
        return read_as_profile({"ai_tools": found[:5]}), None

    def refuses_all(self, text: str) -> bool:
        """A refusal of AI as a whole: no tool named in the sentence that refuses ("the tools I will not use are
        ChatGPT" refuses one; "wont use it. work says no company stuff in chatgpt" refuses all), and no willingness
        beside it ("I might be willing to try one")."""
        refused = [s for s in re.split(r"[.!?\n]+", text) if rule("ai.refused_all").search(s)]
        named = any(find(self.tools, s) for s in refused)  # a tool named where the refusal is said, not in a rule
        return bool(refused) and not rule("ai.willing").search(text) and (
            not named or bool(rule("ai.all_scope").search(text)))

    def no_tools(self, text: str) -> Profile:
        """No AI tool used; and where they refuse AI as a whole ("dont use ai and wont"), AI tools avoided."""
        return Profile(declared_none=["ai_tools"], ai_tools_avoided=[AI_TOOLS] if self.refuses_all(text) else [])

    def _first_line_aim(self, role_id: str, title: str, text: str) -> bool:
        """A first rung of leading ("team lead", "supervisor", "assistant practice manager", "deputy manager") aimed
        for: no aim at the role whose first-line titles it shares (an executive's outlook is not a team leader's)."""
        role = next((r for r in self.kb.catalog.roles if r.id == role_id), None)
        if role is None or not role.first_line_titles:
            return False
        return title in role.first_line_titles or re.search(
            rf"\b(?:assistant|deputy|junior|trainee)\s+{re.escape(title)}\b", text, re.IGNORECASE) is not None

    def read_goals(self, text: str) -> tuple[Profile | None, str | None]:
        text = labels_removed(own_words(text))  # "my husband's the self employed one (plumber)": not what they want
        said = [kept for c in clauses(text) if not about_the_talk(c.text)
                if (kept := rule("phrase.label").sub("", rule("signal.filler").sub(" ", c.text)).strip(" ,.;:-"))]
        # a wish, and the bare list that says what it means ("need ANY dev job. frontend, fullstack, qa automation")
        wishes = [c for i, c in enumerate(said) if rule("goal.wish").search(c) or (
            i and rule("goal.wish").search(said[i - 1]) and not rule("speaker.personal").search(c)
            and not rule("goal.timing").match(c))]
        said = wishes or [f"stay in {m.group('what').strip()}" if (m := rule("goal.staying").match(c)) else c
                          for c in said]
        goals = [plain_phrase(g) for g in (rule("signal.hedge_lead").sub("", strip_personal(c)) for c in said)
                 if g and not rule("signal.non_answer").match(g) and not rule("signal.hedge").match(g)
                 and not rule("goal.timing").match(g)
                 and not rule("phrase.aside").match(g) and not rule("goal.statement").match(g)
                 and not rule("question.to_coach").search(g) and not _REFUSED.match(g)][:5]  # a "not" is `avoid`
        avoid = self.avoided(text)
        targets = [role_id for role_id, title in self.names.titles_in(text)
                   if not self._first_line_aim(role_id, title, text)]
        if not goals:
            return None, "I couldn't pick out a goal in that."
        return read_as_profile({"goals": goals, "avoid": avoid, "target_role": targets[0] if targets else None}), None

    def read_constraints(self, text: str) -> tuple[Profile | None, str | None]:
        text = assumptions_denied_removed(text)  # "theres no shifts": the question's assumption denied, no limit
        found: list[str] = []
        for item in (rule("phrase.label").sub("", i).strip() for i in self.items_of(text)):
            kinds = self.constraint_kinds_in(item)
            if found and not kinds and len(item.split()) <= CONTINUATION_WORDS and rule("limit.continues").match(item):
                found[-1] = f"{found[-1]}, {item}"  # "... if IT gives you a licence, I do not have one"
            elif item and not (rule("signal.none").fullmatch(item) or rule("phrase.aside").match(item)
                               or (not kinds and rule("kind.denied").search(item))  # "NOT only a phone, a laptop"
                               or rule("signal.non_answer").match(item) or rule("item.announce").match(item)
                               or about_the_talk(item)
                               or (len(item.split()) <= HEADER_WORDS and not kinds)  # "Time.", "Outside work"
                               or (rule("limit.not_a_limit").search(item) and not kinds)):
                found.append(item)
        kinds = self.constraint_kinds_in(text)
        if not found and not kinds:
            return None, "I couldn't pick out any limits in that."
        return read_as_profile({"constraints": found[:10], "constraint_kinds": kinds,
                                "avoid": self.avoided(text)}), None

    def read_concerns(self, text: str) -> tuple[Profile | None, str | None]:
        meant = [piece for c in clauses(text) for piece in _worry_pieces(c.text) if self.a_worry(piece)
                 and not about_the_talk(piece)]
        if not meant and rule("worry.denied").search(text):
            return Profile(declared_none=["concerns"]), None
        found = [rule("phrase.label").sub("", i).strip() for i in self.items_of(". ".join(meant))]
        found = [i for i in found if i]
        if not found:
            return None, "I couldn't pick out a worry in that."
        return read_as_profile({"concerns": found[:10],
                                "concern_kinds": self.concern_kinds_in(". ".join(meant))}), None

    def worries_taken_out(self, feedback: str, kinds: list[ConcernKind]) -> list[ConcernKind]:
        """The kinds of worry (of `kinds`) a coach's feedback says are not the person's ("remove 'age and starting
        over', she never said it"): a sentence saying no and naming the worry, never one asking it answered."""
        out: list[ConcernKind] = []
        for sentence in re.split(r"(?<=[.!?;])\s+|\n+|\s+(?=\(?\d\)\s)", feedback):
            if not rule("worry.not_theirs").search(sentence) or rule("worry.answer_it").search(sentence) or not (
                    rule("worry.said").search(sentence) or re.search(r"['\"\u2018\u201c]", sentence)):
                continue  # ("I never said her work is not automated": no worry named, only the draft's words)
            for part in re.split(r"\s+-\s+|[,:]\s+", sentence):  # the worry is named where the no is said
                if rule("worry.not_theirs").search(part) or rule("worry.said").search(part):
                    named = {key for key, _, _ in find(self.concern_kinds, part)}
                    out += [k for k in kinds if k in named and k not in out]
        return out

    def items_of(self, text: str) -> list[str]:
        """Sentences or list items, whichever the person wrote: a worry in a sentence stays one worry."""
        return [strip_personal(c.text)[:200] for c in clauses(text) if len(c.words) > 1 or c.words[0].isalpha()] \
            if any(len(c.words) > 6 for c in clauses(text)) else self.listed(text, strict=False)

    def _read_items(self, text: str, field: ProfileField) -> tuple[Profile | None, str | None]:
        if field == "main_tasks" and (said := rule("tasks.said").search(text)):  # "i used to do X, Y": X and Y
            text = said.group("tasks")
        if field == "main_tasks":  # whom a piece of work is with is said in its own sentence
            found = [i for s in sentences(text) for i in appositions_joined(self.listed(s))
                     if not rule("item.count").search(i) and not rule("item.schedule").search(i)]
        else:
            found = self.listed(text)
        if field == "skills" and (weak := [i for i in found if rule("self.weakness").search(i)]):
            found = [i for i in found if i not in weak]  # "less confident with computers" is no strength
            kinds = self.concern_kinds_in(". ".join(weak)) or ["keeping_up"]
            return read_as_profile({"skills": found, "concerns": weak, "concern_kinds": kinds}), None
        if not found:
            return None, "I couldn't pick out any items in that."
        return read_as_profile({field: found}), None
