"""`aqiqat restore`: a backup into a new, empty data folder."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from aqiqat.cli.django_setup import setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console
from aqiqat.cli.passphrase import ask_passphrase


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "restore",
        help="restore a backup into a new, empty data folder (AQIQAT_DATA_DIR) and, with "
        "DATABASE_URL, a new, empty PostgreSQL database",
    )
    parser.add_argument("backup", type=Path, metavar="FILE")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from aqiqat.config.environment import read_environment
    from aqiqat.services.backup import (
        BackupError,
        require_empty_postgresql,
        restore_backup,
        restore_postgresql,
    )
    from aqiqat.services.instance import DatabaseUnavailable, database_state

    env = read_environment()
    if not args.backup.is_file():
        raise UserError(f"{args.backup} does not exist")
    try:
        if env.uses_postgresql:
            # Reach the database and find it empty before anything is written.
            database_state()
            require_empty_postgresql()
        passphrase = ask_passphrase(confirm=False)
        with console.status("Decrypting and checking the backup…"):
            manifest = restore_backup(args.backup, passphrase, env.data_dir)
        if env.uses_postgresql:
            # The dump is encrypted with the data key: this asks for the data passphrase.
            with console.status("Loading the database into PostgreSQL…"):
                restore_postgresql(env.data_dir)
    except (BackupError, DatabaseUnavailable) as exc:
        raise UserError(str(exc)) from exc
    console.print(
        f"[green]Restored[/] into {env.data_dir}: {len(manifest.files)} files from "
        f"{manifest.created_at}. Run `aqiqat audit verify`; its last entry should be "
        f"#{manifest.audit_seq}."
    )
    return 0
