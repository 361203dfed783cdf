"""An action written from the coach's own words, where they asked to add something no action of the sources does
("add a fixed-price list for his five most common jobs", "first action: record a voice note after each visit").

The coach's words make the title and the steps (never the person's own sentences); the action is fitted to the
hours the stage has left, cites the source action closest to it, and is checked by the same guards as every
draft before it goes in. Where it cannot be written - nothing in the sources is close enough to cite, the stage
has no hours to spare, or as written it would break a limit the person set - a note says which, so the coach can
edit it in.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from agents.guards import Guards
from domain.feedback import Adjustments
from domain.plan import STAGE_ORDER, Plan, PlanAction, PlanStage
from domain.profile import Profile
from knowledge.base import KnowledgeBase
from knowledge.index import Tokenizer
from knowledge.models import Action, StageId
from reading.instructions import is_instruction
from reading.rules import rule
from reading.text import clipped

WRITTEN = "Written from your coach's words: "
"""How the note on an action written from the coach's words begins (said of the plan, so an edit says it anew)."""
NOT_WRITTEN = "Not written from your coach's words either: "
"""How the note begins that says why an ask to add could not be written in from the coach's words."""

CITE_SHARED = 3
"""The closest source action shares at least this many of the ask's distinctive words, or it is no source for it."""
COMMON_SHARE = 0.06
"""A word more than this share of the source actions use is no sign that one of them is about the ask."""
HOURS = 1.0
"""The hours a week an action written from the coach's words asks, at most (less where the stage has less)."""
MIN_HOURS = 0.5
MAX_ACTIONS = 4
"""A stage holds at most this many actions side by side, one written from the coach's words among them."""
UNCHECKED = frozenset({"numbers"})
"""The guards a written action need not pass before it goes in: the numbers in the coach's words are theirs, checked
against what they said at the review."""
_LEAD = re.compile(r"^(?:(?:e\.?g\.?|for example|for instance|such as|like|say)[,:]?\s+)?"
                   r"(?:(?:an?|one|some|another)\s+)?(?:(?:[\w-]+,?\s+){0,3}?(?:action|step|task)s?\s+"
                   r"(?:for|on|about|toward|towards|to|that|where|around|like)\s+)?", re.IGNORECASE)
_TAIL = re.compile(r"(?:\s+(?:a|an|the|to|of|for|or|and|with|what|that|on|in|at|his|her|their|your|its|as|by|not|"
                   r"but|from|into|than|because|whether|if|about|is|are|be|will|would|should|can))+\W*$",
                   re.IGNORECASE)
"""Words a clipped ask was left ending on ("... asking her head chef what a", "... in person, not"): never the end
of a title or a step."""
_STEPS = re.compile(r"\s*;\s*|\s+then\s+|,\s+and\s+(?=[a-z])|\s+and then\s+", re.IGNORECASE)
_SPELLED_OUT = re.compile(r"\s*(?:(?<!\d):(?!\d)|[\u2013\u2014]|\s-)\s*(?P<step>[^.;]{8,})")
"""What follows an ask to add something, spelling it out ("...toward her goal: ask her team leader ...")."""
_WHEN_FIRST = re.compile(r"(?i)^(?P<when>(?:on|each|every|this|next|once|before|after|at|in)\s+[^,]{2,40}?),\s+"
                         r"(?=[a-z])")
"""When the coach says the step happens, said before it ("on a rest-day morning, set up ...")."""
_FIRST = re.compile(r"\b(?:first|1st|to start|start with|begin with)\b", re.IGNORECASE)
_FILLER = frozenset(Tokenizer()("her his their your the a an and with for of to on in at one some action step plan "
                                "week work job make get use do new first own she he they it that this about like"))


@dataclass(frozen=True)
class Written:
    plan: Plan
    notes: list[str]


class CoachWritten:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.guards = Guards(kb)
        self._tokenize = Tokenizer()

    def added(self, plan: Plan, asks: list[tuple[str, str]], profile: Profile, caps: dict[str, float],
              adjustments: Adjustments | None = None) -> Written:
        """`plan` with an action written for each (clause, what to add) the sources had no action for, where one
        can be written truthfully; and a note for each that could not. `caps`: each stage's most hours a week."""
        notes: list[str] = []
        for clause, said in asks:
            plan, why_not = self._one(plan, clause, said, profile, caps, adjustments)
            if why_not:
                notes.append(f"{NOT_WRITTEN}\"{clipped(said, 120)}\" - {why_not}; your coach can edit it in.")
        return Written(plan, notes)

    def kept(self, plan: Plan, shown: Plan, removed: list[str], caps: dict[str, float]) -> Plan:
        """`plan` with each action of the plan the coach saw that was written from their words, and that they did not
        name to take out, kept in its stage (within the stage's hours; a source action makes way as for a new one)."""
        titles = {a.title for s in plan.stages for a in s.actions}
        for stage in shown.stages:
            for action in stage.actions:
                if action.catalog_id is not None or f"stage.{stage.stage}" not in action.citations \
                        or action.title in removed or action.title in titles:
                    continue
                placed = self._place(plan, [stage.stage], caps) or self._giving_way(plan, stage.stage)
                if placed is None:
                    continue
                at, hours, spare = placed
                held = action.model_copy(update={"hours_per_week": min(action.hours_per_week, hours)})
                plan = _put(plan, at, spare, held)
        return plan

    @staticmethod
    def _giving_way(plan: Plan, key: str) -> tuple[int, float, int | None] | None:
        """Where a step the coach asked for before stays when its stage has no room: in place of the stage's last
        source action (their words outrank a pick of the sources', whatever that one answered)."""
        for at, stage in enumerate(plan.stages):
            if stage.stage == key and (spare := _last_source(stage)) is not None:
                return at, stage.actions[spare].hours_per_week, spare
        return None

    def _one(self, plan: Plan, clause: str, said: str, profile: Profile, caps: dict[str, float],
             adjustments: Adjustments | None) -> tuple[Plan, str | None]:
        spelled = _SPELLED_OUT.match(clause.split(said, 1)[1]) if said and said in clause else None
        if spelled is not None and is_step(verb_first(spelled.group("step"))):  # "add something cheap toward
            # the social media option: make 3 sample posts ...": the step is what follows the colon
            said = spelled.group("step")
        what = _TAIL.sub("", _LEAD.sub("", said.strip(" .,;:-"))).strip(" .,;:-")
        when = _WHEN_FIRST.match(what)  # "on a rest-day morning, set up a job alert ...": the step, said when
        what = verb_first(what[when.end():] if when else what)
        if is_instruction(said) or is_instruction(clause):
            return plan, "it reads as an instruction to the system, not a step for the person"
        if not is_step(what) and (inner := _inner_step(what)):
            what = inner  # "his pension (he has none - check his State Pension forecast)": the step inside
        if not is_step(what):  # "her second goal, SEN specialist": no step to take, and "Work on ..." would paste it
            return plan, "it does not say a step to take"
        if _ABOUT_THE_PLAN.search(what):
            return plan, "it is about the plan's wording, not a step for the person"
        if len(set(self._tokenize(what)) - _FILLER) < 2:
            return plan, "it names too little to write a step from"
        what = _second_person(what)
        closest = self._closest(set(self._tokenize(what)) - _FILLER)
        order: list[StageId] = ["survive"] if _FIRST.search(clause) else (
            [closest.stage] if closest is not None else list(STAGE_ORDER))
        placed = self._place(plan, order, caps)
        if placed is None:
            return plan, ("every stage it could go in already uses the hours a week it has, and each of its actions "
                          "answers a worry of yours")
        at, hours, spare = placed
        action = self._action(what, plan.stages[at], closest, hours, when.group("when") if when else None)
        candidate = _put(plan, at, spare, action, first=bool(_FIRST.search(clause)))
        where = f"stages[{at}].actions[{candidate.stages[at].actions.index(action)}]"
        review = self.guards.check_plan(candidate, profile, adjustments)
        broken = [i for i in review.issues if i.severity == "error" and (
            (i.check not in UNCHECKED and i.path.startswith(where)) or i.path == f"stages[{at}]")]
        if broken:
            return plan, f"as written it fails a check ({broken[0].message})"
        return candidate, None

    def _place(self, plan: Plan, order: list[StageId], caps: dict[str, float]) -> tuple[int, float, int | None] | None:
        """Where the action goes: the first stage of `order` with half an hour a week to spare, else the first
        with an action that answers no worry alone (which makes way for it); with its hours and what makes way."""
        found = [(i, s) for key in order for i, s in enumerate(plan.stages) if s.stage == key]
        for at, stage in found:
            room = math.floor((caps.get(stage.stage, stage.weekly_hours) - stage.weekly_hours) * 2 + 1e-9) / 2
            if room >= MIN_HOURS and len(stage.actions) < MAX_ACTIONS:
                return at, min(HOURS, room), None
        for at, stage in found:
            if (spare := _spare(stage)) is not None:
                return at, min(HOURS, stage.actions[spare].hours_per_week), spare
        answering = Counter(w for s in plan.stages for a in s.actions for w in a.addresses)
        for at, stage in found:  # what the coach asked for in so many words outranks a pick of the sources': the
            # stage's last source action whose worries another action of the plan answers makes way
            if (spare := _last_source(stage, lambda a: all(answering[w] > 1 for w in a.addresses))) is not None:
                return at, min(HOURS, stage.actions[spare].hours_per_week), spare
        return None

    def _action(self, what: str, stage: PlanStage, closest: Action | None, hours: float,
                when: str | None = None) -> PlanAction:
        """The action, in the coach's words: each part of what they asked a step (the first said when, if they
        said it), then telling them how it went."""
        weeks = max(2, stage.horizon_weeks)
        parts = [_imperative(p) for p in _parts(what)]
        steps = [s[:1].upper() + s[1:] for s in parts]
        if when and steps:
            steps[0] = f"{when[:1].upper()}{when[1:]}, {steps[0][:1].lower()}{steps[0][1:]}"
        steps.append("Tell your coach what came of it at your next check-in.")
        title = _title(parts[0]) if parts else what
        title = title[:1].upper() + title[1:]
        cited = [f"stage.{stage.stage}", *([closest.id, *closest.citations] if closest is not None else [])]
        why = (f"Your coach asked for this in so many words, as a step on the {stage.stage} rung of the plan: "
               f"{stage.goal[:1].lower()}{stage.goal[1:].rstrip('.')}. No action in the sources does quite this, so "
               "it cites "
               + ("the stage it serves and the closest source action" if closest else "the stage it serves")
               + "; its steps are your coach's.")
        return PlanAction(
            title=clipped(title, 160), why=clipped(why, 600), steps=[clipped(s, 600) for s in steps],
            hours_per_week=max(MIN_HOURS, math.floor(hours * 2) / 2), duration_weeks=weeks,
            success_metric=f"Within {weeks} weeks: done at least once, and what came of it noted for your coach.",
            citations=list(dict.fromkeys(cited))[:8], catalog_id=None, addresses=[])

    @cached_property
    def _words(self) -> dict[str, set[str]]:
        return {a.id: set(self._tokenize(f"{a.title} {a.why} {' '.join(a.steps)} {a.success_metric}"))
                for a in self.kb.catalog.actions}

    @cached_property
    def _common(self) -> frozenset[str]:
        """Words so many source actions use ("manager", "week", "job") that sharing them says nothing."""
        counts = Counter(w for words in self._words.values() for w in words)
        return frozenset(w for w, n in counts.items() if n > COMMON_SHARE * len(self._words))

    def _closest(self, wanted: set[str]) -> Action | None:
        """The source action that shares the most of the ask's distinctive words (at least `CITE_SHARED`), in stage
        order; none when no action shares that many."""
        distinct = wanted - self._common
        scored = [(len(distinct & self._words[a.id]), -STAGE_ORDER.index(a.stage), a) for a in self.kb.catalog.actions]
        best = max(scored, key=lambda s: (s[0], s[1]), default=None)
        return best[2] if best is not None and best[0] >= CITE_SHARED else None


def _last_source(stage: PlanStage, fits: Callable[[PlanAction], bool] = lambda _: True) -> int | None:
    """The index of the stage's last action from the sources that `fits`: the one that makes way for the coach's."""
    return next((i for i in reversed(range(len(stage.actions)))
                 if stage.actions[i].catalog_id and fits(stage.actions[i])), None)


def _put(plan: Plan, at: int, spare: int | None, action: PlanAction, *, first: bool = False) -> Plan:
    """`plan` with `action` in its stage `at` (first or last), in place of the action at `spare`, if any."""
    stage = plan.stages[at]
    kept = [a for i, a in enumerate(stage.actions) if i != spare]
    actions = [action, *kept] if first else [*kept, action]
    return plan.model_copy(update={"stages": [*plan.stages[:at], stage.model_copy(update={"actions": actions[:5]}),
                                              *plan.stages[at + 1:]]})


def _spare(stage: PlanStage) -> int | None:
    """The last source action of a stage that answers no worry no other action of the stage answers: the one that
    makes room for what the coach asked to add (never a step written from their words, this round's or before)."""
    for i in reversed(range(len(stage.actions))):
        others = {w for j, a in enumerate(stage.actions) if j != i for w in a.addresses}
        if len(stage.actions) > 1 and stage.actions[i].catalog_id and not set(stage.actions[i].addresses) - others:
            return i
    return None


_VERBS = frozenset("""ask apply book build call chase check collect compare cost draft email find fix get go join keep
learn list log look make map meet note offer pick plan practise practice prepare price put read record request review
run save send set share shadow sign speak start take talk teach tell test track try turn update use visit volunteer
watch work write""".split())
_NOT_VERBS = frozenset({"something", "nothing", "anything", "everything", "evening", "morning", "thing", "during",
                        "spring", "string", "ceiling", "building", "training", "meeting", "funding", "pricing"})


def _imperative(step: str) -> str:
    """A step said as a doing put as a thing to do ("photographing your jobs" -> "photograph your jobs"), where its
    verb is one a step starts with; else as said."""
    first, _, rest = step.partition(" ")
    low = first.lower()
    if not low.endswith("ing") or len(low) < 6:
        return step
    base = low[:-3]
    for verb in (base, base + "e", base[:-1] if len(base) > 2 and base[-1] == base[-2] else ""):
        if verb and (verb in _VERBS or rule("feedback.step_verb").match(verb)) and not rule(
                "feedback.step_verb").match(low):
            return f"{verb} {rest}".strip()
    return step


def is_step(what: str) -> bool:
    """Whether what the coach asked to add says a thing to do ("ask her manager...", "costing whether..."), not
    only a thing ("a first Cert CII unit"), which is written as a step to work on it."""
    first = (re.findall(r"[a-z]+", what.lower()) or [""])[0]
    return first in _VERBS or bool(rule("feedback.step_verb").match(what)) or (
        first.endswith("ing") and len(first) >= 5 and first not in _NOT_VERBS)


def without_steps(text: str, adds: list[str]) -> str:
    """`text` without the steps it spells out to add ("Add an action: get an IOSH Managing Safely refresher"): their
    words are the step's, never a topic asked for more of ("managing" is no ask for management)."""
    for said in adds:
        if rule("feedback.step_verb").match(verb_first(said)):
            text = text.replace(said, " ")
    return text


def _inner_step(what: str) -> str | None:
    """A step spelled out inside what names no step itself, after a bracket, a dash or a colon ("his pension (he
    has none at 49 - check his State Pension forecast on gov.uk)"), up to the bracket's end."""
    for opened in re.finditer(r"\(\s*|\s[-\u2013\u2014]\s+|:\s+", what):
        step = verb_first(what[opened.end():].split(")", 1)[0].strip(" ,.;"))
        if len(step.split()) >= 3 and is_step(step):
            return step
    return None


def verb_first(what: str) -> str:
    """What the coach asked, starting with the thing to do: "she asks her manager whether ..." -> "ask her manager
    whether ..."."""
    said = rule("feedback.step_subject").match(what)
    if said is None:
        return what
    rest = what[said.end():]
    verb, _, tail = rest.partition(" ")
    low = verb.lower()
    base = (low[:-3] + "y" if low.endswith("ies") else low[:-2] if low.endswith(("ches", "shes", "sses", "xes", "oes"))
            else low[:-1] if low.endswith("s") and not low.endswith("ss") else low)
    return f"{base} {tail}".strip() if rule("feedback.step_verb").match(base) else what


MAX_STEPS = 4
TITLE_WORDS = 10
"""A title longer than this is cut where its detail starts; the whole of the ask stays in the steps."""


_SIZE_SAID = re.compile(r"(?i)\s*[,;(-]\s*\d+(?:\.\d+)?\s*(?:h|hrs?|hours?)(?:\s*(?:/|a|per)\s*w(?:ee)?k)?\b\)?"
                        r"(?=\s*(?:[,;.)]|$|on\b|in\b))")
"""An action's size said beside it ("ask to be a super-user, 0.5 h/week"): the hours are its size, never a step."""


def _parts(what: str) -> list[str]:
    """The steps of what the coach asked, the whole of it: each thing to do its own step ("phone three agencies
    about payroll work and ask what software they use" -> two), the last taking in any beyond `MAX_STEPS`."""
    pieces = [p.strip(" ,.") for p in _STEPS.split(_SIZE_SAID.sub("", what))]  # ("..., 0.5 h/week": its size)
    split: list[str] = []
    for piece in pieces:
        cuts = [m.start() for m in re.finditer(r"\s+and\s+", piece)
                if rule("feedback.step_verb").match(piece[m.end():])]
        bounds = [0, *cuts, len(piece)]
        split += [re.sub(r"^and\s+", "", piece[a:b].strip(" ,.")) for a, b in pairwise(bounds)]
    kept = [p for p in split if len(p) > 2]
    if len(kept) > MAX_STEPS:
        kept = [*kept[:MAX_STEPS - 1], ", then ".join(kept[MAX_STEPS - 1:])]
    return kept


def _title(step: str) -> str:
    """A short, whole title from the first step: the step itself when short, else the step up to where its
    detail starts ("Ask your manager" of "Ask your manager whether the team will move ..."), never ending on a
    word that leaves it hanging."""
    words = step.split()
    if len(words) <= TITLE_WORDS:
        return step
    cuts = [m.start() for m in rule("feedback.title_cut").finditer(step)
            if 3 <= len(step[:m.start()].split()) <= TITLE_WORDS]
    for cut in reversed(cuts):
        head = step[:cut].strip(" ,.")
        if not _TAIL.search(head):
            return head
    return step


_ABOUT_THE_PLAN = re.compile(r"(?i)\b(?:sentence|third person|truncated|fragment|copy of|wording|the plan|this plan|"
                             r"the notes?|this action|the title|pasted)\b")
"""An ask about how the plan is written ("a truncated copy of my sentence"), never a step for the person."""
_PRONOUNS = ((r"\bher\b(?=\s+(?:the|a|an|to|in|on|at|for|with|from|up|out|off|back|and|or|as|into|about|what|how|"
              r"why|if|whether|know|feel|try)\b|\s*[.,;:!?)]|\s*$)", "you"),  # "make her the super-user": the person
             (r"\b(?:his|her)\b", "your"), (r"\b(?:he|she)\b", "you"), (r"\bhim\b", "you"),
             (r"\b(?:himself|herself)\b", "yourself"))
""""They" is left as it is: in "ask what software they use" it is the others the step is about, not the person."""


def _second_person(text: str) -> str:
    """A coach's words about the person said to them ("ask his merchant" -> "ask your merchant")."""
    for pattern, said in _PRONOUNS:
        text = re.sub(pattern, said, text, flags=re.IGNORECASE)
    for pattern, said in _AGREEMENT:  # "how you sends invoices" -> "how you send invoices"
        text = re.sub(pattern, said, text, flags=re.IGNORECASE)
    return text


_ADVERB = r"((?:already|also|still|just|never|now|often|always|usually|really|only|\w+ly)\s+)?"
_AGREEMENT = ((rf"\byou {_ADVERB}has\b", r"you \1have"), (rf"\byou {_ADVERB}does\b", r"you \1do"),
              (rf"\byou {_ADVERB}is\b", r"you \1are"), (rf"\byou {_ADVERB}was\b", r"you \1were"),
              (rf"\byou {_ADVERB}(\w+(?:sh|ch|x|ss|z))es\b", r"you \1\2"),
              (rf"\byou {_ADVERB}(\w{{2,}}[^s\W])s\b", r"you \1\2"))
