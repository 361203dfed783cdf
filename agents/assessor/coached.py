"""What a coach's feedback on an assessment says beyond the role, applied to the redone assessment: the gaps it names
("her written English is a stated gap", "gaps: no UK bookkeeping qualification"), and the person's own work said to
be going to a tool already ("Copilot already writes her thank-you letters", "they are automating his job"), which is
the cheaper-execution shift at its sharpest for them. What changed is said by `revision.changes`, from the two
versions; nothing here claims anything itself.
"""

from __future__ import annotations

import re

from domain.assessment import Assessment
from reading.signals import plain_phrase

_GAP_LISTED = re.compile(
    r"(?i)\bgaps?(?:\s+list)?\b\s*(?:should\s+(?:include|be|say)|include|includes|are|is|:|-)\s*(?!\s*(?:empty\b|missing\b|blank\b|wrong\b|"
    r"generic\b|not\b|none\b|cut\b|truncated\b|garbled\b|unfinished\b|still\b|now\b|fine\b|ok\b|good\b|better\b|"
    r"repeated\b|a fragment\b|half\b|mid-?word\b))(?P<what>[^.;!?]{3,120})")
_GAP_NAMED = re.compile(
    r"(?i)(?:^|(?<=[.!?])\s+|[,:;]\s*|\band\s+)(?P<what>[a-z][\w' /-]{2,60}?)\s+(?:is|are)\s+(?:also\s+)?"
    r"(?:a|an|her|his|their|the)\s+(?:stated\s+|real\s+|big\s+|main\s+|clear\s+|obvious\s+)?"
    r"(?:gap|weak (?:side|spot)|weakness)\b")
_POSSESSIVE = re.compile(r"(?i)^(?:her|his|their|my)\s+")
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
MAX_GAP_WORDS = 10
THREAT_RATIONALE = ("Your coach notes that part of your own work is already going to a tool ({tool}): cheaper "
                    "execution is reaching your tasks now, not in some years.")


def gaps_named(feedback: str) -> list[str]:
    """The gaps a coach's feedback names, as short phrases."""
    found: list[str] = []
    for match in [*_GAP_LISTED.finditer(feedback), *_GAP_NAMED.finditer(feedback)]:
        what = match.group("what")
        if feedback[match.end():match.end() + 1].isalnum():
            what = what.rsplit(" ", 1)[0]  # cut at its length inside a word: the word is not half kept
        for piece in re.split(r",|;|\band\b", _ASIDE.sub("", what)):
            said = _POSSESSIVE.sub("", plain_phrase(piece).strip(" .:'\"()"))
            if said and 1 <= len(said.split()) <= MAX_GAP_WORDS and not re.match(r"(?i)(?:empty|missing|none)\b", said):
                found.append(said)
    return list(dict.fromkeys(found))


def threat_named(feedback: str) -> str | None:
    """The tool a coach says already does part of the person's work, by its short name ("Copilot"), if any."""
    for match in _THREAT.finditer(feedback):
        tool = (match.group("tool") or match.group("brought") or "").strip()
        if re.fullmatch(r"(?i)(?:she|he|they|it|this|that|the plan|the assessment|the exposure|the role)", tool):
            continue
        return tool or "automation of the job itself"
    return None


def coached(assessment: Assessment, feedback: str | None) -> Assessment:
    """The assessment with the gaps the coach named added, and exposure to cheaper execution raised to high where
    the coach says a tool already does part of the person's work."""
    if not feedback:
        return assessment
    update: dict[str, object] = {}
    if new := [g for g in gaps_named(feedback) if g.lower() not in {x.lower() for x in assessment.gaps}]:
        update["gaps"] = [*assessment.gaps, *new][-8:]
    if (tool := threat_named(feedback)) is not None:
        exposure = [e.model_copy(update={"level": "high", "rationale": THREAT_RATIONALE.format(tool=tool[:40])})
                    if e.dynamic == "cheaper-execution" and e.level != "high" else e for e in assessment.exposure]
        if exposure != assessment.exposure:
            update["exposure"] = exposure
    return assessment.model_copy(update=update) if update else assessment
