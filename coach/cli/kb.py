"""`coach kb ...`: search, show and extend the knowledge base."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from knowledge.base import KnowledgeBase
from knowledge.items import ITEM_KINDS, ItemKind
from knowledge.user_docs import UserDocumentError, UserIndexStore
from settings import load_settings

app = typer.Typer(help="Search and extend the knowledge base.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


def _open_kb() -> KnowledgeBase:
    return KnowledgeBase.open(load_settings().user_index_dir)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for, in plain words.")],
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="How many hits.")] = 5,
    kind: Annotated[list[str] | None, typer.Option(help=f"Only these kinds: {', '.join(ITEM_KINDS)}.")] = None,
    role: Annotated[str | None, typer.Option(help="Only entries for this role id (and general ones).")] = None,
    source: Annotated[str | None, typer.Option(help="Only entries from this source id, e.g. s004.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of hits.")] = False,
) -> None:
    """Search passages and catalog entries (BM25)."""
    kinds: list[ItemKind] = []
    for name in kind or []:
        if name not in ITEM_KINDS:
            raise typer.BadParameter(f"unknown kind {name!r}; choose from {', '.join(ITEM_KINDS)}", param_hint="--kind")
        kinds.append(name)
    hits = _open_kb().search(query, k, kinds=kinds or None, role=role, source=source)
    if as_json:
        typer.echo(json.dumps([h.model_dump(exclude={"kind"}) for h in hits], indent=2, ensure_ascii=False))
        return
    if not hits:
        out.print(f"[yellow]No entry matches[/] {query!r}.")
        return
    table = Table(show_lines=True)
    for col in ("score", "id", "source · locator", "text"):
        table.add_column(col, overflow="fold")
    for h in hits:
        table.add_row(f"{h.score:.2f}", h.id, f"{h.source_id} · {h.locator}", f"[bold]{h.title}[/]\n{h.text}")
    out.print(table)


@app.command()
def show(item_id: Annotated[str, typer.Argument(metavar="ID", help="A passage or catalog id.")]) -> None:
    """Print one entry with its provenance."""
    item = _open_kb().get(item_id)
    if item is None:
        err.print(f"[red]No knowledge entry has the id {item_id!r}.[/] Try `coach kb search WORDS` to find ids.")
        raise typer.Exit(code=1)
    title = f"{item.id}  [dim]({item.kind}; {item.source_id} · {item.locator})[/]"
    out.print(Panel(item.text, title=title, subtitle=item.title))


@app.command()
def add(
    path: Annotated[Path, typer.Argument(help="A Markdown or text file (a regular file: links are not followed).")],
    doc_id: Annotated[str | None, typer.Option("--id", help="The document's id (default: the file name's slug).")
                      ] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Replace the document that has this id.")] = False,
) -> None:
    """Add a document's passages to the shared index (kept in the data directory): every user's sessions search
    it. An id that is taken is refused unless --replace is given. A running server sees it after a restart."""
    settings = load_settings()
    store = UserIndexStore(settings.user_index_dir)
    try:
        doc = store.add(path, max_bytes=settings.limits.user_doc_bytes, doc_id=doc_id, replace=replace)
    except UserDocumentError as exc:
        err.print(f"[red]Not added:[/] {exc}")
        raise typer.Exit(code=2) from exc
    out.print(f"Added [bold]{len(doc.items)}[/] passages from {path} as [cyan]u.{doc.doc_id}.*[/]")


@app.command("list")
def list_documents() -> None:
    """List the shared documents: id, passages, the file each came from, when it was added."""
    documents = UserIndexStore(load_settings().user_index_dir).documents()
    if not documents:
        out.print("No shared documents. Add one with `coach kb add PATH`.")
        return
    table = Table()
    for col in ("id", "passages", "file", "added (UTC)"):
        table.add_column(col, overflow="fold")
    for doc in documents:
        table.add_row(doc.doc_id, str(len(doc.items)), doc.path, f"{doc.added_at:%Y-%m-%d %H:%M}")
    out.print(table)


@app.command()
def remove(doc_id: Annotated[str, typer.Argument(metavar="ID", help="A shared document's id (see `kb list`).")]
           ) -> None:
    """Remove a shared document (a running server stops seeing it after a restart)."""
    removed = UserIndexStore(load_settings().user_index_dir).remove(doc_id)
    if removed is None:
        err.print(f"[red]No shared document has the id {doc_id!r}.[/] `coach kb list` shows them.")
        raise typer.Exit(code=1)
    out.print(f"Removed [cyan]{removed.doc_id}[/] ({len(removed.items)} passages from {removed.path})")
