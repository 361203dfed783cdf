"""`coach openapi`: the API's OpenAPI document, for clients and linters, without starting the server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer


def openapi(
    output: Annotated[Path | None, typer.Option(help="Write it to this file instead of standard output.")] = None,
) -> None:
    """Print the API's OpenAPI document (JSON)."""
    from api.app import create_app
    from settings import load_settings

    document = json.dumps(create_app(load_settings()).openapi(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(document, nl=False)
    else:
        output.write_text(document, encoding="utf-8")
