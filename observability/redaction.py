"""Redaction of personal data and secrets before text reaches a span, plus an exporter backstop.

The callback handler redacts content as it sets it; ``RedactingSpanExporter`` redacts every string
again on the way out, so a span written by code that forgot to redact still leaves clean.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from opentelemetry.sdk.trace import Event, ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.trace import Link, Status
from opentelemetry.util.types import Attributes, AttributeValue

EMAIL: Final = "[email]"
PHONE: Final = "[phone]"
SECRET: Final = "[secret]"
ACCOUNT: Final = "[account]"
TRUNCATION_MARK: Final = "…[truncated]"

_SECRET_NAMES = (
    r"api[_-]?key|apikey|x-api-key|secret(?:[_-]?key)?|client[_-]?secret|access[_-]?key(?:[_-]?id)?"
    r"|secret[_-]?access[_-]?key|access[_-]?token|refresh[_-]?token|auth[_-]?token|id[_-]?token|token"
    r"|password|passwd|pwd|private[_-]?key"
)
_QUERY_NAMES = r"token|access_token|api[_-]?key|apikey|key|secret|client_secret|password|pwd|sig|signature|auth"

# Order matters: URL credentials before e-mail (user:pass@host looks like an address), keys
# before phone numbers (long digit runs inside a key are not phone numbers).
_SUBSTITUTIONS: Final[tuple[tuple[re.Pattern[str], str], ...]] = (
    (
        re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)", re.DOTALL),
        SECRET,
    ),
    # scheme://user:password@host -> scheme://[secret]@host
    (re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^\s/?#@:]+:[^\s/?#@]+@"), rf"\1{SECRET}@"),
    # ?token=...&key=... in URLs
    (re.compile(rf"(?i)([?&;](?:{_QUERY_NAMES})=)[^&#\s\"']+"), rf"\1{SECRET}"),
    # Authorization headers; a bare "Bearer x" only when x looks like a credential (has a digit)
    (re.compile(r"(?i)\b(authorization\s*[:=]\s*)[\"']?(?:(?:bearer|basic|token)\s+)?[^\s\"',;]+"), rf"\1{SECRET}"),
    (re.compile(r"(?i)\b(bearer)\s+(?=[A-Za-z._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}"), rf"\1 {SECRET}"),
    # Well-known key shapes
    (re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"), SECRET),
    (re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b"), SECRET),
    (re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"), SECRET),
    (re.compile(r"\bgithub_pat_[A-Za-z0-9_]{30,}\b"), SECRET),
    (re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"), SECRET),
    (re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"), SECRET),
    (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"), SECRET),
    # api_key=..., "password": "...", secret: ...
    (re.compile(rf"(?i)\b((?:{_SECRET_NAMES})[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,;]+"), rf"\1{SECRET}"),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"), EMAIL),
)

# International: +CC then 6-14 more digits in groups. National: (555) 123-4567, 555-123-4567,
# 1-800-555-0199, 020 7946 0958. A date (2024-05-01) or an amount (120,000) matches none of them.
_PHONE_PATTERNS: Final = (
    re.compile(r"(?<![\w+.])\+\d{1,3}(?:[ .\-]?\(?\d{1,5}\)?){2,6}(?!\w)"),
    re.compile(r"(?<![\w+.])(?:1[ .\-]?)?(?:\(\d{3}\)[ .\-]?|\d{3}[ .\-])\d{3}[ .\-]\d{4}(?!\w)"),
    re.compile(r"(?<![\w+.])0\d{2,4}[ .\-]?\d{3,4}[ .\-]?\d{3,4}(?!\w)"),
)


# Account and identity numbers: an IBAN (two letters, two check digits, then 11-30 letters and digits, in groups of
# four or run together), a payment card number (13-19 digits that pass the Luhn check), a US social security number.
_IBAN: Final = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,4})?\b")
_CARD: Final = re.compile(r"(?<![\w+.])\d(?:[ -]?\d){12,18}(?!\w)")
_SSN: Final = re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _replace_iban(match: re.Match[str]) -> str:
    compact = re.sub(r"[ -]", "", match.group(0))
    return ACCOUNT if 15 <= len(compact) <= 34 and sum(ch.isdigit() for ch in compact) >= 8 else match.group(0)


def _replace_card(match: re.Match[str]) -> str:
    digits = re.sub(r"[ -]", "", match.group(0))
    return ACCOUNT if _luhn(digits) else match.group(0)


def _replace_phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return PHONE if 7 <= digits <= 15 else match.group(0)


def redact(text: str) -> str:
    """Replace e-mail addresses, phone numbers, account and identity numbers, keys, tokens and URL credentials
    with placeholders."""
    for pattern, replacement in _SUBSTITUTIONS:
        text = pattern.sub(replacement, text)
    text = _SSN.sub(ACCOUNT, _CARD.sub(_replace_card, _IBAN.sub(_replace_iban, text)))
    for phone in _PHONE_PATTERNS:
        text = phone.sub(_replace_phone, text)
    return text


def truncate(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, marked when cut."""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    if limit <= len(TRUNCATION_MARK):
        return text[:limit]
    return text[: limit - len(TRUNCATION_MARK)] + TRUNCATION_MARK


def redact_value(value: AttributeValue) -> AttributeValue:
    """Redact a string attribute value or each string of a sequence; other values pass unchanged."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, Sequence) and value and all(isinstance(item, str) for item in value):
        return tuple(redact(str(item)) for item in value)
    return value


def redact_attributes(attributes: Attributes) -> dict[str, AttributeValue]:
    """A redacted copy of an attribute mapping (``None`` becomes empty)."""
    if not attributes:
        return {}
    return {key: redact_value(value) for key, value in attributes.items()}


def redacted_span(span: ReadableSpan) -> ReadableSpan:
    """A copy of ``span`` whose name, attributes, events, links and status message are redacted."""
    description = span.status.description
    status = Status(span.status.status_code, redact(description)) if description else span.status
    return ReadableSpan(
        name=redact(span.name),
        context=span.context,
        parent=span.parent,
        resource=span.resource,
        attributes=redact_attributes(span.attributes),
        events=[
            Event(name=event.name, attributes=redact_attributes(event.attributes), timestamp=event.timestamp)
            for event in span.events
        ],
        links=[Link(link.context, redact_attributes(link.attributes)) for link in span.links],
        kind=span.kind,
        status=status,
        start_time=span.start_time,
        end_time=span.end_time,
        instrumentation_scope=span.instrumentation_scope,
    )


class RedactingSpanExporter(SpanExporter):
    """Wraps an exporter and hands it redacted copies of every span."""

    def __init__(self, inner: SpanExporter) -> None:
        self._inner = inner

    @property
    def inner(self) -> SpanExporter:
        return self._inner

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        return self._inner.export([redacted_span(span) for span in spans])

    def shutdown(self) -> None:
        self._inner.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self._inner.force_flush(timeout_millis)
