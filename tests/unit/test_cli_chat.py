"""`coach chat --script FILE --json`: a whole offline session from a YAML script."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from coach.cli import app
from evals.personas import PERSONAS

runner = CliRunner()


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "data"))


def test_scripted_session_prints_the_final_state_as_json(tmp_path: Path) -> None:
    script = PERSONAS["customer_success"][2].model_dump()
    script["decisions"] = [{"action": "approve"}, {"action": "reject", "feedback": "Less time please"},
                           {"action": "approve"}]
    path = tmp_path / "session.yaml"
    path.write_text(yaml.safe_dump(script))
    result = runner.invoke(app, ["chat", "--script", str(path), "--json"])
    assert result.exit_code == 0, result.output
    final = json.loads(result.stdout)
    assert final["phase"] == "completed"
    assert final["profile"]["matched_role"] == "role.customer-success"
    assert [d["action"] for d in final["decisions"]] == ["approve", "reject", "approve"]
    assert [s["stage"] for s in final["plan"]["stages"]] == ["survive", "adapt", "lead"]
    assert any("lighter" in n for n in final["plan"]["revision_notes"])


def test_scripted_session_renders_the_plan_as_markdown(tmp_path: Path) -> None:
    path = tmp_path / "session.yaml"
    path.write_text(yaml.safe_dump(PERSONAS["illustrator"][2].model_dump()))
    result = runner.invoke(app, ["chat", "--script", str(path)])
    assert result.exit_code == 0, result.output
    assert "Survive" in result.stdout and "Sources" in result.stdout


def test_a_broken_script_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("answers: [not, a, mapping]\n")
    result = runner.invoke(app, ["chat", "--script", str(path)])
    assert result.exit_code == 2 and "Cannot use the script" in result.output


def test_interactive_session_reads_answers_and_decisions_from_the_terminal() -> None:
    answers = ["Senior product manager", "employed", "Writing specs, roadmap prioritisation, stakeholder alignment",
               "Ship AI features with quality", "Being replaced", "none", "6", "done"]
    decisions = ["approve", "reject", "less time please", "approve"]
    result = runner.invoke(app, ["chat"], input="\n".join(answers + decisions) + "\n")
    assert result.exit_code == 0, result.output
    assert "What do you do for work?" in result.stdout
    assert "Assessment" in result.stdout and "Your career plan" in result.stdout
    assert result.stdout.count("approve, edit or reject?") == 3
