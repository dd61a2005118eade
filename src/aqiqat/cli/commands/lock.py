"""`aqiqat lock`: make the running server forget its keys until the passphrase is given."""

from __future__ import annotations

import argparse
from typing import Any

from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "lock", help="make the running server drop its keys (pages answer 'locked')"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from aqiqat.config.environment import ConfigError, read_environment
    from aqiqat.services.crypto.server_lock import NoServer, lock_running_server

    try:
        env = read_environment()
    except ConfigError as exc:
        raise UserError(str(exc)) from exc
    try:
        pid = lock_running_server(env.data_dir)
    except NoServer as exc:
        console.print(f"{exc}; nothing holds the keys of this data folder.")
        return 0
    except PermissionError as exc:
        raise UserError("the server runs as another user: run `aqiqat lock` as that user") from exc
    console.print(
        f"[green]Locked:[/] the server (process {pid}) dropped its keys. Pages answer "
        "'locked' until someone gives the passphrase on any page, or the server restarts."
    )
    return 0
