"""`aqiqat init`: create the data folder, the database and the first administrator."""

from __future__ import annotations

import argparse
from typing import Any

from rich.panel import Panel

from aqiqat.cli.django_setup import setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console
from aqiqat.cli.passphrase import new_data_passphrase, passphrase_file


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
    parser.add_argument(
        "--generate-passphrase",
        action="store_true",
        help="if AQIQAT_PASSPHRASE_FILE names a file that does not exist, write a random "
        "passphrase there (for a demo; keep real passphrases off the computer)",
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
        passphrase, generated = new_data_passphrase(generate=args.generate_passphrase)
        with console.status("Creating the key and the database…"):
            result = initialise(args.admin, passphrase=passphrase)
    except (InitError, DatabaseUnavailable) as exc:
        raise UserError(str(exc)) from exc
    console.print(f"Data folder: {result.data_dir}")
    console.print(f"Database:    {result.database}")
    if generated:
        console.print(
            Panel(
                f"[bold]{passphrase}[/]\nwritten to {passphrase_file()}: anyone with that file "
                "can read the data. For real records keep the passphrase off this computer "
                "(see docs/operations.md). Lose it and the data is lost.",
                title="Demo passphrase of the data folder",
                expand=False,
            )
        )
    console.print(
        Panel(
            f"username: [bold]{result.admin_username}[/]\n"
            f"password: [bold]{result.admin_password}[/]",
            title="First administrator — this password is shown only once",
            expand=False,
        )
    )
    return 0
