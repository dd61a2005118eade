"""`aqiqat tracing match`: search all records again for every open enquiry."""

from __future__ import annotations

import argparse
from typing import Any

from aqiqat.cli.django_setup import require_database, setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("tracing", help="tracing desk: enquiries from relatives")
    commands = parser.add_subparsers(dest="tracing_command", metavar="SUBCOMMAND")
    parser.set_defaults(handler=lambda _args: parser.print_help() or 2)
    match = commands.add_parser(
        "match",
        help="search all records for every open enquiry (imports and interviews do this "
        "for their own records; run it after loading the demo)",
    )
    match.add_argument("--as", dest="username", metavar="USERNAME", help="act as this user")
    match.set_defaults(handler=run_match)


def run_match(args: argparse.Namespace) -> int:
    setup_django()
    require_database()
    from aqiqat.cli.acting_user import resolve_actor
    from aqiqat.services.tracing.enquiries import rematch_open_requests

    user = resolve_actor(args.username)
    if not user.has_perm("tracing.add_tracingstatuschange"):
        raise UserError(f"{user.get_username()} may not put matches to the desk")
    with console.status("Matching open enquiries…"):
        queued = rematch_open_requests(user)
    console.print(f"{queued:,} possible matches put to the desk's queue.")
    return 0
