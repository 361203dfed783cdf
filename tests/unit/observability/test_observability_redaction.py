"""Redaction of personal data and secrets, truncation, and the exporter backstop."""

from __future__ import annotations

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Link, Status, StatusCode

from observability.redaction import RedactingSpanExporter, redact, truncate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to canary.person@example.org today", "write to [email] today"),
        ("a.b+tag@mail.example.co.uk", "[email]"),
        ("call +44 20 7946 0958 please", "call [phone] please"),
        ("call +1 415 555 0199", "call [phone]"),
        ("+442079460958", "[phone]"),
        ("(555) 123-4567", "[phone]"),
        ("555-123-4567", "[phone]"),
        ("555.123.4567", "[phone]"),
        ("1-800-555-0199", "[phone]"),
        ("020 7946 0958", "[phone]"),
        ("key sk-proj-abcdefghijklmnop1234", "key [secret]"),
        ("AKIAIOSFODNN7EXAMPLE", "[secret]"),
        ("ghp_abcdefghijklmnopqrstuvwxyz0123456789", "[secret]"),
        ("Authorization: Bearer abc.def.ghi123", "Authorization: [secret]"),
        ("use Bearer eyJhbGciOiJIUzI1NiJ9 now", "use Bearer [secret] now"),
        ("api_key=abc123&x=1", "api_key=[secret]&x=1"),
        ('{"client_secret": "s3cr3t", "password": "hunter2"}', '{"client_secret": "[secret]", "password": "[secret]"}'),
        ("OPENAI_API_KEY=sk-abcdefghijklmnopqrstuv", "OPENAI_API_KEY=[secret]"),
        ("postgresql://coach:pa55word@db.internal:5432/app", "postgresql://[secret]@db.internal:5432/app"),
        ("https://x.io/cb?code=1&token=abcd&x=2", "https://x.io/cb?code=1&token=[secret]&x=2"),
        ("https://x.io/?key=zzz&secret=yyy", "https://x.io/?key=[secret]&secret=[secret]"),
        ("my IBAN is GB82 WEST 1234 5698 7654 32.", "my IBAN is [account]."),
        ("DE89370400440532013000", "[account]"),
        ("card 4111 1111 1111 1111 expires", "card [account] expires"),
        ("4111-1111-1111-1111", "[account]"),
        ("SSN 123-45-6789", "SSN [account]"),
    ],
)
def test_redacts(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I earned $120,000 (40%) over 3 years, 10 hours/week.",
        "Started on 2024-05-01, model gpt-4o-2024-08-06, version 1.2.3, host 192.168.1.10.",
        "The bearer of responsibility; basic understanding of tokens: token counting.",
        "total_tokens=15 and pi is 3.14159265358979",
        "task-abcdefghijklmnopqrstuvwxyz is a task id",
        "the survive stage, the adapt stage, the lead stage",
        "2019-2023 at ACME, ISO 27001 and SOC 2, Q3 2024 and FY2025 targets, AB12 CDEF as a code",
        "order 1234567890123 and invoice 4111 1111 1111 1112",
    ],
)
def test_leaves_ordinary_text_alone(text: str) -> None:
    assert redact(text) == text


def test_redaction_is_idempotent() -> None:
    text = "mail a@b.io, call (555) 123-4567, key sk-abcdefghijklmnopqrstuv, https://u:p@h.io/?token=x"
    once = redact(text)
    assert redact(once) == once
    assert once == "mail [email], call [phone], key [secret], https://[secret]@h.io/?token=[secret]"


def test_truncate() -> None:
    assert truncate("short", 10) == "short"
    cut = truncate("x" * 50, 20)
    assert len(cut) == 20
    assert cut.endswith("…[truncated]")
    assert truncate("abcdef", 3) == "abc"
    assert truncate("abc", 0) == ""


def test_exporter_backstop_redacts_everything_it_forwards() -> None:
    inner = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(RedactingSpanExporter(inner)))
    tracer = provider.get_tracer("test")
    other = tracer.start_span("other")
    other.end()
    span = tracer.start_span(
        "chat for someone@example.org",
        attributes={"input.value": "me@example.org", "list": ("+1 415 555 0199", "ok"), "count": 3},
        links=[Link(other.get_span_context(), {"note": "from x@y.io"})],
    )
    span.add_event("note", {"text": "key sk-abcdefghijklmnopqrstuv"})
    span.set_status(Status(StatusCode.ERROR, "failed for me@example.org"))
    span.end()

    exported = inner.get_finished_spans()[-1]
    assert exported.name == "chat for [email]"
    assert dict(exported.attributes or {}) == {"input.value": "[email]", "list": ("[phone]", "ok"), "count": 3}
    assert dict(exported.events[0].attributes or {}) == {"text": "key [secret]"}
    assert dict(exported.links[0].attributes or {}) == {"note": "from [email]"}
    assert exported.status.status_code is StatusCode.ERROR
    assert exported.status.description == "failed for [email]"
    assert exported.context == span.get_span_context()
    assert exported.resource == provider.resource
