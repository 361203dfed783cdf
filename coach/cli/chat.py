"""`coach chat`: a whole coaching session in the terminal, offline by default."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.markdown import Markdown
from rich.panel import Panel
from rich.prompt import Prompt

if TYPE_CHECKING:  # the graph stack takes seconds to import: only `coach chat` itself pays for it
    from langchain_core.runnables import RunnableConfig
    from langgraph.graph.state import CompiledStateGraph

    from agents.deps import AgentDeps
    from knowledge.base import KnowledgeBase

out = Console()
err = Console(stderr=True)


def _ask_human(payload: dict[str, Any]) -> dict[str, Any]:
    """Interactive resume value for one interrupt."""
    if payload["kind"] == "question":
        return {"answer": Prompt.ask(f"[bold cyan]{payload['prompt']}[/]")}
    review = payload.get("review") or {}
    for issue in review.get("issues", []):
        out.print(f"  [yellow]{issue['severity']}[/] {issue['path']}: {issue['message']}")
    action = Prompt.ask("approve, edit or reject?", choices=["approve", "edit", "reject"], default="approve")
    if action == "reject":
        return {"action": "reject", "feedback": Prompt.ask("What should change?")}
    if action == "edit":
        raw = Prompt.ask("Edits as JSON (top-level fields to replace)")
        try:
            return {"action": "edit", "edits": json.loads(raw)}
        except json.JSONDecodeError as exc:
            err.print(f"[red]Not JSON ({exc}); approving unchanged instead.[/]")
    return {"action": "approve"}


def _show(payload: dict[str, Any], kb: KnowledgeBase) -> None:
    from agents.planner.render import plan_markdown
    from domain.plan import Plan

    if payload["kind"] == "assessment_review":
        draft = payload["draft"]
        lines = [f"Best match: {draft['role_matches'][0]['name']} ({draft['role_matches'][0]['confidence']:.0%})"]
        lines += [f"- {e['dynamic']}: {e['level']}" for e in draft["exposure"]]
        lines += ["", draft["risk_summary"]]
        out.print(Panel("\n".join(lines), title="Assessment"))
    elif payload["kind"] == "plan_review":
        out.print(Markdown(plan_markdown(Plan.model_validate(payload["draft"]), kb)))


def chat(
    script: Annotated[Path | None, typer.Option(help="YAML with `answers` (by profile field) and `decisions`.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the final state as JSON (with --script).")] = False,
) -> None:
    """Run a coaching session: answer the questions, then approve, edit or reject the drafts."""
    from langgraph.checkpoint.memory import InMemorySaver
    from pydantic import ValidationError

    from agents.engines import build_deps
    from agents.planner.render import plan_markdown
    from graphs.coaching import make_graph
    from graphs.driver import SessionScript, run_script
    from graphs.serde import make_serde
    from knowledge.base import KnowledgeBase
    from settings import load_settings

    settings = load_settings()
    kb = KnowledgeBase.open(settings.user_index_dir)
    deps = build_deps(settings, kb)
    graph = make_graph(InMemorySaver(serde=make_serde()))
    config: RunnableConfig = {"configurable": {"thread_id": f"chat-{uuid.uuid4().hex[:8]}"}}
    if script is not None:
        try:
            parsed = SessionScript.model_validate(yaml.safe_load(script.read_text(encoding="utf-8")) or {})
        except (OSError, yaml.YAMLError, ValidationError) as exc:
            err.print(f"[red]Cannot use the script {script}:[/] {exc}")
            raise typer.Exit(code=2) from exc
        final = run_script(graph, config, deps, parsed)
    else:
        out.print("[bold]Career coach[/] — a few questions, then an assessment and a plan. Type 'done' to stop early.")
        final = _interactive(graph, config, deps, kb)
    if as_json:
        typer.echo(json.dumps({k: _jsonable(v) for k, v in final.items() if k != "__interrupt__"}, indent=2))
    else:
        out.print(Markdown(plan_markdown(final["plan"], kb)))


def _interactive(
    graph: CompiledStateGraph[Any, Any, Any, Any], config: RunnableConfig, deps: AgentDeps, kb: KnowledgeBase
) -> dict[str, Any]:
    from langgraph.types import Command

    from graphs.driver import pending_interrupt

    result: dict[str, Any] = graph.invoke({}, config, context=deps)
    while (payload := pending_interrupt(result)) is not None:
        _show(payload, kb)
        result = graph.invoke(Command(resume=_ask_human(payload)), config, context=deps)
    return result


def _jsonable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value
