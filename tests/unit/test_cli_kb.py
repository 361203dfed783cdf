"""`coach kb`: the CLI contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coach.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))


def test_search_json_contract() -> None:
    result = runner.invoke(app, ["kb", "search", "vector database retrieval engineers", "--k", "3", "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert 1 <= len(hits) <= 3
    assert set(hits[0]) == {"id", "source_id", "title", "locator", "text", "score"}


def test_search_table_and_filters() -> None:
    result = runner.invoke(app, ["kb", "search", "salary", "--kind", "figure"])
    assert result.exit_code == 0 and "fig." in result.stdout
    bad = runner.invoke(app, ["kb", "search", "salary", "--kind", "nonsense"])
    assert bad.exit_code != 0


def test_show_known_and_unknown_ids() -> None:
    shown = runner.invoke(app, ["kb", "show", "role.qa-ai-quality"])
    assert shown.exit_code == 0 and "QA" in shown.stdout
    missing = runner.invoke(app, ["kb", "show", "no.such.id"])
    assert missing.exit_code == 1 and "no.such.id" in missing.output


def test_add_then_search_then_refuse_binary(tmp_path: Path) -> None:
    doc = tmp_path / "notes.md"
    doc.write_text("# Plan\n\nLearn retrieval evaluation with the quokka benchmark.\n")
    added = runner.invoke(app, ["kb", "add", str(doc)])
    assert added.exit_code == 0, added.output
    found = runner.invoke(app, ["kb", "search", "quokka", "--json"])
    assert json.loads(found.stdout)[0]["id"] == "u.notes.1"
    binary = tmp_path / "img.png"
    binary.write_bytes(b"\x89PNG\x00\x00")
    refused = runner.invoke(app, ["kb", "add", str(binary)])
    assert refused.exit_code == 2 and "binary" in refused.output
