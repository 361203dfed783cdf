"""Reading a person's feedback on a plan into `Adjustments`: a weekly budget, topics to leave out or focus on,
a pace. Negated phrases are exclusions, never focus ("I don't want to move into management")."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import cached_property

from agents.asked import add_said, by_number, naming
from agents.planner.budget import SEGMENT as _SEGMENT
from agents.planner.budget import SENTENCE as _SENTENCE
from agents.planner.budget import weekly_budget
from agents.planner.coached import without_steps
from domain.feedback import Adjustments, Ask, clause_said
from domain.plan import Plan
from knowledge.index import Tokenizer
from knowledge.models import Vocabulary
from reading.clock import WEEKDAY
from reading.cues import PhraseSet, affirmed, clauses, find, found_at, tokens
from reading.deadline import deadline_in, today_utc
from reading.numbers import parse_hours_per_week
from reading.privacy import strip_personal
from reading.rules import rule
from reading.text import boss_said_plainly

_LIGHTER = re.compile(r"\b(less time|fewer hours|too (much|many|long|busy|heavy)|lighter|smaller|cut (it )?down|"
                      r"can'?t (do|manage|commit to) (that|this|so) much|overwhelm|not that much time)\b",
                      re.IGNORECASE)
_MORE = re.compile(r"\b(more ambitious|more actions|step it up|push me|too easy|too little)\b", re.IGNORECASE)
_SOONER = re.compile(r"\b(sooner|faster|quicker|quickly|near[- ]term|shorter|asap|urgent(ly)?|right away|"
                     r"in the next (few )?(weeks|months?)|within \w+ (weeks|months?))\b", re.IGNORECASE)
_SLOWER = re.compile(r"\b(slower|more slowly|longer timeline|less rush|take it slow|no rush)\b", re.IGNORECASE)
_LESS = re.compile(r"\b(?:less|fewer|not so much|not as much|too much|drop|cut|lose|skip|remove)\b"
                   r"(?:\s+(?:on|about|of|the|with|time on))*\s+(?=[a-z])", re.IGNORECASE)
_MORE_AGAIN = re.compile(r"(?:[,;:]\s*|\band\s+|\bthen\s+)(?:please\s+)?(?:add|put in|include|give (?:her|him|them|me)|"
                         r"write|replace (?:it|that|them) with|swap (?:it|that|them) for|instead)\b", re.IGNORECASE)
"""Where a clause that asked for less goes on to ask for something in its place."""
NEAR_NO_WORDS = 4
_NEAR_NO = frozenset({"not", "no", "don't", "dont", "without", "never", "nothing", "stop", "avoid", "drop", "remove",
                      "skip", "cut", "less", "fewer", "none", "won't", "wont", "isn't", "doesn't", "instead", "leave",
                      "rather", "nor", "neither"})
"""A topic is asked to be left out only where the no stands near it ("no courses", "leave out the job search"),
never by a "not" at the head of a long clause ("Not good enough for someone who needs a job by February")."""
_HOURS = re.compile(r"(?:\b|(?<=\d))(hours?|hrs?|h)\b", re.IGNORECASE)
_UNASKED = frozenset({"nobody", "noone", "didn't", "didnt", "never"})
"""Words before a topic that say it was never asked for ("nobody asked about coding"): left out, never more of it."""
_ASKED_FOR = re.compile(r"(?i)\b(?:add|practi[cs]e|practi[cs]ing|improve|work on)\s+(?P<what>[^.;!?]{3,60})")
"""A topic asked to be added or practised ("add practice writing clearer notes"): never one to leave out."""
_HANDS_ON = re.compile(r"\b(stay|remain|keep (being|it))\s+(hands[- ]on|technical|an? (individual contributor|ic)|"
                       r"on the tools|coding|building)\b", re.IGNORECASE)
_STOP = frozenset(Tokenizer()(
    "a an the and or of to in on for with my me more less please plan this that it i want like would should could "
    "make just really bit lot some all wrong about be is are was not good bad only have has had hours hour week "
    "weeks weekly now get got too much many can cannot can't don't doesn't need needs also instead stuff thing "
    "things lots focus keep stay add include give put time times day days month months year years way kind sort "
    "maybe think feel love prefer rather something anything everything there here them they their what which who "
    "how why when where yes okay fine great thanks thank sure right still even very so such other others one two "
    "three four five less fewer step steps action actions part parts first last next new old she he her him his "
    "hers them"))


class FeedbackReader:
    """Feedback -> Adjustments, with the catalog's topic vocabulary."""

    def __init__(self, vocabulary: Vocabulary, today: Callable[[], date] = today_utc) -> None:
        self.vocabulary = vocabulary
        self.today = today
        """The clock a month named is counted from ("she needs a job by March")."""
        self.topics = PhraseSet(vocabulary.feedback_topics)
        self.worries = PhraseSet({k: v.cues for k, v in vocabulary.concern_kinds.items()})
        self._tokenize = Tokenizer()
        self._named_actions: list[str] = []

    def read(self, feedback: str | None, shown: Plan | None = None) -> Adjustments:
        """The feedback's operations; with the plan the person saw (`shown`), also the actions it names to take out,
        and - said back as not acted on - the clauses that ask for something none of this could read."""
        if not feedback or not feedback.strip():
            return Adjustments()
        asks = self._asks(feedback, shown)
        adds = list(dict.fromkeys(x for a in asks for x in a.adds))[:12]
        exclude: list[str] = []
        focus = [*(put_back := self._put_back(feedback))]
        for clause in clauses(boss_said_plainly(_asked_part(without_steps(feedback, adds)))):
            more, less = _split_less(clause.text)
            exclude += affirmed(self.topics, less)
            for topic, meant in self._named(more):
                (focus if meant == "yes" else exclude).append(topic)
        missing = [t for sentence in _SENTENCE.split(feedback) if rule("feedback.missing").search(sentence)
                   for t, _, _ in find(self.topics, sentence)]  # "nothing on rates: ..." wants rates
        exclude = [e for e in exclude if e not in missing]
        focus += missing
        self._named_actions = []
        removed, unmatched = self._removals(feedback, shown)
        titled = {t for part in self._named_actions for t in affirmed(self.topics, part)}
        exclude = [e for e in exclude if e not in titled]  # an action named to go: its words are no topic to leave out
        if _HANDS_ON.search(feedback):
            exclude.append("management")
            focus.append("hands-on")
        restored = {*put_back, *(t for m in _ASKED_FOR.finditer(feedback) for t in affirmed(self.topics, m["what"]))}
        exclude = [e for e in dict.fromkeys(exclude) if e not in restored]
        focus = [f for f in dict.fromkeys(focus) if f not in exclude]
        budget = weekly_budget(feedback)
        pace = "sooner" if _SOONER.search(feedback) else "slower" if _SLOWER.search(feedback) else None
        no_deadline = rule("feedback.no_deadline").search(feedback) is not None  # "there is no deadline"
        deadline = None if no_deadline else deadline_in(strip_personal(feedback), today=self.today(), feedback=True)
        adjustments = Adjustments(
            deadline_weeks=deadline.weeks if deadline else None, no_deadline=no_deadline, hours_budget=budget,
            lighter=budget is None and bool(_LIGHTER.search(feedback)), exclude=exclude,
            focus=focus, pace=pace, more=bool(_MORE.search(feedback)), remove=removed, unmatched=unmatched)
        words = self._words(feedback)
        worries = list(dict.fromkeys(k for a in asks for k in a.worries))[:12]
        return adjustments.model_copy(update={"words": words, "asks": asks, "worries": worries, "adds": adds})

    def _removals(self, feedback: str, shown: Plan | None) -> tuple[list[str], list[str]]:
        """Actions of the plan the person saw that the feedback names to take out (their catalog ids, or titles) -
        by their title quoted, by their words, or by their place ("the 2nd action in survive") - and the names that
        matched none (and no topic either)."""
        removed: list[str] = []
        unmatched: list[str] = []
        actions = [a for s in (shown.stages if shown else []) for a in s.actions]
        asked = " ".join(x for x in _SENTENCE.split(feedback) if not rule("feedback.put_back").search(x))
        named = [_listed(whole, asked[m.start("what") + len(whole):]) for m in rule("feedback.remove").finditer(
            asked) if (whole := _whole_quotes(asked, m.start("what"), m.group("what")))]  # not "I never asked to
        named += [" , ".join(f"'{q.group(1)}'" for q in _QUOTED.finditer(sentence))  # leave out clients" either
                  for sentence in _SENTENCE.split(asked) if rule("feedback.remove_it").search(sentence)]
        named += [m.group("what") for m in rule("feedback.replace").finditer(feedback) if m.group("what")]
        for what in (_THEN_ASK.split(w, maxsplit=1)[0] for w in named):  # "... and add instead: X": X is no name
            quoted = {q.group(1) for q in _QUOTED.finditer(what)}
            for part in _names_in(what):
                if _ONLY_TIMES.fullmatch(part):
                    continue  # "no work on Tuesday/Thursday afternoons" names times ruled out, never an action
                if shown is not None and (placed := by_number(part, shown)) is not None:
                    removed.append(placed.catalog_id or placed.title)
                    continue
                words = set(self._tokenize(part)) - self._filler
                if not words or _ONLY_PLACE.fullmatch(part.strip()):
                    continue
                scored = sorted((((len(words & set(self._tokenize(a.title))),
                                   len(words & set(self._tokenize(f"{a.title} {' '.join(a.steps)}")))), a)
                                 for a in actions), key=lambda p: p[0], reverse=True)
                best = scored[0][0] if scored else (0, 0)
                close = part not in quoted or best[1] >= QUOTED_SHARE * len(words)  # a quote is the draft's words
                if best[1] >= 1 and close and (len(scored) == 1 or best > scored[1][0]):
                    removed.append(scored[0][1].catalog_id or scored[0][1].title)
                    self._named_actions.append(part)
                elif len(loose := naming(part, actions)) == 1 and not (part not in quoted and affirmed(
                        self.topics, part) and not _NAMES_ACTION.search(what)):  # misspelt, or in other case
                    removed.append(loose[0].catalog_id or loose[0].title)
                    self._named_actions.append(part)
                elif actions and (part in quoted or not affirmed(self.topics, part)):  # a topic ("the management
                    # stuff") is left out of the whole plan; a quoted name is the draft's, and matched no action
                    unmatched.append(part.strip()[:80])
        return list(dict.fromkeys(removed)), unmatched[:8]

    def _worries(self, text: str) -> list[str]:
        """The kinds of worry a clause asks an action for ("add something for her worry about pay")."""
        if not rule("feedback.worry_ask").search(text):
            return []
        kinds = list(dict.fromkeys(k for k, _, _ in find(self.worries, text)))  # "nothing answers" asks, too
        if rule("worry.age").search(text) and "age" not in kinds:
            kinds.append("age")
        if (rule("worry.work_to_ai").search(text) or rule("worry.fewer_needed").search(text)) \
                and "replacement" not in kinds:
            kinds.insert(0, "replacement")
        return [str(k) for k in kinds] or [UNREAD_WORRY]  # a worry no kind names: said to be beyond the sources

    def _adds(self, text: str) -> list[str]:
        """What a clause asks to add, as said: "Add: a free Excel course" -> "a free Excel course"; "replace X with
        Y" -> "Y"."""
        found: list[str] = []
        for m in rule("feedback.add").finditer(text):
            what = next(g for g in (m.group("what"), m.group("what2"), m.group("what3"), m.group("what4")) if g)
            found.append(what.rsplit(" ", 1)[0] if text[m.end():m.end() + 1].isalnum() else what)  # whole words
            if (then := _AND_THEN.match(text, m.end())) and rule("feedback.step_verb").match(then.group("step")):
                # "contact 5 agents (he holds 2391), and ask the college about teaching": a second step
                found.append(then.group("step"))
        found += [m.group("with") for m in rule("feedback.replace").finditer(text)]
        found += [m.group("what") for m in _MISSING_PART.finditer(text)]  # "his CII goal is missing entirely"
        found += [part for m in _PUT_BACK_NAMED.finditer(text)
                  for part in _names_in(_PUT_BACK_WORDS.sub(" ", m.group("what") or m.group("what2")))]
        out: list[str] = []
        for said in found:
            quoted = next((q for q in _QUOTED_STEP.findall(said) if rule("feedback.step_verb").match(q)), None)
            said = quoted or said  # "add it as a new action, 'Sign up for vacancy alerts ...'": the quoted step
            headed = _HEADED.match(said) or _STEP_AFTER.match(said)  # a long head, when a step follows its colon
            if headed and set(self._tokenize(headed.group("rest"))) - _STOP - self._filler and (
                    len(headed.group("head")) <= HEAD_CHARS or rule("feedback.step_verb").match(headed.group("rest"))):
                said = headed.group("rest")  # "an action for her goal: apply for the apprenticeship" - the latter
            ends = _AFTER_STEP if rule("feedback.step_verb").match(said) else _AFTER_NAME  # "ask which systems
            # they use, so she knows": a step's "which" and "so" belong to it; only its reason is cut off
            said = ends.split(said, maxsplit=1)[0].strip(" '\"‘’“”")
            if set(self._tokenize(said)) - _STOP - self._filler:
                out.append(add_said(said))
        return out

    def _asks(self, feedback: str, shown: Plan | None) -> list[Ask]:
        """Each clause that asks for something, with the operations read from it alone: the revision notes say of
        each whether it was carried out, already held, or could not be acted on."""
        out: list[Ask] = []
        plain, at, listing = strip_personal(feedback), 0, False
        for clause in clauses(plain):
            text = clause.text
            at = max(at, plain.find(text, at) + len(text))
            listed = listing and not rule("feedback.remove").search(text)  # "Add: X; Y; one action on Z": Y, Z too
            listing = bool(_ADD_LIST.search(text) or listed) and plain[at:at + 2].strip()[:1] == ";"
            deadline = deadline_in(text, today=self.today(), feedback=True)  # "she has 16 weeks of money" asks too
            if not rule("feedback.clause_ask").search(text) and deadline is None and not listed:
                continue  # "thanks", "looks good overall"
            adds = self._adds(text) or ([add_said(text.strip(" .,"))] if listed else [])
            more, less = _split_less(boss_said_plainly(_asked_part(without_steps(text, adds))))
            missing = bool(rule("feedback.missing").search(text))
            named = [(t, "yes" if missing else meant) for t, meant in self._named(more)]
            exclude = affirmed(self.topics, less) + [t for t, meant in named if meant != "yes"]
            focus = [t for t, meant in named if meant == "yes" and t not in exclude]
            focus += [t for t in self._put_back(text) if t not in focus]  # "I never asked to leave out clients"
            if _HANDS_ON.search(text):
                exclude, focus = [*exclude, "management"], [*focus, "hands-on"]
            removed, _ = self._removals(text, shown)
            worries = self._worries(text)
            if worries and any(rule("feedback.step_verb").match(x) for x in adds):
                worries = []  # "add a step for his keyboard worry: sign up for a course": the step answers it
            elif worries:
                adds = []
            fewer = bool(_HOURS.search(text) and parse_hours_per_week(text, bare_number=False)
                         and weekly_budget(text) is not None) or bool(_LIGHTER.search(text))  # (never a session's)
            out.append(Ask(said=clause_said(text), exclude=list(dict.fromkeys(exclude)),
                           focus=list(dict.fromkeys(focus)), remove=removed, fewer_hours=fewer,
                           sooner=bool(_SOONER.search(text)), slower=bool(_SLOWER.search(text)),
                           more=bool(_MORE.search(text)),
                           vague=bool(rule("feedback.vague").search(text)), on_notes=bool(_ON_NOTES.search(text)),
                           worries=worries, adds=adds, change=bool(rule("feedback.change").search(text)),
                           deadline_weeks=deadline.weeks if deadline else None))
        return out[:24]

    def _put_back(self, feedback: str) -> list[str]:
        """The topics of the sentences that take back a leaving-out ("I did not ask to leave out clients")."""
        return list(dict.fromkeys(topic for sentence in _SENTENCE.split(feedback)
                                  if rule("feedback.put_back").search(sentence)  # ("ruled out" names no rules)
                                  for topic, _, _ in find(self.topics, re.sub(r"(?i)\bruled out\b", " ", sentence))))

    def _named(self, text: str) -> list[tuple[str, str]]:
        """The topics `text` asks about, with how: left out (negated), or wanted - only where words before the topic
        ask for more of it ("more on clients", "help her find a job"); a topic merely mentioned is no ask."""
        return [(topic, "no" if _UNASKED & set(clause.words[:start]) else meant)  # "nobody asked about coding"
                for topic, meant, clause, start in found_at(self.topics, text)
                if (meant != "yes" and _NEAR_NO & set(clause.words[max(0, start - NEAR_NO_WORDS):start]))
                or (meant == "yes" and rule("feedback.focus_cue").search(" ".join(clause.words[:start])))]

    @cached_property
    def _filler(self) -> frozenset[str]:
        return frozenset(self._tokenize("the a an my that this those these ai one bit part thing stuff step action "
                                        "please also it them"))

    @cached_property
    def _ignored(self) -> frozenset[str]:
        """Stems that say nothing of their own: filler, and words the topic vocabulary already reads."""
        topical = {w for group in self.vocabulary.feedback_topics.values() for p in group for w in self._tokenize(p)}
        return _STOP | topical

    def _words(self, feedback: str) -> list[str]:
        """The affirmed content words no topic, budget or pace covers ("more about my students"), as said, to rank
        actions by: only what follows words that ask for more of something - "use long flowing sentences" or "in the
        voice of a sea captain" asks how the plan reads, and re-ranks no action."""
        kept: list[str] = []
        for clause in clauses(strip_personal(feedback)):
            more, _ = _split_less(clause.text)
            if re.search(r"\b(no|not|don'?t|never|without|avoid)\b", more, re.IGNORECASE) or rule(
                    "feedback.remove").search(more):
                continue  # what to leave out or take out is no word to rank actions by
            cue = rule("feedback.focus_cue").search(more)
            for word in tokens(more[cue.end():] if cue else ""):
                stem = self._tokenize(word)
                if len(word) > 2 and not word.isdigit() and stem and stem[0] not in self._ignored:
                    kept.append(word)
        return list(dict.fromkeys(kept))[:8]




_QUOTED_NAME = re.compile(r"(?<!\w)['\"\u2018\u201c](?=(?:[^'\"\u2019\u201d\s]+\s+){2})"
                          r"[^'\"\u2019\u201d\n]{3,200}['\"\u2019\u201d](?!\w)")
"""A quoted name of three words or more ("Drop 'Publish what you have learned and help set a standard'"): the draft's
own words, naming an action to take out or change, not a topic the person asks to leave out or have more of."""


def _asked_part(feedback: str) -> str:
    """The feedback without the stretches that describe the person or their worry, or are about the draft's wording
    ("she manages no AI project", "her worry that hours get cut", "don't say...", "your notes say"), nor the draft's
    words quoted back: their topics are no ask; and without the sentences that take back a leaving-out, read on their
    own."""
    feedback = _QUOTED_NAME.sub(" ", feedback)
    sentences = (", ".join(s for s in _SEGMENT.split(sentence) if s.strip() and not rule(
        "feedback.not_an_ask").search(s)) for sentence in _SENTENCE.split(feedback)
        if not rule("feedback.put_back").search(sentence))  # read on their own: what they name is wanted again
    return ". ".join(s for s in sentences if s)


UNREAD_WORRY = "unread"
"""The kind of a worry the feedback asks an action for that no kind of worry names ("her no-degree worry")."""
QUOTED_SHARE = 0.6
"""A quoted name is an action's when its title and steps hold at least this share of its words (quotes are often
shortened: "the 'go-to expert' one"), so a quote of an action no longer in the plan takes out no other."""
_AFTER_NAME = re.compile(r"\s+[-\u2013\u2014]\s+|\s*:\s+|\s+(?:because|since|as|so that|so|which|but)\s+",
                         re.IGNORECASE)
"""Where a named part of the plan ends and the reason for the ask begins ("the mentoring action - she has none")."""
_QUOTED_STEP = re.compile(r"(?<![A-Za-z])['\"\u2018\u201c]([^\"\u201c\u201d]{12,300}?)['\"\u2019\u201d](?![A-Za-z])")
"""A step the coach quotes whole inside an ask to add ("add it as a new action, 'Sign up for ...'")."""
_AND_THEN = re.compile(r"\s*(?:\([^)]*\)\s*)?,?\s*(?:and|then|and then|also|plus)\s+(?P<step>[^.;!?()]{3,200})",
                       re.IGNORECASE)
"""A second step that goes on after the first of an ask to add (past a bracketed aside that ended the first)."""
_AFTER_STEP = re.compile(r"\s+[-\u2013\u2014]\s+|\s+(?:because|since)\s+", re.IGNORECASE)
"""Where a step the coach asks to add ends and their reason for it begins ("... - she has no car", "because ...")."""
HEAD_CHARS = 40
_HEADED = re.compile(r"^\s*(?P<head>[^:]{1,40}?)\s*:\s+(?P<rest>\S.{2,})$")
_STEP_AFTER = re.compile(r"^\s*(?P<head>[^:]{1,160}?)\s*:\s+(?P<rest>\S.{2,})$")
"""What to add, under a short heading of its own ("her goal: apply for the apprenticeship this year")."""
_QUOTED = re.compile(r"(?<!\w)['\"\u2018\u201c]([^'\"\u2019\u201d\n]{3,200})['\"\u2019\u201d](?!\w)")
_MISSING_PART = re.compile(r"^\W*(?:\(?\d+\)\s*)?(?P<what>[^,.;:!?()]{3,80}?)\s+(?:is|are)\s+(?:still\s+)?missing\b",
                           re.IGNORECASE)
"""A part of the plan said to be missing ("his CII goal is missing"): asked for, as an addition."""
_ON_NOTES = re.compile(r"\b(?:your|the|those|these)\s+notes?\b|\bnotes?\s+(?:say|says|said|claim|claims)\b",
                       re.IGNORECASE)
"""A clause about the draft's notes ("your notes say 'more on writing' - I asked for none of that"): the revision's
notes are written anew from what changed, so it is answered by the revision as a whole."""
_PUT_BACK_NAMED = re.compile(r"\b(?:put|bring)\s+back\s+(?!(?:up\s+)?to\s+\d)(?P<what>[^.;:!?()]{3,160})|"
                             r"\b(?:put|bring)\s+(?!(?:the|her|his|my|their)\s+(?:total|hours|budget|time)\b)"
                             r"(?P<what2>(?:the|that|those|my|her|his)\s+[^.;:!?()]{3,120}?)\s+back\b", re.IGNORECASE)
"""Parts of the plan named to be put back ("put back the niche offer", "bring the quoting action back")."""
_PUT_BACK_WORDS = re.compile(r"\b(?:put|puts|putting|bring|brings|bringing|add|adds|back|please)\b", re.IGNORECASE)
_TIME_WORD = rf"{WEEKDAY}|(?:morning|afternoon|evening|night|weekend)s?"
_ADD_LIST = re.compile(r"(?i)\b(?:add|include|put in)\b[^:;.]{0,40}:\s*\S")
"""An ask to add that lists what to add after a colon ("Add: a workshop; a Google profile; ..."): each part after a
semicolon is one more thing to add."""
_ONLY_TIMES = re.compile(rf"(?i)(?=.*\b(?:{_TIME_WORD})\b)\W*(?:(?:on|in|at|the|no|not|never|and|or|work|any|"
                         rf"anything|everything|{_TIME_WORD})\b|\W)+")
"""A part naming only days or times of day: what is ruled out, never an action to take out."""
_NAMES_ACTION = re.compile(r"\b(?:action|step|task|item|one)s?\b|['\"\u2018\u201c]", re.IGNORECASE)
"""Words that say a phrase names an action, not a topic: "drop the mentoring one" names the action."""
_ONLY_PLACE = re.compile(r"(?:the\s+)?(?:action|step|one|it|them|those|that|this)s?", re.IGNORECASE)


_LIST_ITEM = re.compile(r"\s*,\s*(?:and\s+|or\s+)?(?P<item>[^,.;:!?()]{2,120})")


def _listed(what: str, after: str) -> str:
    """A named part with the rest of its list: "drop the AI spend line, reskill-before-cut and AI portfolio
    actions" names three parts, not one; the list ends where a clause of its own begins."""
    items = [what]
    while (found := _LIST_ITEM.match(after)) is not None:
        item = _AFTER_NAME.split(found.group("item"), maxsplit=1)[0]
        bare = _QUOTED.sub(" ", item)
        if len(bare.split()) > 8 or _OWN_CLAUSE.search(bare) or rule("feedback.not_an_ask").search(bare):
            break
        items.append(item)
        if item != found.group("item"):
            break  # the reason for the ask begins
        after = after[found.end():]
    return " , ".join(items)


_THEN_ASK = re.compile(r"(?i)\s*(?:,|\band\b|\bor\b)\s+(?=(?:add|put in|replace|swap|instead|then|keep|give|make)\b)")
"""Where a removal's list ends and the next ask begins ("remove 'X' and add instead: ...")."""
_OWN_CLAUSE = re.compile(r"^\W*(?:she|he|they|i|we|you|it|this|that|there|so|but|because)\b|"
                         r"\b(?:is|are|was|were|has|have|had|does|did|can|cannot|can'?t|should|must|will|would)\b",
                         re.IGNORECASE)


def _whole_quotes(feedback: str, start: int, what: str) -> str:
    """A named part whose quoted title holds a comma, quoted whole ("Take out 'Publish what you build and what you
    learn, every 2 weeks'")."""
    for quote in _QUOTED.finditer(feedback, start, start + len(what) + 200):
        if quote.start() < start + len(what) < quote.end():
            return feedback[start:quote.end()]
    return what


def _names_in(what: str) -> list[str]:
    """The parts of the plan one ask to take out names: each quoted title whole, then the rest split at "and" and
    commas, up to where the reason begins."""
    quoted = [q.group(1) for q in _QUOTED.finditer(what)]
    rest = _AFTER_NAME.split(_QUOTED.sub(" , ", what), maxsplit=1)[0]
    parts = [p for p in re.split(r"\s+(?:and|&|plus)\s+(?:the\s+)?|\s*[,/]\s*", rest) if p.strip()]
    return [*quoted, *parts]


def _split_less(text: str) -> tuple[str, str]:
    """A clause split where it asks for less: "more on clients and less on AI testing" -> (more..., less...); what
    it asks to add after that ("remove the quiz and add a price sheet instead") is more again, not less."""
    match = _LESS.search(text)
    if match is None:
        return text, ""
    less = text[match.end():]
    if (again := _MORE_AGAIN.search(less)) is not None:
        return text[:match.start()] + " " + less[again.start():], less[:again.start()]
    return text[:match.start()], less
