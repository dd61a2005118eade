"""`aqiqat init`: create the data folder, the database and the first administrator."""

from __future__ import annotations

import argparse
from typing import Any

from rich.panel import Panel

from aqiqat.cli.django_setup import setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "init", help="create the data folder and database, and the first admin account"
    )
    parser.add_argument("--admin", default="admin", help="username of the first admin")
    parser.add_argument(
        "--if-needed",
        action="store_true",
        help="do nothing (and succeed) when the database is already initialised",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from aqiqat.services.instance import DatabaseUnavailable, InitError, database_state, initialise

    try:
        if args.if_needed and database_state().initialised:
            console.print(
                "Aqiqat is already initialised; the admin password was shown when it was "
                f"created (`aqiqat user passwd {args.admin}` sets a new one)."
            )
            return 0
        with console.status("Creating the database…"):
            result = initialise(args.admin)
    except (InitError, DatabaseUnavailable) as exc:
        raise UserError(str(exc)) from exc
    console.print(f"Data folder: {result.data_dir}")
    console.print(f"Database:    {result.database}")
    console.print(
        Panel(
            f"username: [bold]{result.admin_username}[/]\n"
            f"password: [bold]{result.admin_password}[/]",
            title="First administrator — this password is shown only once",
            expand=False,
        )
    )
    return 0
