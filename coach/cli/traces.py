"""`coach traces SESSION_ID`: a session's runs as trees, with durations, tokens and cost."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.tree import Tree

if TYPE_CHECKING:
    from observability.store import SpanNode

out = Console()
err = Console(stderr=True)


def _label(node: SpanNode) -> str:
    status = {"ERROR": "[red]ERROR[/]", "OK": "[green]OK[/]"}.get(node.status, "")
    tokens = f" · {node.input_tokens}→{node.output_tokens} tok" if node.input_tokens or node.output_tokens else ""
    cost = f" · ${node.cost_usd:.4f}" if node.cost_usd else ""
    paused = " · [yellow]paused[/]" if any(e.name == "coach.hitl.paused" for e in node.events) else ""
    return f"[bold]{node.name}[/] [dim]{node.duration_ms:.1f} ms[/]{tokens}{cost}{paused} {status}".rstrip()


def _grow(tree: Tree, node: SpanNode) -> None:
    for child in node.children:
        _grow(tree.add(_label(child)), child)


def traces(
    session_id: Annotated[str, typer.Argument(help="The session whose runs to show.")],
    limit: Annotated[int, typer.Option(min=1, max=500, help="At most this many runs, newest first.")] = 20,
) -> None:
    """Print a session's traces (one per run) as span trees."""
    from sqlmodel import Session

    from observability.store import get_trace_tree, list_session_traces, session_usage
    from sessions.db import create_sync_engine
    from settings import load_settings

    engine = create_sync_engine(load_settings())
    try:
        with Session(engine) as db:
            summaries = list_session_traces(session=db, session_id=session_id, limit=limit)
            if not summaries:
                err.print(f"[red]No traces for session {session_id!r}.[/] "
                          "Is COACH_DATA_DIR / COACH_DATABASE_URL the server's?")
                raise typer.Exit(code=1)
            usage = session_usage(session=db, session_id=session_id)
            for summary in reversed(summaries):
                tree_root = get_trace_tree(session=db, trace_id=summary.trace_id)
                if tree_root is None:
                    continue
                tree = Tree(f"{_label(tree_root)} [dim]{summary.start:%H:%M:%S} {summary.trace_id}[/]")
                _grow(tree, tree_root)
                out.print(tree)
    finally:
        engine.dispose()
    out.print(f"[bold]{len(summaries)}[/] runs · {usage.input_tokens}→{usage.output_tokens} tokens · "
              f"${usage.cost_usd:.4f}")
