"""Personal data in the person's words: found, and removed before anything they said is quoted back.

E-mail addresses, phone numbers, keys, tokens and passwords never reach an assessment or a plan. The patterns
are the tracer's redaction (`observability.redaction`), plus long random-looking tokens a person might paste.
"""

from __future__ import annotations

import re

from observability.redaction import ACCOUNT, EMAIL, PHONE, SECRET, redact

PLACEHOLDERS = (EMAIL, PHONE, SECRET, ACCOUNT)
# A pasted key or token: one run of 20+ letters, digits, '-' or '_' holding both letters and digits.
_TOKEN = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9_-]{20,}(?![\w-])")
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))
# Words that only introduced the removed value: "email me at", "my number is", "key:".
_LEAD_IN = re.compile(
    r"(?:\b(?:or|and)\s+)?\b(?:(?:you can )?(?:e-?mail|call|text|reach|contact|message|ping|phone)(?: me)?"
    r"(?: at| on)?|my (?:e-?mail|phone|number|mobile|cell|api key|key|token|password|account|iban|card)"
    r"(?: number)?(?: is| are)?:?|"
    r"(?:e-?mail|phone|tel|mobile|cell|api key|key|token|password)\s*(?:[:=]|is)?)\s*$",
    re.IGNORECASE,
)


# A name the person introduces themselves with: "I'm Sam, a senior accountant", "my name is Ana Ruiz.". Title words
# are not names ("I'm Head of Data, ...").
_NOT_NAMES = r"(?!(?:Senior|Junior|Lead|Head|Chief|Principal|Staff|Director|Manager|Employed|Unemployed|Freelance)\b)"
_NAME = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
_NAME_INTRO = re.compile(r"\b(?P<lead>(?i:i'?m|i am|this is))\s+" + _NOT_NAMES + _NAME + r"\s*,\s*|"
                         r"\b(?i:my name(?:'s| is))\s+" + _NAME + r"\s*[,.;]?\s*")


def _without_names(text: str) -> str:
    def keep_lead(match: re.Match[str]) -> str:
        return f"{match.group('lead')} " if match.group("lead") else ""
    return _NAME_INTRO.sub(keep_lead, text)


def marked(text: str) -> str:
    """`text` with personal data replaced by placeholders ([email], [phone], [secret])."""
    return _TOKEN.sub(SECRET, redact(text))


def has_personal_data(text: str) -> bool:
    return _PLACEHOLDER.search(marked(text)) is not None


def strip_personal(text: str) -> str:
    """`text` without personal data or the words that introduced it; tidied. May come back empty."""
    pieces = _PLACEHOLDER.split(marked(_without_names(text)))
    kept = [_LEAD_IN.sub("", piece) if i < len(pieces) - 1 else piece for i, piece in enumerate(pieces)]
    joined = " ".join(part.strip() for part in kept if part.strip())
    joined = re.sub(r"\(\s*\)|\[\s*\]", "", joined)
    joined = re.sub(r"\s+([,.;:!?])", r"\1", joined)
    joined = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", joined)
    return joined.strip(" ,;:-")
