"""`aqiqat encrypt-existing`: encrypt a data folder made before encryption at rest."""

from __future__ import annotations

import argparse
from typing import Any

from aqiqat.cli.django_setup import setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console
from aqiqat.cli.passphrase import new_data_passphrase


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "encrypt-existing",
        help="encrypt a data folder made before encryption (asks for a new passphrase)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from aqiqat.config.environment import read_environment
    from aqiqat.services.crypto import keyring
    from aqiqat.services.crypto.keyfile import create_keyfile, keyfile_path
    from aqiqat.services.crypto.legacy import (
        encrypt_database,
        encrypt_evidence,
        is_plain_database,
        remove_derived,
    )

    env = read_environment()
    keyfile = keyfile_path(env.data_dir)
    if keyfile.exists():
        raise UserError(f"{env.data_dir} is already encrypted (it has {keyfile.name})")
    if env.uses_postgresql or not is_plain_database(env.sqlite_path):
        raise UserError(f"no unencrypted database at {env.sqlite_path}; nothing to convert")
    passphrase, _ = new_data_passphrase(generate=False)
    staged = keyfile.with_name(keyfile.name + ".new")
    staged.unlink(missing_ok=True)
    try:
        keyring.unlock(create_keyfile(staged, passphrase))
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    setup_django()
    with console.status("Encrypting the database and evidence…"):
        encrypt_database(env.data_dir)
        files = encrypt_evidence(env.evidence_dir)
        remove_derived(env.data_dir)
    # The key file appears last: until then the folder still reads as unconverted.
    staged.replace(keyfile)
    console.print(
        f"[green]Encrypted[/] {env.data_dir}: the database and {files} evidence files. "
        "Run `aqiqat link --database` once to rebuild the linkage index. The old plain "
        "files were deleted, but their disk blocks are not wiped: see docs/operations.md."
    )
    return 0
