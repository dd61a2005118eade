"""`aqiqat user add|passwd|reset-2fa|list`: accounts and roles."""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Table

from aqiqat.apps.accounts.roles import Role
from aqiqat.cli.django_setup import require_database, setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("user", help="manage accounts")
    actions = parser.add_subparsers(dest="user_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="create an account with a role")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.set_defaults(handler=add_user)
    passwd = actions.add_parser("passwd", help="give an account a new random password")
    passwd.add_argument("username")
    passwd.set_defaults(handler=new_password)
    reset = actions.add_parser(
        "reset-2fa", help="remove an account's authenticator app (lost phone)"
    )
    reset.add_argument("username")
    reset.set_defaults(handler=reset_second_factor)
    listing = actions.add_parser("list", help="list accounts and their roles")
    listing.set_defaults(handler=list_users)


def add_user(args: argparse.Namespace) -> int:
    setup_django()
    require_database()
    from aqiqat.services.accounts import AccountError, create_user

    try:
        user, password = create_user(args.username, role=args.role)
    except AccountError as exc:
        raise UserError(str(exc)) from exc
    console.print(
        f"Created {user.username} ({args.role}). Password, shown once: [bold]{password}[/]"
    )
    return 0


def new_password(args: argparse.Namespace) -> int:
    setup_django()
    require_database()
    from aqiqat.services.accounts import AccountError, reset_password

    try:
        password = reset_password(args.username)
    except AccountError as exc:
        raise UserError(str(exc)) from exc
    console.print(f"New password for {args.username}, shown once: [bold]{password}[/]")
    return 0


def reset_second_factor(args: argparse.Namespace) -> int:
    setup_django()
    require_database()
    from aqiqat.services.accounts import AccountError
    from aqiqat.services.accounts import reset_second_factor as reset

    try:
        removed = reset(args.username)
    except AccountError as exc:
        raise UserError(str(exc)) from exc
    console.print(
        f"Removed {removed} authenticator(s) of {args.username} and ended their sessions; "
        "they set up a new one at their next login."
    )
    return 0


def list_users(args: argparse.Namespace) -> int:
    setup_django()
    require_database()
    from aqiqat.apps.accounts.models import User

    table = Table("username", "roles", "active", "last login")
    for user in User.objects.order_by("username").prefetch_related("groups"):
        roles = ", ".join(sorted(g.name for g in user.groups.all()))
        last = f"{user.last_login:%Y-%m-%d %H:%M}" if user.last_login else "never"
        table.add_row(user.username, roles, "yes" if user.is_active else "no", last)
    console.print(table)
    return 0
