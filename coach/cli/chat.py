"""`coach chat`: a whole coaching session in the terminal, offline by default.

The session runs through the session service on the configured database, like the API's: it is traced, it shows
up in `coach traces`, the API and the web UI, and it can be continued there. Its id is printed first.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import yaml
from rich.console import Console
from rich.markdown import Markdown

if TYPE_CHECKING:  # the graph stack takes seconds to import: only `coach chat` itself pays for it
    from domain.interrupts import PendingInterrupt
    from graphs.driver import SessionScript
    from knowledge.base import KnowledgeBase
    from sessions.public import SessionPublic
    from sessions.service import SessionService
    from sessions.tables import User
    from settings import Settings

out = Console()
err = Console(stderr=True)
MAX_STEPS = 60

Decide = Callable[["PendingInterrupt"], dict[str, Any]]


class ChatStopped(Exception):
    """The session cannot go on from the terminal; `code` is the exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def chat(
    script: Annotated[Path | None, typer.Option(help="YAML with `answers` (by profile field) and `decisions`.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the final state as JSON (with --script).")] = False,
    follows: Annotated[str | None, typer.Option(
        help="Check in on this session's approved plan: how each action went, then what changed (a script answers "
             "with `checkin.action` and `checkin.changes`).")] = None,
) -> None:
    """Run a coaching session: answer the questions, then approve, edit or reject the drafts. With --follows, a
    check-in on an approved plan, which the plan adapts to."""
    from pydantic import ValidationError

    from graphs.driver import SessionScript
    from settings import load_settings

    parsed: SessionScript | None = None
    if script is not None:
        try:
            parsed = SessionScript.model_validate(yaml.safe_load(script.read_text(encoding="utf-8")) or {})
        except (OSError, yaml.YAMLError, ValidationError) as exc:
            err.print(f"[red]Cannot use the script {script}:[/] {exc}")
            raise typer.Exit(code=2) from exc
    else:
        out.print("[bold]Career coach[/] — a few questions, then an assessment and a plan. Type 'done' to stop early.")
    try:
        values, kb = asyncio.run(_session(load_settings(), parsed, follows))
    except ChatStopped as stopped:
        err.print(f"[red]{stopped}[/]", soft_wrap=True)
        raise typer.Exit(code=stopped.code) from stopped
    if as_json:
        typer.echo(json.dumps({k: _jsonable(v) for k, v in values.items()}, indent=2))
    else:
        from agents.planner.render import plan_markdown

        out.print(Markdown(plan_markdown(values["plan"], kb)))


async def _session(settings: Settings, script: SessionScript | None,
                   follows: str | None = None) -> tuple[dict[str, Any], KnowledgeBase]:
    from sessions.accounts import terminal_user
    from sessions.errors import ServiceError
    from sessions.stack import open_session_stack

    async with open_session_stack(settings) as stack:
        if stack.issued_admin is not None:
            err.print(f"Created the first admin of this database; its API key is in {stack.issued_admin.path}.",
                      soft_wrap=True)
        async with stack.database.transaction() as db:
            user = await terminal_user(db=db)
        try:
            view = await stack.service.start(owner=user, follows=follows)
        except ServiceError as exc:
            raise ChatStopped(f"Cannot check in on {follows}: {exc}", code=2) from exc
        err.print(f"Session [bold]{view.id}[/] — `coach traces {view.id}` shows its runs; the web UI lists it.",
                  soft_wrap=True)
        decide = _scripted(script) if script is not None else _interactive(stack.kb)
        view = await _drive(stack.service, user, view, decide, interactive=script is None)
        return dict((await stack.service.state(view.id)).values), stack.kb


async def _drive(service: SessionService, user: User, view: SessionPublic, decide: Decide, *,
                 interactive: bool) -> SessionPublic:
    """Resume until nothing is pending. A refused resume is asked again (interactive) or stops the script."""
    from pydantic import ValidationError

    from sessions.errors import InvalidInput
    from sessions.public import ResumeRequest

    for _ in range(MAX_STEPS):
        if view.status == "failed":
            message = view.error.message if view.error else "the run failed"
            raise ChatStopped(f"The session failed: {message}. Retry it over the API: POST /v1/sessions/{view.id}"
                              "/retry", code=1)
        if view.pending is None:
            return view
        try:
            request = ResumeRequest.model_validate({"interrupt_id": view.pending.id, **decide(view.pending)})
            view = await service.resume(session_id=view.id, actor=user, request=request)
        except (InvalidInput, ValidationError) as exc:
            if not interactive:
                raise ChatStopped(f"The script's decision was refused: {_refusal(exc)}", code=2) from exc
            err.print(f"[red]Not accepted:[/] {_refusal(exc)} — try again.", soft_wrap=True)
    raise ChatStopped(f"The session did not finish within {MAX_STEPS} steps", code=1)


def _refusal(exc: Exception) -> str:
    """Where and why a resume was refused, e.g. `edits.stages.2.actions: List should have at least 2 items`."""
    errors = getattr(exc, "errors", None)
    if not callable(errors) and isinstance(errors, list):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'] if p != 'body')}: {e['msg']}" for e in errors[:5])
    return str(exc)


def _scripted(script: SessionScript) -> Decide:
    from graphs.driver import ScriptedReviews

    reviews = ScriptedReviews(script)

    def decide(pending: PendingInterrupt) -> dict[str, Any]:
        if pending.kind == "question":
            return {"answer": script.answer_for(pending.field, pending.attempt)}
        if pending.kind == "checkin":
            return {"answer": script.answer_for(f"checkin.{pending.step}", 1)}
        return reviews.next(pending.kind)

    return decide


def _interactive(kb: KnowledgeBase) -> Decide:
    from coach.cli import decide as terminal

    def decide(pending: PendingInterrupt) -> dict[str, Any]:
        if pending.kind == "question" or pending.kind == "checkin":
            return terminal.answer(pending)
        if pending.kind == "profile_review":
            return terminal.confirm_profile(pending, kb)
        terminal.show(pending, kb)
        return terminal.decide(pending)

    return decide


def _jsonable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value
