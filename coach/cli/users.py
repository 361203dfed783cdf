"""`coach users ...`: create, list, revoke and delete the API's users. Names are not unique: where a name fits
several users, the command says so and asks for the id."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal, get_args

import typer
from rich.table import Table

from coach.cli.manage import out, run_on_database, run_with_service, when

if TYPE_CHECKING:
    from sessions.db import Database
    from sessions.management import IssuedKeyPublic, UserSummary
    from sessions.service import SessionService

app = typer.Typer(help="Manage API users and their keys.", no_args_is_help=True)
RoleName = Literal["coachee", "coach", "admin"]  # sessions.tables.Role, without importing the session stack
ROLE_NAMES: tuple[RoleName, ...] = get_args(RoleName)
NameArgument = Annotated[str, typer.Argument(help="The user's name, or their id when several share the name.")]


def role_option(value: str) -> RoleName:
    for role in ROLE_NAMES:
        if value == role:
            return role
    raise typer.BadParameter(f"unknown role {value!r}; choose from {', '.join(ROLE_NAMES)}", param_hint="--role")


def check_name(name: str) -> None:
    from knowledge.documents import is_blank

    if is_blank(name) or len(name) > 100:
        raise typer.BadParameter("a name is 1 to 100 characters, some of them visible", param_hint="NAME")


@app.command()
def create(
    name: Annotated[str, typer.Argument(help="The user's display name.")],
    role: Annotated[str, typer.Option("--role", help=f"One of {', '.join(ROLE_NAMES)}.")] = "coachee",
) -> None:
    """Create a user and print their new API key (shown once, stored hashed)."""
    checked = role_option(role)
    check_name(name)

    async def work(database: Database) -> IssuedKeyPublic:
        from sessions.management import create_user_with_key

        async with database.transaction() as db:
            return await create_user_with_key(db=db, name=name, role=checked)

    issued = run_on_database(work)
    out.print(f"Created {checked} [bold]{issued.details.user_name}[/] (id {issued.details.user_id}). "
              "API key, shown once:")
    typer.echo(issued.key)


@app.command("list")
def list_users() -> None:
    """Every user: id, name, role, created, working keys, sessions."""

    async def work(database: Database) -> list[UserSummary]:
        from sessions.management import list_users

        async with database.sessions() as db:
            return await list_users(db=db)

    users = run_on_database(work)
    table = Table("id", "name", "role", "created", "active keys", "sessions")
    for user in users:
        table.add_row(user.id, user.name, user.role, when(user.created_at), str(user.active_keys), str(user.sessions))
    out.print(table)
    out.print(f"{len(users)} users (times in UTC)")


@app.command()
def revoke(name: NameArgument) -> None:
    """Revoke every key of the user: each is refused from its next request on, in every server process."""

    async def work(database: Database) -> tuple[str, int]:
        from sessions.management import find_user, revoke_user_keys

        async with database.transaction() as db:
            user = await find_user(db=db, name_or_id=name)
            return f"{user.name} ({user.id})", await revoke_user_keys(db=db, user_id=user.id)

    who, revoked = run_on_database(work)
    out.print(f"Revoked {revoked} keys of {who}.")


@app.command()
def delete(
    name: NameArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete the user, their keys and their sessions with everything recorded about them (checkpoints,
    decisions, plan versions, traces). The last admin cannot be deleted."""

    async def find(database: Database) -> tuple[str, str]:
        from sessions.management import find_user

        async with database.sessions() as db:
            user = await find_user(db=db, name_or_id=name)
        return user.id, f"{user.role} {user.name} ({user.id})"

    user_id, who = run_on_database(find)
    if not yes:
        typer.confirm(f"Delete {who} and all their sessions?", abort=True)

    async def work(database: Database, service: SessionService) -> int:
        from sessions.management import delete_user

        return await delete_user(database=database, service=service, user_id=user_id)

    deleted = run_with_service(work)
    out.print(f"Deleted {who}, their keys and {deleted} sessions.")
