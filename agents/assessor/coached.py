"""What a coach's feedback on an assessment says beyond the role, applied to the redone assessment: the gaps it names
("her written English is a stated gap", "gaps: no UK bookkeeping qualification") or takes out, the strengths it names
or takes out, and what it says of the person's work (`reading.assessment_feedback`): a task of theirs already going
to a tool ("Copilot already writes her thank-you letters", "the robot does the picking now") or their team shrinking
is the cheaper-execution shift at its sharpest for them; hands-on or face-to-face work weighs less; checking what a
tool produces is where the quality dynamic meets them. Each moved exposure says the coach's reason, naming the task.
What changed is said by `revision.changes`, from the two versions; nothing here claims anything itself.
"""

from __future__ import annotations

import re
from dataclasses import replace

from domain.assessment import Assessment, ExposureAssessment
from domain.profile import Profile
from knowledge.models import Exposure
from reading.assessment_feedback import AssessmentFeedback
from reading.assessment_feedback import read as read_feedback
from reading.cues import stems, tokens
from reading.rules import rule
from reading.signals import plain_phrase, short_task
from reading.text import clipped

_GAP_LISTED = re.compile(
    r"(?i)\b(?P<many>gaps|gap)(?:\s+list)?\b\s*(?:should\s+(?:include|be|say)|include|includes|are|is|:|-)\s*(?!\s*(?:empty\b|"
    r"missing\b|blank\b|wrong\b|generic\b|not\b|none\b|cut\b|truncated\b|garbled\b|unfinished\b|still\b|now\b|fine\b|"
    r"ok\b|good\b|better\b|repeated\b|a fragment\b|half\b|mid-?word\b|chopped\b|fragment|broken\b|split\b|jumbled\b|"
    r"merged\b|in pieces\b))(?P<what>[^.!?]{3,160})")
_GAP_NAMED = re.compile(
    r"(?i)(?:^|(?<=[.!?])\s+|[,:;]\s*|\band\s+)(?P<what>[a-z][\w' /-]{2,60}?)\s+(?:is|are)\s+(?:also\s+)?"
    r"(?:a|an|her|his|their|the)\s+(?:stated\s+|real\s+|big\s+|main\s+|clear\s+|obvious\s+)?"
    r"(?:gap|weak (?:side|spot)|weakness)\b")
_POSSESSIVE = re.compile(r"(?i)^(?:her|his|their|my)\s+")
_DENIED_BEFORE = re.compile(r"(?i)\b(?:not|no|n't|never)\s+(?:a\s+)?gaps?\b")
_THREAT = re.compile(
    r"(?i)\b(?P<tool>(?:[a-z-]+\s+)?[a-z-]+\s+(?:app|system|tool|software|bot|chatbot|kiosks?|robots?|scanners?|"
    r"platform|portal)|(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)|the (?:new |automatic |auto-?)?[a-z-]+(?:\s+[a-z-]+)?|"
    r"automated [a-z-]+|ai|robots?|software|a chatbot|an app)\s+(?:already\s+|now\s+)?(?:writes|drafts|does|matches|"
    r"auto-matches|answers|handles|takes over|types|books|scans|replaces|is replacing|will replace|is doing|do|builds|"
    r"creates|produces|sends|checks|plans|schedules|sorts|counts|routes|processes|picks|prices|quotes)\s+"
    r"(?:her|his|their|the|all|most|much)\b"
    r"|\b(?:automating|automate|replacing|automated away|cutting)\s+(?:her|his|their)\s+(?:job|role|post|work)\b"
    r"|\bbringing in (?P<brought>automated [a-z-]+|an? (?:ai|chatbot|robot)[a-z -]{0,20})")
_ASIDE = re.compile(r"\s*\([^()]*(?:\)|$)")
"""A bracket in a gap ("weak written Dutch (blocks the customs office)"): the reason, not the gap."""
MAX_GAP_WORDS = 16
_GAPS_ADDED = re.compile(r"(?i)\bgaps?\b[^.!?]{0,40}?\badd\b\s*:?\s*(?P<what>\(?1\)[^!?]{3,400}?)(?=\.\s+[A-Z]|$)")
"""Gaps said missing, then added as a numbered list ("Gaps is empty, which is wrong: add (1) ..., (2) ...")."""
_QUOTED_GAP = re.compile(r"[\"“]([^\"”]{3,160})[\"”]")
_NUMBERED = re.compile(r"\s*\(?\b\d\)\s*")
LEVELS: tuple[Exposure, ...] = ("low", "medium", "high")

def gaps_named(feedback: str) -> list[str]:
    """The gaps a coach's feedback names, as short phrases."""
    found: list[str] = []
    for match in [*_GAP_LISTED.finditer(feedback), *_GAP_NAMED.finditer(feedback), *_GAPS_ADDED.finditer(feedback)]:
        if _DENIED_BEFORE.search(feedback[max(0, match.start() - 14):match.start() + 8]):
            continue  # '"customer trust" and "ai tools" are not gaps: he deals with customers': none is a gap
        what = match.group("what")
        if feedback[match.end():match.end() + 1].isalnum():
            what = what.rsplit(" ", 1)[0]  # cut at its length inside a word: the word is not half kept
        quoted = _QUOTED_GAP.findall(what)
        one = match.re is _GAP_LISTED and match.group("many").lower() == "gap"  # "add gap: never used X, Y or Z"
        pieces = quoted or (_NUMBERED.split(what) if _NUMBERED.search(what) else [what] if one else re.split(
            r",|;|\band\b", _ASIDE.sub("", what)))  # "(1) ..., (2) ...": a gap each; quoted: each as written
        for piece in pieces:
            said = _POSSESSIVE.sub("", plain_phrase(piece if quoted else _ASIDE.sub("", piece)).strip(" .:'\"()"))
            empty = re.match(r"(?i)(?:empty|missing|none)\b", said)
            if said and 1 <= len(said.split()) <= MAX_GAP_WORDS and not empty \
                    and not rule("assessment_feedback.not_an_item").search(said):
                found.append(said)
    return list(dict.fromkeys(found))


def threat_named(feedback: str) -> str | None:
    """The tool a coach says already does part of the person's work, by its short name ("Copilot"), if any."""
    for match in _THREAT.finditer(feedback):
        opening = re.split(r"[.!?;:]\s", feedback[:match.start()])[-1]
        if rule("assessment_feedback.claim_denied").search(opening):
            continue  # "remove the claim that AI drafts his tickets": a claim taken back, not made
        tool = (match.group("tool") or match.group("brought") or "").strip()
        if re.fullmatch(r"(?i)(?:she|he|they|it|this|that|the plan|the assessment|the exposure|the role)", tool):
            continue
        return tool or "automation of the job itself"
    return None


_STOP = frozenset(stems(["the", "a", "an", "of", "and", "or", "most", "all", "much", "part", "her", "his", "their",
                         "with", "to", "in", "on", "for", "simple", "first", "basic", "work", "job", "now"]))
SAID_BY_COACH = "Your coach tells me"
HUMAN_KINDS = {
    "hands-on": re.compile(r"(?i)\bhands[- ]on\b|\bmanual\b|\bphysical\b|\bpractical\b"),
    "face to face with people": re.compile(r"(?i)facing\b|\bface[- ]to[- ]face\b|\bwith (?:the )?(?:customers|clients|"
                                           r"patients|people|public|residents|pupils|children|families)\b"),
    "not automated": re.compile(r"(?i)\bautomat|\bno (?:ai|tool|robot|machine|software|app|chatbot|bot|computer)\b"),
}
THEIR_TASK = " (your '{task}')"


def _theirs(task: str, profile: Profile) -> str | None:
    """The person's own task the coach's words name ("the picking" of "picking orders with a scanner"), by a shared
    word; None when none of theirs does."""
    said = {s for s in stems(tokens(task)) if s not in _STOP and len(s) > 2}
    for own in profile.main_tasks:
        if said & set(stems(tokens(own))) and (short := short_task(own)) is not None:
            return short
    return None


def _tool(tool: str | None) -> str:
    if not tool:
        return "a tool"
    return re.sub(r"(?i)^(?:their|her|his|our|its|this|that|some)\s+", "the ", tool.strip())[:50]


def _exposure_reasons(read: AssessmentFeedback, threat: str | None, profile: Profile
                      ) -> dict[str, tuple[int | None, str]]:
    """Per dynamic: how the feedback moves its level (None: to high; a number: that many steps) and the reason, said
    in the coach's terms of the person's own work."""
    out: dict[str, tuple[int | None, str]] = {}
    cheaper: list[str] = []
    to_high = False
    steps = 0
    for item in read.automated[:3]:
        item = replace(item, task=re.sub(r"(?i)^(?:her|his|their)\b", "your", item.task))  # "her work", said to
        own = _theirs(item.task, profile)  # the person, is "your work"
        where = THEIR_TASK.format(task=own) if own and own.lower() not in item.task.lower() else ""
        if item.already:
            cheaper.append(f"{_tool(item.tool)} already takes on {item.task}{where}")
            to_high = True
        else:
            cheaper.append(f"{_tool(item.tool)} is set to take on {item.task}{where}")
            steps = max(steps, 1)
    if not read.automated and threat is not None:
        cheaper.append(f"part of your own work is already going to a tool ({threat[:40]})")
        to_high = True
    if read.part_gone and not read.automated:
        cheaper.append("a part of your work has already gone to a tool")
        to_high = True
    if read.team_shrank:
        cheaper.append("your team has shrunk, so fewer people are doing the work")
        steps = max(steps, 1)
    if cheaper:
        said = f"{SAID_BY_COACH} {'; '.join(cheaper)}. Cheaper execution is reaching your own tasks now, not in " \
               "some years."
        if read.human:
            said += f" What is {_human(read.human)} in your work stays with you."
        out["cheaper-execution"] = (None if to_high else steps, said)
    elif read.human or read.too_high:
        why = f"your work is {_human(read.human)}, which no tool does for you" if read.human else \
            "this exposure was put too high for your work"
        out["cheaper-execution"] = (-1, f"{SAID_BY_COACH} {why}, so this weighs less on you.")
    elif read.too_low:
        out["cheaper-execution"] = (1, f"{SAID_BY_COACH} this exposure was put too low for your work.")
    if read.checks_output:
        tool = next((_tool(i.tool) for i in read.automated if i.tool), "the tool")
        out["quality-security"] = (1, f"{SAID_BY_COACH} you now check what {tool} produces: catching its mistakes "
                                      "before they reach anyone is where this dynamic meets your work.")
    return out


def _human(said: tuple[str, ...]) -> str:
    """How the coach says the work stays human, by kind: hands-on, face to face, not automated."""
    kinds = [kind for kind, found in HUMAN_KINDS.items() if any(found.search(c) for c in said)]
    return _and(kinds or ["not automated"])


def _matches(item: str, named: str) -> bool:
    """Whether an assessment's item (a strength, a gap) is the one the coach names, by its words."""
    said = {s for s in stems(tokens(named)) if s not in _STOP}
    have = set(stems(tokens(item.split(":")[0].split("(")[0])))
    return bool(said) and len(said & have) * 2 >= len(said)


def coached(assessment: Assessment, feedback: str | None, profile: Profile | None = None) -> Assessment:
    """The assessment with what the coach said of the person's work applied (`reading.assessment_feedback`): the
    exposure a tool taking on their tasks, a shrinking team, hands-on work or their checking of a tool's output moves,
    with the reason said; the strengths and gaps the coach named added, those they took out removed."""
    if not feedback:
        return assessment
    person = profile or Profile()
    read = read_feedback(feedback)
    update: dict[str, object] = {}
    gaps = [g for g in assessment.gaps if not any(_matches(g, out) for out in read.gaps_out)]
    if new := [g for g in gaps_named(feedback) if g.lower() not in {x.lower() for x in gaps}]:
        gaps = [*gaps, *new][-8:]
    if gaps != assessment.gaps:
        update["gaps"] = gaps
    gone = [*read.strengths_out, *(i.task for i in read.automated if i.already)]  # work a tool now does is no
    strengths = [s for s in assessment.durable_strengths if not any(_matches(s, out) for out in gone)]  # strength
    strengths += [f"{s} (your coach named it)" for s in read.strengths
                  if not any(_matches(x, s) for x in strengths)]
    if strengths != assessment.durable_strengths:
        update["durable_strengths"] = strengths[-8:]
    reasons = _exposure_reasons(read, threat_named(feedback), person)
    exposure = [_moved(e, *reasons[e.dynamic]) if e.dynamic in reasons else e for e in assessment.exposure]
    if read.not_routine:  # "remove the claim that AI drafts his tickets": the claim goes, the level stays
        exposure = [without_drafting_claim(e) for e in exposure]
    if exposure != assessment.exposure:
        update["exposure"] = exposure
    return assessment.model_copy(update=update) if update else assessment


DRAFTING_CLAIM = re.compile(r"\s*Of what you named, [^.]* the kind of routine work AI now drafts quickly\.")
"""The sentence of an exposure that says which of the person's tasks AI now drafts (see `assessing._in_your_work`)."""


def without_drafting_claim(exposure: ExposureAssessment) -> ExposureAssessment:
    """The exposure without its claim that AI drafts the person's tasks, once their coach has taken it back."""
    said = DRAFTING_CLAIM.sub("", exposure.rationale)
    return exposure if said == exposure.rationale else exposure.model_copy(update={"rationale": said})


def _moved(exposure: ExposureAssessment, steps: int | None, reason: str) -> ExposureAssessment:
    """The exposure moved (None: to high) with the coach's reason said first after what the dynamic is."""
    now = LEVELS[-1] if steps is None else LEVELS[max(0, min(len(LEVELS) - 1, LEVELS.index(exposure.level) + steps))]
    level = f"I put it at {now} (it was {exposure.level})." if now != exposure.level else f"It stays {now}."
    first = exposure.rationale.split(". ")[0].rstrip(".")
    return exposure.model_copy(update={"level": now, "rationale": clipped(f"{first}. {reason} {level}", 1200)})


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
