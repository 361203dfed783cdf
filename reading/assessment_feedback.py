"""What a coach's feedback on an assessment says of the person's work, clause by clause: a tool that does a task of
theirs ("the booking app already books and reminds patients", "a chatbot answers most of the simple calls"), their
team shrinking ("cut from 9 to 6"), their work being hands-on or face to face ("nothing about her work is automated"),
their checking what a tool produces ("he just checks"), the exposure judged too high or too low, and the strengths
and gaps it names or takes out. The rules are `assessment_feedback.*` in knowledge/data/reading.yaml; what the
assessment makes of them is the assessor's (`agents.assessor.coached`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reading.rules import Rule, rule
from reading.signals import plain_phrase

_CLAUSES = re.compile(r"(?<=[.!?;])\s+|\n+|,\s+(?:but\s+|and\s+|so\s+)?|\s+(?:but|so|while|whereas)\s+|"
                      r"\s+and\s+(?=(?:she|he|they|the|a|an|her|his|their|it|now)\b)")
_TASK_TAIL = re.compile(r"(?i)\s+(?:now|already|these days|anymore|any more|as well|too|instead|for (?:her|him|them)|"
                        r"on (?:its|their) own|automatically)\s*$")
_FUTURE = re.compile(r"(?i)\b(?:will|going to|gonna|(?:is|are)(?: actually| now| really)? being|goes live|going live|"
                     r"next (?:year|month|spring|summer|autumn|winter)|(?:in|from|by) (?:january|february|march|april|"
                     r"may|june|july|august|september|october|november|december|the spring|the summer|the autumn)|"
                     r"soon|trial\w*|pilot\w*|plans? to|planning|rolling out)\b")
_AND_VERB = re.compile(r"(?i)^\s*(and|or)\s+(\w+s)\b")
_VERB_ONLY = ("does", "is doing", "will do", "is going to do", "takes over", "took over", "has taken over",
              "is taking over", "will take over", "handles", "will handle", "deals with", "covers", "runs")
"""Verbs whose object is the task itself ("does the picking"): the task is said as its object."""
MAX_ITEM_WORDS = 10


@dataclass(frozen=True)
class ToolTask:
    """A task of the person's the feedback says a tool does (or will do)."""

    task: str
    """The task, said as work ("booking and reminding patients", "the picking")."""
    tool: str | None
    """The tool, as the coach names it ("the practice management software"); None when unnamed."""
    already: bool
    """Already happening (not planned or trialled)."""


@dataclass(frozen=True)
class AssessmentFeedback:
    """What the feedback says of the person's work, the tools reaching it, their strengths and gaps."""

    automated: tuple[ToolTask, ...] = ()
    not_routine: tuple[str, ...] = ()
    """Tasks the feedback says no tool drafts ("remove the claim that AI drafts his tickets"): taken back."""
    part_gone: bool = False
    team_shrank: bool = False
    human: tuple[str, ...] = ()
    """The clauses that say the work is hands-on, face to face or not automated."""
    checks_output: bool = False
    too_high: bool = False
    too_low: bool = False
    strengths: tuple[str, ...] = ()
    strengths_out: tuple[str, ...] = ()
    gaps_out: tuple[str, ...] = ()
    unread: tuple[str, ...] = field(default=())
    """Sentences none of these rules read."""

    @property
    def about_exposure(self) -> bool:
        return bool(self.automated or self.part_gone or self.team_shrank or self.human or self.checks_output
                    or self.too_high or self.too_low)


def clauses(text: str) -> list[str]:
    return [c.strip(" .") for c in _CLAUSES.split(text) if c and c.strip(" .")]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?;])\s+|\n+", text) if s.strip()]


def _group(found: re.Match[str], name: str) -> str | None:
    """The named group of whichever alternative matched (`what`, `what2`, ...)."""
    return next((v for k, v in found.groupdict().items() if k.rstrip("0123456789") == name and v), None)


def gerund(verb: str) -> str:
    """A third-person verb said as work: "books" -> "booking", "writes" -> "writing", "replies to" -> "replying to"."""
    head, _, rest = verb.partition(" ")
    word = head.lower()
    if word.endswith("ies"):
        stem = word[:-3] + "y"
    elif word.endswith(("ches", "shes", "sses", "xes")):
        stem = word[:-2]
    elif word.endswith("s"):
        stem = word[:-1]
    else:
        stem = word
    ing = stem[:-1] + "ing" if stem.endswith("e") and not stem.endswith("ee") else stem + "ing"
    return f"{ing} {rest}".strip()


def _task(found: re.Match[str]) -> str | None:
    said = _group(found, "task")
    if not said:
        return None
    verb = (found.groupdict().get("verb") or "").lower()
    if verb and verb not in _VERB_ONLY:  # "books and reminds patients": each verb said as work
        said = _AND_VERB.sub(lambda m: f"{m.group(1)} {gerund(m.group(2))}", said)
        said = f"{gerund(verb)} {said}"
    said = _TASK_TAIL.sub("", plain_phrase(said)).strip()
    return said if 1 <= len(said.split()) <= MAX_ITEM_WORDS else None


def _items(found_in: list[re.Match[str]]) -> list[str]:
    out: list[str] = []
    for found in found_in:
        what = re.sub(r"\([^)]*\)", " ", _group(found, "what") or "")  # "'visual craft' (she is a photographer)"
        for piece in re.split(r",|;|\band\b", what):
            said = re.sub(r"(?i)^(?:her|his|their|my|the)\s+", "", plain_phrase(piece).strip(" .:'\"“”‘’()"))
            if said and len(said.split()) <= MAX_ITEM_WORDS and (
                    found.re is not rule("assessment_feedback.strength_named").pattern
                    or not rule("assessment_feedback.not_an_item").search(said)):
                out.append(said)
    return out


def _all(name: str, text: str) -> list[re.Match[str]]:
    found: list[re.Match[str]] = rule(name).finditer(text)
    return found


def read(text: str) -> AssessmentFeedback:
    """The feedback read clause by clause; a clause saying the work is not automated is never read as automated."""
    automated: list[ToolTask] = []
    not_routine: list[str] = []
    human: list[str] = []
    flags = {"part_gone": False, "team_shrank": False, "checks_output": False, "too_high": False, "too_low": False}
    read_sentences: set[str] = set()
    for sentence in sentences(text):
        for clause in clauses(sentence):
            hit = False
            if rule("assessment_feedback.said_never").search(clause):
                hit = True  # "I never said her work is hands-on": the draft's words denied, nothing said of the work
            elif rule("assessment_feedback.human_work").search(clause):
                human.append(clause)
                hit = True
            elif denied := [f.group("task").strip() for f in _all("assessment_feedback.not_drafted", clause)]:
                not_routine += denied  # "booking appointments isn't work AI drafts"
                hit = True
            else:
                for name in ("assessment_feedback.tool_does", "assessment_feedback.task_automated"):
                    for found in _all(name, clause):
                        task = _task(found)
                        if task and rule("assessment_feedback.claim_denied").search(clause[:found.start()]):
                            not_routine.append(task)  # "remove the claim that AI drafts his tickets": taken back
                            hit = True
                        elif task:
                            tool = _group(found, "tool")
                            automated.append(ToolTask(task=task, tool=tool.strip() if tool else None,
                                                      already=not _FUTURE.search(clause)))
                            hit = True
            for key in flags:
                if rule(f"assessment_feedback.{key}").search(clause):
                    flags[key] = hit = True
            if hit:
                read_sentences.add(sentence)
    strengths = _items([f for s in sentences(text) for f in _all("assessment_feedback.strength_named", s)])
    strengths_out = _items([f for s in sentences(text) for f in _all("assessment_feedback.strength_denied", s)])
    gaps_out = _items([f for s in sentences(text) for f in _all("assessment_feedback.gap_denied", s)])
    for named_rule in ("assessment_feedback.strength_named", "assessment_feedback.strength_denied",
                       "assessment_feedback.gap_denied"):
        read_sentences |= {s for s in sentences(text) if _quiet(rule(named_rule), s)}
    strengths = [s for s in strengths if s.lower() not in {x.lower() for x in strengths_out}]
    return AssessmentFeedback(
        automated=tuple(dict.fromkeys(automated)), not_routine=tuple(dict.fromkeys(not_routine)), human=tuple(human),
        strengths=tuple(dict.fromkeys(strengths)),
        strengths_out=tuple(dict.fromkeys(strengths_out)), gaps_out=tuple(dict.fromkeys(gaps_out)),
        unread=tuple(s for s in sentences(text) if s not in read_sentences), **flags)


def _quiet(named: Rule, text: str) -> bool:
    return named.pattern.search(text) is not None
