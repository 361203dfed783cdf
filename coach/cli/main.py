"""Root of the `coach` command: sub-commands are registered here and live in their own modules."""

from __future__ import annotations

import typer

from coach.cli import chat, kb, keys, openapi, serve, traces, users

app = typer.Typer(
    name="coach",
    help="Career coaching for people whose jobs AI is reshaping: knowledge base, sessions, API server.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(kb.app, name="kb")
app.command(name="chat")(chat.chat)
app.add_typer(users.app, name="users")
app.add_typer(keys.app, name="keys")
app.command(name="serve")(serve.serve)
app.command(name="traces")(traces.traces)
app.command(name="openapi")(openapi.openapi)
