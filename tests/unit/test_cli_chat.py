"""`coach chat`: whole sessions from a YAML script or the terminal, stored through the session service."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from coach.cli import app
from evals.personas import PERSONAS
from knowledge.base import KnowledgeBase
from settings import load_settings
from tests.apitest.inprocess import running_api

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
    decided = [d["action"] for d in final["decisions"] if d["kind"] != "profile_review"]
    assert decided == ["approve", "reject", "approve"]
    assert final["profile"]["confirmed"] is True
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
    decisions = ["confirm", "approve", "reject", "less time please", "approve"]
    result = runner.invoke(app, ["chat"], input="\n".join(answers + decisions) + "\n")
    assert result.exit_code == 0, result.output
    assert "What do you do for work?" in result.stdout
    assert "Assessment" in result.stdout and "Your career plan" in result.stdout
    assert result.stdout.count("approve, edit or reject?") == 3
    assert "What I understood" in result.stdout


def test_the_person_corrects_what_was_understood_in_words_and_by_field(tmp_path: Path, kb: KnowledgeBase) -> None:
    decisions = ["tell", "I'm not working at the moment, and NOT evenings",  # read as a correction, shown again
                 "correct", "2", "freelance",                                  # "Your situation": a choice
                 "approve", "approve"]
    result = runner.invoke(app, ["chat"], input="\n".join(ANSWERS + decisions) + "\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("What I understood") == 2 and "Times ruled out: evenings" in result.stdout
    view, _ = asyncio.run(_view(tmp_path / "data", kb, _session_id(result.stderr)))
    profile = view["profile"]
    assert profile["confirmed"] and profile["situation"] == "freelance" and profile["times_not"] == ["evenings"]


# Role (the employer is named, so the situation is not asked), tasks, goals, concerns, constraints, hours, then done.
ANSWERS = ["QA engineer at a fintech", "Writing test cases, regression runs by hand, triaging bugs",
           "Move toward testing AI features", "Regression testing being automated", "none", "5", "done"]


def _session_id(output: str) -> str:
    match = re.search(r"Session ([0-9a-f]{32})", output)
    assert match, output
    return match.group(1)


async def _view(data_dir: Path, kb: KnowledgeBase, session_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The session as the API (and so the web UI) sees it, from the same data directory."""
    async with running_api(load_settings(data_dir=data_dir), kb=kb) as api:
        _, coach = await api.user("coach")
        view = (await coach.get(f"/v1/sessions/{session_id}")).json()
        listed = (await coach.get("/v1/sessions")).json()
    return view, listed


def test_a_chat_session_is_stored_where_the_api_and_coach_traces_find_it(tmp_path: Path, kb: KnowledgeBase) -> None:
    script = tmp_path / "session.yaml"
    script.write_text(yaml.safe_dump(PERSONAS["illustrator"][2].model_dump()))
    result = runner.invoke(app, ["chat", "--script", str(script)])
    assert result.exit_code == 0, result.output
    session_id = _session_id(result.stderr)

    view, listed = asyncio.run(_view(tmp_path / "data", kb, session_id))
    assert view["status"] == "completed" and view["plan"] is not None
    assert [item["id"] for item in listed] == [session_id] and listed[0]["owner_name"] == "terminal"
    traced = runner.invoke(app, ["traces", session_id])
    assert traced.exit_code == 0, traced.output
    assert "invoke_workflow coaching" in traced.stdout and "paused" in traced.stdout
    assert (tmp_path / "data" / "admin.key").is_file()  # the first admin still exists for `coach serve`


def test_an_answer_that_does_not_parse_is_asked_again_and_never_approves(tmp_path: Path, kb: KnowledgeBase) -> None:
    decisions = [
        "confirm",                      # what was understood
        "approve",                      # the assessment
        "make it shorter",              # not a choice: asked again, nothing approved
        "edit", "hours", "9.9",         # not an action label: asked again
        "1.1", "lots", "0", "3",        # not a number, out of range: asked again
        "done",
    ]
    result = runner.invoke(app, ["chat"], input="\n".join(ANSWERS + decisions) + "\n")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Please select one of the available options") == 2
    assert "Please enter a number" in result.stdout and "Between 0.5 and 40" in result.stdout
    assert "Not JSON" not in result.output

    view, _ = asyncio.run(_view(tmp_path / "data", kb, _session_id(result.stderr)))
    assert view["status"] == "completed"
    assert view["plan"]["stages"][0]["actions"][0]["hours_per_week"] == 3


def test_field_level_edits_drop_and_reword_actions_and_the_summary(tmp_path: Path, kb: KnowledgeBase) -> None:
    decisions = ["confirm", "approve",
                 "edit", "drop", "3.2", "drop", "3.1", "done",  # the lead stage would keep no action: refused
                 "edit", "title", "2.1", "Ship one AI evaluation in production", "drop", "1.2", "drop", "1.2",
                 "summary", "A shorter plan.", "done",
                 "approve", "y"]  # in case the guards send the edited draft back
    result = runner.invoke(app, ["chat"], input="\n".join(ANSWERS + decisions) + "\n")
    assert result.exit_code == 0, result.output
    assert "Not accepted:" in result.stderr and "stages.2.actions" in result.stderr

    view, _ = asyncio.run(_view(tmp_path / "data", kb, _session_id(result.stderr)))
    plan = view["plan"]
    assert view["status"] == "completed"
    assert plan["summary"] == "A shorter plan."
    assert plan["stages"][1]["actions"][0]["title"] == "Ship one AI evaluation in production"
    assert len(plan["stages"][0]["actions"]) == 2  # dropped, then kept again


def test_a_check_in_from_the_terminal(tmp_path: Path) -> None:
    script = PERSONAS["manual_qa"][2].model_dump()
    path = tmp_path / "session.yaml"
    path.write_text(yaml.safe_dump(script))
    first = runner.invoke(app, ["chat", "--script", str(path), "--json"])
    assert first.exit_code == 0, first.output
    found = re.search(r"Session (\w+)", first.stderr)
    assert found is not None
    checkin = tmp_path / "checkin.yaml"
    checkin.write_text(yaml.safe_dump({
        "answers": {"checkin.action": "done, 2 hours a week", "checkin.changes": "I only have 3 hours a week now"},
        "decisions": [{"action": "approve", "acknowledge": True}]}))
    result = runner.invoke(app, ["chat", "--script", str(checkin), "--json", "--follows", found.group(1)])
    assert result.exit_code == 0, result.output
    final = json.loads(result.stdout)
    assert final["phase"] == "completed" and final["follows"] == found.group(1)
    done = {a["action"]["title"] for a in final["checkin"]["record"]["actions"]}
    assert done and not done & {a["title"] for s in final["plan"]["stages"] for a in s["actions"]}
    assert all(sum(a["hours_per_week"] for a in s["actions"]) <= 3 for s in final["plan"]["stages"])
    refused = runner.invoke(app, ["chat", "--script", str(checkin), "--follows", "0123abcd"])
    assert refused.exit_code == 2 and "Cannot check in" in refused.stderr
