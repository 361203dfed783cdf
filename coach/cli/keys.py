"""`coach keys ...`: create, list and revoke API keys. Lists never show a key's secret, only its prefix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from coach.cli.manage import out, print_keys, run_on_database
from coach.cli.users import ROLE_NAMES, RoleName, check_name, role_option

if TYPE_CHECKING:
    from sqlmodel.ext.asyncio.session import AsyncSession

    from sessions.db import Database
    from sessions.management import IssuedKeyPublic, KeySummary
    from sessions.tables import User

app = typer.Typer(help="Manage API keys.", no_args_is_help=True)


async def _owner(db: AsyncSession, name: str, role: RoleName | None) -> User:
    """The named user; with `role`, created when no user has the name (and refused when theirs differs)."""
    from sessions.accounts import create_user
    from sessions.errors import NotFound
    from sessions.management import Refused, find_user
    from sessions.tables import UserCreate

    try:
        user = await find_user(db=db, name_or_id=name)
    except NotFound:
        if role is None:
            raise NotFound(f"no user named {name!r}; add --role to create them") from None
        return await create_user(db=db, user_create=UserCreate(name=name, role=role))
    if role is not None and user.role != role:
        raise Refused(f"{user.name} ({user.id}) is a {user.role}, not a {role}")
    return user


@app.command()
def create(
    user: Annotated[str, typer.Option("--user", help="Whose key: a name, or an id when several share the name.")],
    role: Annotated[str | None, typer.Option(
        "--role", help=f"Create the user with this role if no user has the name ({', '.join(ROLE_NAMES)}).")] = None,
    expires_in: Annotated[float | None, typer.Option(
        "--expires-in", min=0.001, max=36_500, help="Days until the key expires; never by default.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="A label for the key: where it is used.")] = None,
) -> None:
    """Create a key and print it (shown once, stored hashed)."""
    checked = role_option(role) if role is not None else None
    check_name(user)
    if name is not None and not 1 <= len(name) <= 100:
        raise typer.BadParameter("a label is 1 to 100 characters", param_hint="--name")

    async def work(database: Database) -> IssuedKeyPublic:
        from sessions.management import create_key

        async with database.transaction() as db:
            owner = await _owner(db, user, checked)
            return await create_key(db=db, user=owner, name=name, expires_in_days=expires_in)

    issued = run_on_database(work)
    details = issued.details
    expiry = f", expires {details.expires_at:%Y-%m-%d %H:%M} UTC" if details.expires_at else ""
    out.print(f"Key {details.prefix} for {details.user_name} ({details.user_id}){expiry}. Shown once:")
    typer.echo(issued.key)


@app.command("list")
def list_keys(
    user: Annotated[str | None, typer.Option("--user", help="Only this user's keys (a name or an id).")] = None,
) -> None:
    """Keys without their secrets: prefix, user, label, state, created, last used, expires, revoked."""

    async def work(database: Database) -> list[KeySummary]:
        from sessions.management import find_user, list_keys

        async with database.sessions() as db:
            user_id = (await find_user(db=db, name_or_id=user)).id if user is not None else None
            return await list_keys(db=db, user_id=user_id)

    print_keys(run_on_database(work))


@app.command()
def revoke(prefix: Annotated[str, typer.Argument(help="The key's prefix, as `coach keys list` shows it.")]) -> None:
    """Revoke one key: it is refused from its next request on, in every server process."""

    async def work(database: Database) -> KeySummary:
        from sessions.management import revoke_key

        async with database.transaction() as db:
            return await revoke_key(db=db, prefix=prefix)

    key = run_on_database(work)
    out.print(f"Revoked key {key.prefix} of {key.user_name} ({key.user_id}) at {key.revoked_at:%Y-%m-%d %H:%M} UTC.")
