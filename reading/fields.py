"""Reading one field at a time, and the pieces every field reader shares (situation, level, experience, tools, limits,
worries, wishes to avoid): each reader returns the profile updates it found and, when it found nothing, why."""

from __future__ import annotations

import re
from typing import Any

from domain.profile import Profile, read_as_profile
from knowledge.base import KnowledgeBase
from knowledge.models import ConcernKind, ConstraintKind, Seniority, Situation
from reading.country import Countries
from reading.cues import PhraseSet, affirmed, clauses, find, found_at, own
from reading.names import RoleNames
from reading.numbers import parse_leadership_years, parse_years, word_numbers
from reading.privacy import strip_personal
from reading.rules import note, rule
from reading.signals import (
    MANAGEMENT,
    SENIORITY_RANK,
    SITUATION_RANK,
    about_the_talk,
    assumptions_denied_removed,
    items,
    labels_removed,
    plain_phrase,
    seniority_from_years,
    unstutter,
    without_filler,
)
from reading.time import HEAVY_WEEK, put_right, worked_hours

NOT_YOURS = "speaker.others"
_OTHERS_BEFORE = frozenset(
    "the my our their his her your with w for to from by some most all other than regional area our".split())
_LISTED_ASIDE = re.compile(r"\s*\([^()]*[,;][^()]*(?:\)|$)")
"""A bracket that lists examples ("packing lists (brazil, portugal - coffee, cork)"): detail, not the name of a task."""
_NEGATED = re.compile(r"\b(?:not|never|no longer)\W*$", re.IGNORECASE)
_NUMBERS = frozenset("two three four five six seven eight nine ten eleven twelve a few several".split())
_LEADING = frozenset("""train trains training trained mentor mentors mentoring supervise supervises supervising coach
coaches coaching teach teaches teaching onboard onboarding buddy induct inducting look looking""".split())
_OTHERS_AFTER = frozenset("says said say wants want told tells thinks think decided decides approves asked".split())


def _others_level(words: tuple[str, ...], start: int, end: int) -> bool:
    """A level named for someone else: after "the", "with", "than" ..., in the plural ("art directors"), or as
    the subject of what someone says ("the director says")."""
    before = set(words[max(0, start - 2):start])  # "approval from site director"
    after, last = (words[end] if end < len(words) else ""), (words[end - 1] if end - 1 < len(words) else "")
    plural = last.endswith("s") and not last.endswith(("ss", "us", "is"))
    counted = start > 0 and (words[start - 1].isdigit() or words[start - 1] in _NUMBERS)  # "6 team leaders": his
    taught = bool(set(words[max(0, start - 3):start]) & _LEADING)  # "training two juniors": theirs, never his
    return bool(before & _OTHERS_BEFORE) or after in _OTHERS_AFTER or (plural and not counted) or taught


def own_words(text: str) -> str:
    """`text` without the sentences about someone else ("my husband is a nurse"): only the person's own."""
    return ". ".join(c.text for c in clauses(text) if not rule(NOT_YOURS).search(c.text))


class Pieces:
    """What several field readers look for, with the catalog's vocabulary."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.names = RoleNames(kb)
        vocabulary = kb.catalog.vocabulary
        self.tools = PhraseSet({**vocabulary.ai_tools, **{name: [name] for name in vocabulary.ai_tools_shared}})
        self.shared = vocabulary.ai_tools_shared
        self.shared_context = {name: PhraseSet({w: [w] for w in shared.when})
                               for name, shared in vocabulary.ai_tools_shared.items()}
        self.generic_tools = PhraseSet({phrase: [phrase] for phrase in vocabulary.ai_tools_generic})
        self.situations = PhraseSet(vocabulary.situations)
        self.seniority = PhraseSet(vocabulary.seniority)
        self.constraint_kinds = PhraseSet({k: v.cues for k, v in vocabulary.constraint_kinds.items()})
        self.concern_kinds = PhraseSet({k: v.cues for k, v in vocabulary.concern_kinds.items()})
        self.topics = PhraseSet(vocabulary.feedback_topics)
        self.countries = Countries(vocabulary.countries)

    def situation_of(self, text: str) -> Situation | None:
        """The situation the person says they are in (named, or "not working", "going back to work"), never a wish."""
        text = rule("said_back.denied").sub(" ", text)  # "freelance?? no": what was said back, denied
        text = ". ".join(c.text for c in clauses(own_words(text)) if not rule("goal.wish").search(c.text)
                         and not rule("situation.feared").search(c.text))  # "worried about being made redundant"
        for name in ("situation.retiring_later", "situation.not_theirs", "situation.others_let_go",
                     "situation.process_named"):
            text = rule(name).sub(" ", text)  # "when I retire" is ahead; "they laid off the admin team": others
        said = {key for key, meant, _ in find(self.situations, text) if meant == "yes"}
        if rule("situation.not_working").search(text):
            said.discard("employed")
        if rule("situation.returning").search(text) or rule("situation.not_working").search(text):
            said.add("career_break")
        if "employed" not in said and any(rule("situation.own_job_lost").search(c.text) and not rule(
                "situation.loss_ahead").search(c.text) for c in clauses(text)):
            said.add("job_seeking")  # "the chain went bust n they shut us 3 wks ago": out of work, by no choice
        return next((s for s in SITUATION_RANK if s in said), None)

    def seniority_of(self, text: str) -> Seniority | None:
        """The person's own level, as they say it: never another person's title ("sign-offs with the regional
        directors", "the director says", "better than most shift leads"), nor one they wish for ("I'd like to be a
        team leader")."""
        text = rule("said_back.denied").sub(" ", text)  # "executive?? no": what was said back, denied
        text = rule("role.subordinate_title").sub(" ", own_words(text))  # "Head of Year 9" is no executive
        said: set[Seniority] = set()
        for clause in clauses(text):
            if rule("goal.wish").search(clause.text) or rule("level.past").search(clause.text):
                continue  # a level wished for, or left behind ("wait 9 if u count trainee yr"), is not theirs now
            for key, start, end in self.seniority.spans(clause.stemmed):
                denied = any(w in ("no", "nope", "nah", "wrong", "not") for w in clause.words[end:end + 2])
                if clause.polarity(start) == "yes" and not denied and not _others_level(clause.words, start, end):
                    said.add(key)  # ("executive?? no": a level said back, denied)
        return max(said, key=SENIORITY_RANK.index) if said else None

    def experience(self, text: str, *, bare_number: bool) -> dict[str, Any]:
        data: dict[str, Any] = {}
        text = rule("signal.not_experience").sub(" ", word_numbers(own_words(text)))  # "home for 5 years" is no job
        said = re.split(r"(?<=[.!?;\n])\s+", text)
        here = [s for s in said if not rule("review.years_elsewhere").search(s)
                and parse_years(s, bare_number=False) is not None]  # "before council I was 5 years in ...": not
        timed = " ".join(here) if here and any(rule("review.years_elsewhere").search(s) and parse_years(
            s, bare_number=False) is not None for s in said) else text  # the years in this work
        timed = put_right(timed, lambda t: parse_years(t, bare_number=False))  # "11 years. sorry, I should say 12"
        if (years := parse_years(timed, bare_number=bare_number)) is not None:
            data["years_experience"] = years
        if (leading := parse_leadership_years(text)) is not None:
            data["leadership_years"] = leading
        level = self.seniority_of(text)
        if level is None and "years_experience" in data:
            level = seniority_from_years(data["years_experience"])
            note("seniority.from_years")
        elif level is not None:
            data["manages_people"] = level in ("lead", "executive")
        if level is not None:
            data["seniority"] = level
        return data

    def age_of(self, text: str) -> int | None:
        if not (found := rule("age.said").search(word_numbers(own_words(text)))):  # "I am sixty-one"
            return None
        if decade := found.group("decade"):
            digits = re.sub(r"\D", "", decade) or str({"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
                                                      "sixties": 60}[decade.lower()])
            return int(digits) + 5
        age = int(found.group("age") or found.group("age2") or found.group("age3"))
        return age if 14 <= age <= 100 else None

    def country_of(self, text: str) -> str | None:
        """The country the person's own words place them in ("Stoke", "HMRC", "45 quid"), if one alone."""
        return self.countries.of(own_words(text))

    def shared_tool(self, name: str, context: str) -> str:
        """The product a bare shared name ("Copilot") means: the usual one, unless `context` (the answer, or the
        person's work) speaks of the other's field and does not deny it ("for coding" yes; "I don't code" no)."""
        shared = self.shared.get(name)
        if shared is None:
            return name
        return shared.otherwise if affirmed(self.shared_context[name], context) else shared.usual

    def tools_for_work(self, updates: Profile, text: str, profile: Profile) -> Profile:
        """`updates` read from `text`, with a bare shared name read in the light of the person's work as said before
        ("Copilot" from a frontend developer is GitHub's), unless the text names the usual product outright."""
        work = ". ".join([profile.current_role or "", *profile.main_tasks, *profile.skills])
        named = {key for key, _, _ in find(self.tools, text)}
        data: dict[str, Any] = {}
        for name, shared in self.shared.items():
            if name not in named or shared.usual in named or self.shared_tool(name, work) == shared.usual:
                continue
            for field in ("ai_tools", "ai_tools_avoided"):
                held = getattr(updates, field)
                if shared.usual in held:
                    data[field] = list(dict.fromkeys(shared.otherwise if t == shared.usual else t for t in held))
        return updates.model_copy(update=data) if data else updates

    def _piece_naming(self, tool: str, text: str) -> str:
        """The comma piece of `text` that names `tool`, with the pieces after it up to one naming another tool; the
        whole text when no piece names it as written."""
        pieces = text.split(",")
        for i, piece in enumerate(pieces):
            if self.named_as_written(tool, piece):
                rest = pieces[i + 1:]
                until = next((j for j, p in enumerate(rest) if self.tools_named(p)), len(rest))
                return ",".join([piece, *rest[:until]])
        return text

    def tools_named(self, text: str) -> list[str]:
        """The catalog's AI products named as written in `text` ("Please remove Grammarly")."""
        return [tool for tool in self.kb.catalog.vocabulary.ai_tools if self.named_as_written(tool, text)]

    def named_as_written(self, tool: str, text: str) -> bool:
        """Whether a product's name stands in `text` as a word of its own: names are matched by stem, and the stem
        of "Grammarly" is "grammar" ("I make grammar mistakes" names no tool)."""
        names = [tool, *self.kb.catalog.vocabulary.ai_tools.get(tool, [])]
        return any(re.search(rf"(?<![\w-]){re.escape(name)}(?:'?s)?(?![\w-])", text, re.IGNORECASE) for name in names)

    def tools_in(self, text: str, context: str = "") -> Profile:
        """Tools used, and tools refused or forbidden, named in `text`; `context`: what else the person said of
        their work, which tells a shared name's product apart."""
        used: list[str] = []
        avoided: list[str] = []
        refused: list[str] = []
        vocabulary = self.kb.catalog.vocabulary.ai_tools
        found = [*[(t, m, c) for t, m, c in own(self.tools, text) if self.named_as_written(t, c.text)],
                 *own(self.generic_tools, text)]
        for said, tool, meant, clause in [(t, self.shared_tool(t, f"{text}. {context}"), m, c) for t, m, c in found]:
            piece = self._piece_naming(said, clause.text)  # "chatgpt for emails, tried gemini once": each its own
            if meant == "yes" and (rule("worry.said").search(clause.text) or rule("tool.not_used").search(piece)):
                continue  # a fear of a tool, a tool for others or on a condition unmet: not a tool in use
            if meant in ("forbid", "refuse") and rule("tool.data_rule").search(clause.text):
                continue  # "no donor names in ChatGPT": what may go into the tool is limited, not the tool
            if meant == "yes" and tool in vocabulary:
                used.append(tool)
            elif meant in ("refuse", "forbid"):
                avoided.append(tool if tool in vocabulary or len(tool) > 3 else "AI tools")
                if meant == "refuse" and tool not in vocabulary:
                    refused.append(tool)  # "I refuse to use image generators": the plan leaves them out
        return read_as_profile({"ai_tools": list(dict.fromkeys(used)), "ai_tools_avoided": list(dict.fromkeys(avoided)),
                                "avoid": list(dict.fromkeys(refused))})

    def ai_at_work(self, text: str, kinds: list[ConstraintKind]) -> bool | None:
        """False when the employer forbids AI tools on work material; True when it approves one tool of theirs for
        it ("Copilot Chat is approved on the work laptop"); None when the answer does not say."""
        if "employer_ai_rules" not in kinds:
            return None
        said = clauses(rule("ban.not_ai").sub(" ", text))  # "there's publication bans": no rule on AI
        if any(rule("ai_rule.approved_only").search(c.text) and not rule("tool.not_used").search(c.text)
               and rule("limit.employer_ai").search(c.text) for c in said):
            return True  # one tool allowed at work: AI is not banned, only the others are
        banning = [rule("ai_rule.data_only").sub(" ", c.text) for c in said]  # "not allowed to put client
        # invoices in chatgpt": what may go into a tool, not a ban on AI at work
        if any(rule("ai_at_work.forbidden").search(c) or rule("limit.employer_ai").search(c) for c in banning):
            return False
        return None

    def avoided(self, text: str) -> list[str]:
        """What the person does not want: 'I don't want to move into management' -> management; never what someone
        else does not want ("my clients don't want their figures in ChatGPT")."""
        text = own_words(text)
        out: list[str] = []
        if rule("avoid.hands_on").search(text):
            out.append(MANAGEMENT)
        for match in rule("avoid.object").finditer(text):
            obj = rule("avoid.stop").sub("", match.group(2)).strip(" -")
            if not obj or self.says_none(obj) or len(obj.split()) > 5:
                continue
            topics = affirmed(self.topics, obj)
            if match.group(1) and self.constraint_kinds_in(text[match.start():match.end() + 30]):
                continue  # "no money for courses", "no degree": a limit of the person's, not a wish about the plan
            if match.group(1) and re.search(r"\b(?:have|has|had|got|there'?s|there is|there are)\s*$",
                                            text[:match.start()], re.IGNORECASE):
                continue  # "we have no AI policy": how things are, not a wish
            if topics:  # the thing named right after the cue: "without racing image generators on price"
                out.append(topics[0])
            elif not match.group(1):  # "no degree", "without a car": a fact about the person, not a wish
                out.append(obj.lower())
        if rule("avoid.no_code").search(text):  # "I don't code and don't want to": no coding, so nothing to build
            out = ["coding", "building", *out]
        return list(dict.fromkeys(out))[:5]

    def _kinds(self, phrases: PhraseSet[Any], text: str) -> list[Any]:
        """Kinds named in `text`, unless said of no one ("no family stuff"); a limit may be said as a refusal or a
        ban ("can't do evenings", "AI is banned") - those count."""
        return list(dict.fromkeys(key for key, meant, clause in find(phrases, text)
                                  if meant != "not" or not rule("kind.denied").search(clause.text)))

    def constraint_kinds_in(self, text: str) -> list[ConstraintKind]:
        text = rule("ban.not_ai").sub(" ", rule("kind.not_theirs").sub(" ", text))  # "a hiring freeze": no AI rule
        kinds: list[ConstraintKind] = self._kinds(self.constraint_kinds, text)
        said = [s for s in re.split(r"(?:[\n;!?]|\.(?!\d))+", text) if s.strip()]
        for name, kind in (("money.none", "money"), ("device.phone_only", "device"),
                           ("limit.employer_ai", "employer_ai_rules"), ("limit.caring", "caregiving"),
                           ("ai_rule.work_data", "privacy"), ("ai_rule.data_only", "privacy")):
            if any(not _NEGATED.search(s[:m.start()]) for s in said for m in rule(name).finditer(s)) \
                    and kind not in kinds:  # "NOT only a phone, a laptop" is no limit of a phone
                kinds.append(kind)  # type: ignore[arg-type]
        if "workload" not in kinds and (worked := worked_hours(text)) is not None and worked >= HEAVY_WEEK:
            kinds.append("workload")  # "works 45 to 50 hours a week already": a heavy week is a limit
        kin_free = rule("limit.kin_doing").sub(" ", text)  # "my son uses chatgpt": what he does, not caring for him
        if "caregiving" in kinds and not rule("limit.caring").search(text) and (rule("limit.kids_device").search(
                text) or (kin_free != text and "caregiving" not in self._kinds(self.constraint_kinds, kin_free))):
            kinds = [k for k in kinds if k != "caregiving"]  # "the laptop is old, kids use it": a device, not care
        if rule("limit.others_health").search(text) or rule("limit.named_health").search(text):  # their son's ADHD:
            own = rule("limit.named_health").sub(" ", rule("limit.others_health").sub(" ", text))  # care, not health
            kinds = [k for k in kinds if k != "health" or k in self._kinds(self.constraint_kinds, own)]
            return kinds if "caregiving" in kinds else [*kinds, "caregiving"]
        return kinds

    def concern_kinds_in(self, text: str) -> list[ConcernKind]:
        """Kinds of worry named in `text`; a worry word said with "not" ("the cheap lot, not robots") names none."""
        pieces = [s for s in re.split(r"(?<=[.!?;\n])\s*|\bbut\b", rule("kind.not_theirs").sub(" ", text))
                  if not rule("worry.denied").search(s)]
        language = [s for s in pieces if rule("worry.language").search(s)]  # "my dutch writing is weak": language
        text = ". ".join(s for s in pieces if s not in language)
        kinds: list[ConcernKind] = list(dict.fromkeys(
            key for key, meant, clause, start in found_at(self.concern_kinds, text)
            if not (meant == "not" and start and clause.words[start - 1] in ("not", "no"))))
        if rule("worry.hours_cut").search(text) and "income" not in kinds:
            kinds.append("income")  # "cut my post from 37.5 hours to 30": the pay, not the job
        if rule("worry.age").search(text) and "age" not in kinds:
            kinds.append("age")
        if rule("worry.computers").search(text) and "keeping_up" not in kinds:
            kinds.append("keeping_up")  # "im rubbish on computers": keeping up with the change
        if language and "language" not in kinds:
            kinds.append("language")
        if "age" in kinds and "entry_level" in kinds:
            kinds.remove("entry_level")  # "im 47, no degree, nobody hires me": an older person's worry is age
        if (rule("worry.work_to_ai").search(text) or rule("worry.fewer_needed").search(text)) \
                and "replacement" not in kinds:
            kinds.insert(0, "replacement")
        return kinds

    def limit_kinds(self, text: str) -> list[ConstraintKind]:
        """Kinds of limit said with a limiting word beside them, in one part of a clause or the next ("can't do
        evenings, kids"), never in distant parts of a list ("no access cards, dogs, customers angry about bills")."""
        parts = re.split(r"[,;]|\s-\s", text)  # a reason in a few words goes with the part before it
        near = [f"{p}, {parts[i + 1]}" if i + 1 < len(parts) and len(parts[i + 1].split()) <= 4 else p
                for i, p in enumerate(parts)]
        return list(dict.fromkeys(k for n in near if rule("limit.said").search(n) for k in self.constraint_kinds_in(n)))

    def said_limits(self, text: str) -> dict[str, Any]:
        """Limits mentioned in passing: a limiting word beside a known kind of limit."""
        kinds: list[ConstraintKind] = []
        said: list[str] = []
        for clause in clauses(own_words(assumptions_denied_removed(text))):  # "theres no shifts": no limit
            if about_the_talk(clause.text):
                continue
            found = self.limit_kinds(clause.text) or (self.constraint_kinds_in(clause.text) if re.search(
                r"\b(two|three|\d+|small|young) kids\b", clause.text, re.I) else [])
            if found:
                kinds += found
                said.append(strip_personal(clause.text)[:200])
        return {"constraint_kinds": list(dict.fromkeys(kinds)), "constraints": said} if kinds else {}

    def said_worries(self, text: str, *, threats: bool = False) -> dict[str, Any]:
        """Worries mentioned in passing: a worry word in the sentence; with `threats` (an answer about goals), also
        the person's work said to be going to AI ("the robot does the phones by next summer")."""
        kinds: list[ConcernKind] = []
        said: list[str] = []
        for clause in clauses(own_words(text)):
            if about_the_talk(clause.text):
                continue
            threat = threats and rule("worry.work_to_ai").search(clause.text) is not None
            if (self.worried(clause.text) or threat) and self.a_worry(clause.text):
                kinds += self.concern_kinds_in(clause.text)
                said.append(strip_personal(clause.text)[:200])
        return {"concern_kinds": list(dict.fromkeys(kinds)), "concerns": said} if said else {}

    @staticmethod
    def worried(clause: str) -> bool:
        """A worry of the person's in the clause: a worry word that is not someone else's ("patients who are
        worried") nor denied."""
        if not rule("worry.said").search(clause) or rule("worry.denied").search(clause):
            return False
        return not rule("worry.others").search(clause) or bool(rule("worry.own").search(clause))

    def a_worry(self, clause: str) -> bool:
        """A clause of a worries answer that says a worry: not a denial ("not that the robots take my job"), a
        threat waved away, an announcement ("lots, I'm afraid"), a question to the coach ("will this cost me
        anything?"), tool talk ("i DONT use chatgpt") or a word alone ("never")."""
        worried = self.worried(clause)
        if any(rule(n).search(clause) for n in ("worry.denied", "question.to_coach")) or any(
                rule(n).match(clause) for n in ("signal.back_reference", "item.announce")):
            return False
        if not worried and (rule("worry.dismissed").search(clause) or self._tool_talk(clause) or rule(
                "worry.not_minded").search(clause) or (rule("goal.statement").match(clause)
                                                      and not self.concern_kinds_in(clause))):
            return False  # ("we have no teachers in Poland" is how things are; "i care less about" is no worry)
        return len(clause.split()) > 1 or bool(self.concern_kinds_in(clause))

    def _tool_talk(self, clause: str) -> bool:
        """A clause about using or refusing a named tool, with no worry in it (never others bringing it to the
        person's work, or a worry set above it)."""
        named = find(self.tools, clause) or find(self.generic_tools, clause)
        return bool(named) and not self.concern_kinds_in(clause) and not rule("worry.tool_in_it").search(clause)

    def says_none(self, text: str) -> bool:
        """'None', 'no, not really', 'nothing much, I'm curious', 'none really, I have lots of time': nothing of
        substance after it (no limit, worry or 'but ...')."""
        match = rule("signal.none").match(text)
        if match is None or re.search(r"\bbut\b", text, re.IGNORECASE):
            return False
        rest = text[match.end():].strip(" ,.;:!-")
        if len(rest.split()) <= 3 or rule("signal.content_none").match(rest) or rule("worry.denied").search(rest):
            return True
        return not (rule("limit.said").search(rest) or rule("worry.said").search(rest)
                    or self.constraint_kinds_in(rest) or self.concern_kinds_in(rest) or self.tools_in(rest).ai_tools)

    def listed(self, text: str, *, strict: bool = True) -> list[str]:
        """The items of a free-text list that can be said back, without fillers; `strict` (skills, tasks, tools):
        nor corrections, times, questions or bare numbers, which name no skill or task."""
        # sentences part items; a word typed twice over ("the the till") is one
        cleaned = re.sub(r"(?<=[a-z])[.!?]+\s+", "; ", unstutter(without_filler(labels_removed(text))))
        cleaned = rule("item.code").sub(" ", cleaned)  # "';shutdown --" is a command, never a task
        found = [plain_phrase(_LISTED_ASIDE.sub("", i)) if strict else i for i in items(cleaned)
                 if not about_the_talk(i)]  # "i said the job got binned": talk about the talk, no item
        return [i for i in found if re.search(r"[a-z]{2}", i, re.I) and not rule("signal.non_answer").match(i)
                and not (strict and (rule("item.not_a_skill").search(i) or rule("item.aside").match(i) or rule(
                    "item.announce").match(i) or rule("item.statement").search(i) or rule("item.count").search(i) or (
                    rule("phrase.not_a_name").search(i) and not rule("self.strength").search(i))))]
