"""`aqiqat migrate`: bring an existing database up to this version's schema."""

from __future__ import annotations

import argparse
from typing import Any

from aqiqat.cli.django_setup import setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("migrate", help="upgrade the database schema after an update")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.management import call_command

    from aqiqat.services.instance import DatabaseUnavailable, database_state

    try:
        state = database_state()
    except DatabaseUnavailable as exc:
        raise UserError(str(exc)) from exc
    if not state.initialised:
        raise UserError(f"no Aqiqat database at {state.location}: run `aqiqat init` first")
    call_command("migrate", interactive=False, verbosity=0)
    console.print(f"Database at {state.location} is up to date.")
    return 0
