"""`coach users ...`: manage the API's users and their keys."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Annotated, Literal, get_args

import typer
from rich.console import Console

if TYPE_CHECKING:
    from sessions.bootstrap import IssuedKey
    from settings import Settings

app = typer.Typer(help="Manage API users and keys.", no_args_is_help=True)
out = Console()
RoleName = Literal["coachee", "coach", "admin"]  # api.models.Role, without importing the API stack
ROLE_NAMES: tuple[RoleName, ...] = get_args(RoleName)


async def _create(settings: Settings, name: str, role: RoleName) -> IssuedKey:
    from sessions.bootstrap import issue_user
    from sessions.db import open_database

    async with open_database(settings) as database:
        return await issue_user(database=database, name=name, role=role)


def _role(value: str) -> RoleName:
    for role in ROLE_NAMES:
        if value == role:
            return role
    raise typer.BadParameter(f"unknown role {value!r}; choose from {', '.join(ROLE_NAMES)}", param_hint="--role")


@app.command()
def create(
    name: Annotated[str, typer.Argument(help="The user's display name.")],
    role: Annotated[str, typer.Option("--role", help=f"One of {', '.join(ROLE_NAMES)}.")] = "coachee",
) -> None:
    """Create a user and print their new API key (shown once, stored hashed)."""
    from sessions.migrate import upgrade_database
    from settings import load_settings

    checked = _role(role)
    if not name.strip() or len(name) > 100:
        raise typer.BadParameter("a name is 1 to 100 characters", param_hint="NAME")
    settings = load_settings()
    upgrade_database(settings)
    issued = asyncio.run(_create(settings, name, checked))
    out.print(f"Created {checked} [bold]{issued.user.name}[/] (id {issued.user.id}). API key, shown once:")
    typer.echo(issued.token)
