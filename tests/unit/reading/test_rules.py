"""Every reading rule against its own examples: the texts it must match and those it must not."""

from __future__ import annotations

import pytest

from knowledge.loader import shipped_reading_rules
from reading.rules import recording, rule

CASES = [(r.name, text, True) for r in shipped_reading_rules() for text in r.match] + [
    (r.name, text, False) for r in shipped_reading_rules() for text in r.no_match]


@pytest.mark.parametrize(("name", "text", "matches"), CASES, ids=[f"{n}:{t[:30]}" for n, t, _ in CASES])
def test_rule_examples(name: str, text: str, matches: bool) -> None:
    assert (rule(name).search(text) is not None) is matches


def test_a_fired_rule_is_recorded_once_by_name() -> None:
    with recording() as fired:
        rule("time.ruled_out").search("not evenings")
        rule("time.ruled_out").search("no weekends")
        rule("signal.done").search("I'm a nurse")
    assert fired == ["time.ruled_out"]


def test_an_unknown_rule_names_the_data_file() -> None:
    with pytest.raises(KeyError, match=r"reading\.yaml"):
        rule("no.such_rule")
