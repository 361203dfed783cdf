"""What the person wants, in a plan's words: their aim as a short name ("an HR business partner role") and the
directions they named themselves ("complaints, quality, wfm, trainer"), from the goals as read; a goal said as a verb
put as what it is ("writing the policy")."""

from __future__ import annotations

import re

from reading.rules import rule
from reading.signals import plain_phrase
from reading.text import doing, fit_to_name

_AIM_HEDGE = re.compile(r"^\W*(?:(?:ideally|hopefully|maybe|probably|honestly|i think|i guess|really|"
                        r"if not(?: possible| that| this)?|otherwise|failing that|"
                        r"what i(?:'d| would)? (?:really |actually )?(?:want|like|love) (?:is|would be)(?: to)?|"
                        r"i (?:really |actually )?"
                        r"(?:want|need|would like|wanna|hope)|(?:i'?d|i would) (?:really )?(?:like|love)|want|need|"
                        r"wanna|gonna|hoping to|planning to|(?:my |the )?(?:goal|aim|target|plan) (?:is|=)(?: to)?|"
                        r"would like|to)\W+)+", re.IGNORECASE)
_AIM_LEAD = re.compile(r"^\W*(?:to\s+)?(?:(?:move|moving|shift|switch|get|getting|go|going)\s+"
                       r"(?:toward|towards|into|to)\s+|(?:land|find|get|into|a career in|work in|"
                       r"working in|apply(?:ing)? (?:for|to)|join(?:ing)?|get(?:ting)? (?:onto|on to)|"
                       r"becom(?:e|ing))\s+)",
                       re.IGNORECASE)
_AIM_TAIL = re.compile(r"\s+(?:later|one day|eventually|fast|asap|soon|"
                       r"(?:in|within) (?:like |about |around |maybe |the next )?\S+ (?:years?|yrs?|months?)|when\b|"
                       r"by \w+|this year|next year|would be (?:nice|good|great|ideal|lovely)|"
                       r"if (?:possible|i can|not)|otherwise|failing that|i guess|i suppose|tbh|lol)\b.*$",
                       re.IGNORECASE)
_STAY = re.compile(r"^\W*(?:keep|stay|remain|hold on|not lose|survive)\b", re.IGNORECASE)
MAX_AIM_WORDS = 9
_GENERIC_NEED = re.compile(r"(?i)^\W*(?:a|an|any|some)?\s*(?:salary|job|money|income|work|pay|paycheck|wage)\W*"
                           r"(?:asap|fast|soon|now)?\W*$")
"""A need every plan serves ("a salary", "any job asap"), not an aim to step toward."""


def aim(goals: list[str]) -> str | None:
    """The person's aim as a short name ("guest experience or rooms division", "an HR business partner role"),
    from the first goal that moves somewhere (keeping one's job is what every plan's first stage is for)."""
    for goal in goals:
        said = _AIM_HEDGE.sub("", plain_phrase(goal))
        if not said or _STAY.match(said) or "?" in said or _GENERIC_NEED.match(said) or re.match(
                r"(?i)^(?:am|is|are|was|m|re|not|no|never|any|anything|whatever|something|they|he|she|everyone|"
                r"everybody|employers|people|you)\b", said) \
                or rule("goal.timing").match(said):
            continue
        head, _, spelled = said.partition(":")
        if spelled.strip() and re.search(r"(?i)\b(?:it|this|that|them)\s*$", head):
            said = re.split(r",|\bthen\b|\band\b", spelled)[0]  # "lead it: write the policy, ..." -> the first step
        said = _AIM_TAIL.sub("", _AIM_LEAD.sub("", _first_option(said))).strip(" .,;:-")
        said = re.sub(r"\bmy\b", "your", re.sub(r"\bi\b", "you", said, flags=re.IGNORECASE), flags=re.IGNORECASE)
        said = as_noun(_choices(said))
        said = re.sub(r"(?i)^(?:get\s+|getting\s+)?(off|out of|away from|back to|back into)\b", r"getting \1", said)
        vague = re.search(r"(?i)\b(?:it|this|that|them)\s*$", said)  # "lead it": what "it" is was said elsewhere
        if said and 2 <= len(said.split()) <= MAX_AIM_WORDS and not vague and not rule(
                "item.not_a_skill").search(_PART_TIME.sub(" ", said)) and fit_to_name(said):
            return said
    return None


MAX_DIRECTIONS = 5
MAX_DIRECTION_WORDS = 6
_DIRECTION_LEAD = re.compile(
    r"(?i)^\W*(?:(?:and|or|but|so|then|also|maybe|perhaps|possibly|probably|ideally|even|like|eg|e\.g\.|such as|"
    r"either|i\W?ve heard of|heard of|things like|something (?:in|like)|a few things|(?:i\W?d |i would )?"
    r"(?:like|love|want|prefer)(?: to)?|(?:i\W?m |im |i am )?(?:open to|thinking (?:of|about)|looking at|"
    r"considering|interested in)|(?:move|moving|shift|shifting|go|going|get|getting)\s+(?:in)?to(?:wards?)?|"
    r"into|towards?|do(?:ing)?|some|a|an|the)\b\W*)+")
_DIRECTION_TAIL = re.compile(
    r"(?i)\s+(?:(?:for|with|at|in|at|from|that|which|where|who|but|because|cos|if|as|rather than|instead of|"
    r"so that)\b.*|i (?:dont|don't|do not) know.*|(?:ideally|maybe|perhaps|probably|hopefully|eventually|one day|"
    r"if possible|i think|i guess)\W*)$")


def directions(goals: list[str]) -> tuple[str, ...]:
    """The ways forward the person named themselves, as they named them ("complaints, quality, wfm, trainer, fraud
    ops", "court clerk job, CART captioning, voice writing, or QA on AI transcripts"): the first goal that lists
    two or more short options, each without its hedges and what follows it ("with the ministry ..."), at most five,
    the first the one they lead with. None where no goal lists options."""
    for goal in goals:
        pieces = re.split(r"\s[-\u2013\u2014]\s|:(?!\d)", plain_phrase(goal))  # never inside a clock time
        said = next((s for s in reversed(pieces) if "," in s), pieces[-1])  # "dont mind shifting - a, b": the list
        parts = [p for p in re.split(r"(?i),|;|\bor\b", said) if p.strip()]
        if len(parts) < 2:
            continue
        kept: list[str] = []
        for part in parts:
            option = _DIRECTION_TAIL.sub("", _DIRECTION_LEAD.sub("", part.strip())).strip(" .,;:-'\"")
            words = option.split()
            if not words:  # a lead-in only ("i've heard of a few things"): no option, and none dropped
                parts = [p for p in parts if p is not part]
                continue
            if len(words) > MAX_DIRECTION_WORDS or _GENERIC_NEED.match(option) or re.match(
                    r"(?i)^(?:if|unless|otherwise|failing|else|not|no|never|whatever|anything|something|etc|and so on|"
                    r"it|this|that|them|stay|keep|"
                    r"earn|make|see|spend|be|have|more|less|fewer|better|higher|lower|work less|work more|find|"
                    r"decide|get|go|become|learn|help|grow|cut|save|try|move|moving|step|progress|climb)\b", option) \
                    or re.search(r"(?i)\b(?:is|are|am|was|were|i|my|me|you|your|yours|yourself|theres|there|loads|"
                                 r"lots)\b", option) \
                    or rule("goal.timing").match(option) or re.search(r"[£$€]|\d+\s?(?:k|%)|\d{3,}", option) \
                    or not fit_to_name(option) or rule("goal.not_a_direction").search(option):
                continue
            kept.append(option)
        if len(kept) >= 2 and len(kept) == len(parts):  # a list of options, not a sentence with commas in it
            return tuple(dict.fromkeys(kept))[:MAX_DIRECTIONS]
    return ()


def either_of(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _first_option(said: str) -> str:
    """The aim before the qualifiers that follow a comma ("product marketing, ideally internally, in the next 12-18
    months"); a list of short options is kept whole ("frontend, fullstack junior, qa automation")."""
    parts = [p.strip() for p in said.split(",") if p.strip() and not rule("goal.not_a_direction").search(p)]
    if len(parts) > 1 and all(len(p.split()) <= 3 for p in parts):
        return ", ".join(parts)  # (the terms of the job wanted - hours, times, how far - are no option)
    return parts[0] if parts else said


_PART_TIME = re.compile(r"(?i)\b(?:part|full)[- ]time\b")
"""How much of the week a job wanted takes ("a part-time optical assistant job"): part of the aim, never a limit."""
_HEDGE_END = re.compile(r"(?i)\s+(?:ideally|maybe|perhaps|probably|hopefully|eventually|if possible)\W*$")
_MOVE_ONLY = re.compile(r"(?i)^(?:move|moving|step|stepping|go|going|get|getting)\s+"
                        r"(?:up|on|forward|ahead|further)\W*$")
_INTO = re.compile(r"(?i)^(?:into|towards?)\s+")


def _choices(said: str) -> str:
    """A list of aims said as one ("frontend, fullstack junior, qa automation, whatever pays") without the filler,
    joined with "or"."""
    parts = [_INTO.sub("", _HEDGE_END.sub("", p).strip()) for p in re.split(r",|\bor\b|/", said) if p.strip()]
    kept = [p for p in parts if p and not re.match(r"(?i)^(?:whatever|anything|something|any\b|etc|and so on)", p)]
    named = [p for p in kept if not _MOVE_ONLY.match(p)]  # "move up, area manager": the place named is the aim
    kept = named or kept
    if len(parts) < 2 or not kept:
        return said
    return kept[0] if len(kept) == 1 else f"{', '.join(kept[:-1])} or {kept[-1]}"


def as_noun(phrase: str) -> str:
    """A goal said as a verb put as what it is ("write the policy" -> "writing the policy"), so that "a first step
    toward ..." reads."""
    return doing(phrase, "aim.verb_first")
