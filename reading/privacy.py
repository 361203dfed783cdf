"""Personal data in the person's words: found, and removed before anything they said is quoted back.

E-mail addresses, phone numbers, street addresses, identity and account numbers (IBANs, card, social security and
national insurance numbers, passports), keys, tokens and passwords never reach an assessment or a plan. The patterns
are the tracer's redaction (`observability.redaction`), plus those numbers and addresses, and long random-looking
tokens a person might paste. Years ("2019-2023"), amounts ("$85,000", "120k"), hours and dates are not personal
data and stay.
"""

from __future__ import annotations

import re
from functools import lru_cache

from observability.redaction import ACCOUNT, EMAIL, PHONE, SECRET, redact

ADDRESS = "[address]"
ID_NUMBER = "[id]"
PLACEHOLDERS = (EMAIL, PHONE, SECRET, ACCOUNT, ADDRESS, ID_NUMBER)
_STREET = (r"(?:street|st|road|rd|avenue|ave|lane|ln|boulevard|blvd|dr|ct|pl|crescent|sq|parkway|pkwy|highway|hwy|"
           r"mews)")
# Street words that are also common English ("1 shared place", "2 long walks"): only after a capitalised name.
_COMMON_STREET = r"(?:drive|court|place|way|terrace|close|square|row|gardens|grove|hill|walk)"
# Identity and account numbers: IBANs, US social security, UK national insurance, passport-like ids, and any run of
# nine or more digits (card and account numbers), which no year range, amount or hour count reaches.
_ID_NUMBERS = (
    re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?\b"),
    re.compile(r"\b\d{3}-\d{2}-\d{4}\b"),
    re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"),
    re.compile(r"\b[A-Z]{1,2}\d{6,9}\b"),
    re.compile(r"(?<![\w.,$€£¥#+(])\d(?:[ .-]?\d){8,}(?![\w%$€£])"),
)
_ADDRESSES = (
    re.compile(r"(?i)\b\d{1,5}[a-z]?(?:(?:[ ,]+[A-Za-z][A-Za-z'.-]*){1,4}[ ,]+" + _STREET + r"|(?:[ ,]+[A-Za-z]"
               r"[A-Za-z'.-]*){0,3}[ ,]+(?-i:[A-Z])[A-Za-z'.-]*[ ,]+" + _COMMON_STREET + r")\b\.?"
               r"(?:,?\s*(?:apt|apartment|unit|suite|flat|floor)\.?\s*#?\w+)?"),
    re.compile(r"(?i)\b(?:apt|apartment|suite|flat)\.?\s*#?\d+\w*\b"),
    re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+(?:straße|strasse|weg|gasse|platz|allee|laan|gracht|straat|vej|gatan)\s+\d{1,4}[a-z]?\b"),
    re.compile(r"(?i)\b(?:rue|avenue|boulevard|via|calle|avenida|rua|piazza|plaza)\s+(?:de\s+|del\s+|della\s+|des\s+|du\s+|"
               r"la\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?,?\s+\d{1,4}\b|\b\d{1,4},?\s+(?:rue|via|calle|avenida|rua)\s+"
               r"(?:de\s+|del\s+|della\s+|des\s+|du\s+|la\s+)?[A-Z][\w'-]+"),
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"),
    re.compile(r"\b(?:[A-Z]{2}|[A-Z][a-z]+),? \d{5}(?:-\d{4})?\b(?=\s*(?:$|[,.;)]|USA|US\b))"),
)
# A pasted key or token: one run of 20+ letters, digits, '-' or '_' holding both letters and digits.
_TOKEN = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9_-]{20,}(?![\w-])")
_PLACEHOLDER = re.compile("|".join(re.escape(p) for p in PLACEHOLDERS))
# Words that only introduced the removed value: "email me at", "my number is", "key:".
_LEAD_IN = re.compile(
    r"(?:\b(?:or|and)\s+)?\b(?:(?:you can )?(?:e-?mail|call|text|reach|contact|message|ping|phone)(?: me)?"
    r"(?: at| on)?|my (?:e-?mail|phone|number|mobile|cell|api key|key|token|password)(?: is| are)?:?|"
    r"(?:e-?mail|phone|tel|mobile|cell|api key|key|token|password)\s*(?:[:=]|is)?|"
    r"(?:i live at|i'?m at|(?:my )?(?:home |postal |street |mailing )?address(?: is)?|(?:my )?(?:ssn|social security "
    r"(?:number|no)|national insurance(?: number| no)?|ni number|iban|account(?: number| no)?|passport(?: number| no)?|"
    r"id(?: number| no)?|card(?: number| no)?|sort code)(?: is)?)\s*[:#=]?)\s*$",
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
    """`text` with personal data replaced by placeholders ([email], [phone], [secret], [address], [id])."""
    for pattern in _ID_NUMBERS[:4]:
        text = pattern.sub(ID_NUMBER, text)
    text = _ID_NUMBERS[4].sub(ID_NUMBER, redact(text))
    for pattern in _ADDRESSES:
        text = pattern.sub(ADDRESS, text)
    return _TOKEN.sub(SECRET, text)


@lru_cache(maxsize=8192)  # drafts repeat the catalog's sentences across plans
def has_personal_data(text: str) -> bool:
    return _PLACEHOLDER.search(marked(text)) is not None


def strip_personal(text: str) -> str:
    """`text` without personal data or the words that introduced it; tidied. May come back empty."""
    pieces = _PLACEHOLDER.split(marked(_without_names(text)))
    kept = [_LEAD_IN.sub("", piece) if i < len(pieces) - 1 else piece for i, piece in enumerate(pieces)]
    joined = " ".join(part.strip() for part in kept if part.strip())
    joined = re.sub(r"\([\s,;:.-]*\)|\[[\s,;:.-]*\]", "", joined)
    joined = re.sub(r"\s+([,.;:!?])", r"\1", joined)
    joined = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", joined)
    return joined.strip(" ,;:-")
