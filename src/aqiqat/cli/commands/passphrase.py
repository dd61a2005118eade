"""`aqiqat passphrase change`: wrap the data key under a new passphrase."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console
from aqiqat.cli.passphrase import data_passphrase, new_data_passphrase, read_passphrase_file


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("passphrase", help="the passphrase of the data folder")
    actions = parser.add_subparsers(dest="passphrase_action", metavar="ACTION", required=True)
    change = actions.add_parser(
        "change",
        help="set a new passphrase (the current one from AQIQAT_PASSPHRASE_FILE or typed)",
    )
    change.add_argument(
        "--new-file",
        metavar="FILE",
        help="read the new passphrase from this file instead of typing it",
    )
    change.set_defaults(handler=change_passphrase)


def change_passphrase(args: argparse.Namespace) -> int:
    from pathlib import Path

    from aqiqat.config.environment import ConfigError, read_environment
    from aqiqat.services.crypto.keyfile import (
        KeyfileError,
        WrongPassphrase,
        keyfile_path,
        rewrap_keyfile,
    )

    try:
        env = read_environment()
    except ConfigError as exc:
        raise UserError(str(exc)) from exc
    path = keyfile_path(env.data_dir)
    old = data_passphrase("Current passphrase: ")
    if args.new_file:
        new = read_passphrase_file(Path(args.new_file))
    elif not sys.stdin.isatty():
        raise UserError("type the new passphrase at a terminal, or give it with --new-file")
    else:
        new, _ = new_data_passphrase(generate=False, typed_only=True)
    try:
        rewrap_keyfile(path, old, new)
    except WrongPassphrase as exc:
        raise UserError(f"wrong passphrase for the data folder {env.data_dir}") from exc
    except (KeyfileError, ValueError) as exc:
        raise UserError(str(exc)) from exc
    console.print(
        "[green]Passphrase changed.[/] The old one no longer opens this data folder; backups "
        "made before still open with the passphrase of their time."
    )
    return 0
