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


def test_add_refuses_links_and_taken_ids_then_list_replace_remove(tmp_path: Path) -> None:
    (tmp_path / "My Notes.md").write_text("Quokka migration diary.\n")
    (tmp_path / "my-notes.txt").write_text("Wombat feeding schedule.\n")
    (tmp_path / "link.md").symlink_to(tmp_path / "My Notes.md")
    linked = runner.invoke(app, ["kb", "add", str(tmp_path / "link.md")])
    assert linked.exit_code == 2 and "symbolic link" in linked.output
    assert runner.invoke(app, ["kb", "add", str(tmp_path / "My Notes.md")]).exit_code == 0
    taken = runner.invoke(app, ["kb", "add", str(tmp_path / "my-notes.txt")])
    assert taken.exit_code == 2 and "already taken" in taken.output
    assert json.loads(runner.invoke(app, ["kb", "search", "wombat", "--json"]).stdout) == []
    replaced = runner.invoke(app, ["kb", "add", str(tmp_path / "my-notes.txt"), "--replace"])
    assert replaced.exit_code == 0, replaced.output
    assert json.loads(runner.invoke(app, ["kb", "search", "wombat", "--json"]).stdout)[0]["id"] == "u.my-notes.1"
    assert runner.invoke(app, ["kb", "add", str(tmp_path / "My Notes.md"), "--id", "diary"]).exit_code == 0
    listed = runner.invoke(app, ["kb", "list"])
    assert listed.exit_code == 0 and "diary" in listed.stdout and "my-notes" in listed.stdout
    assert runner.invoke(app, ["kb", "remove", "diary"]).exit_code == 0
    missing = runner.invoke(app, ["kb", "remove", "diary"])
    assert missing.exit_code == 1 and "diary" in missing.output
    assert json.loads(runner.invoke(app, ["kb", "search", "quokka", "--json"]).stdout) == []
