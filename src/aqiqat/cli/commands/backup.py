"""`aqiqat backup`: one encrypted, verifiable archive of the database, evidence and key."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from aqiqat.cli.django_setup import require_database, setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console
from aqiqat.cli.passphrase import ask_passphrase


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "backup", help="write an encrypted backup (or check one with --verify)"
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, metavar="FILE", help="where to write the backup")
    target.add_argument("--verify", type=Path, metavar="FILE", help="decrypt and check a backup")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from aqiqat.services.backup import BackupError, read_backup, write_backup

    try:
        if args.verify:
            passphrase = ask_passphrase(confirm=False)
            with tempfile.TemporaryDirectory(prefix="aqiqat-verify-") as work:
                manifest = read_backup(args.verify, passphrase, Path(work))
            console.print(
                f"[green]Backup intact:[/] {len(manifest.files)} files, "
                f"made {manifest.created_at}, audit log at #{manifest.audit_seq} "
                f"({manifest.audit_hash[:16]}…)."
            )
            return 0
        require_database()
        if args.out.exists():
            raise UserError(f"{args.out} exists; choose a new file name")
        passphrase = ask_passphrase(confirm=True)
        with console.status("Writing the encrypted backup…"):
            manifest = write_backup(args.out, passphrase)
    except BackupError as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"cannot write or read the backup: {exc.strerror or exc}") from exc
    console.print(
        f"[green]Backup written:[/] {args.out} — {len(manifest.files)} files; audit log at "
        f"#{manifest.audit_seq}, head {manifest.audit_hash[:16]}… (note this down elsewhere: "
        "it proves later that the log was not rewritten)."
    )
    return 0
