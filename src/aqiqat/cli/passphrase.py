"""Passphrases: the data folder's (AQIQAT_PASSPHRASE_FILE or typed) and a backup's
(AQIQAT_BACKUP_PASSPHRASE or typed). Typed passphrases are never echoed."""

from __future__ import annotations

import getpass
import os
import secrets
import sys
from pathlib import Path

from aqiqat.cli.errors import UserError

ENV = "AQIQAT_BACKUP_PASSPHRASE"
FILE_ENV = "AQIQAT_PASSPHRASE_FILE"


def ask_passphrase(*, confirm: bool) -> str:
    given = os.environ.get(ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise UserError(f"give the backup passphrase in {ENV} or type it at a terminal")
    first = getpass.getpass("Backup passphrase: ")
    if confirm and getpass.getpass("Again: ") != first:
        raise UserError("the two passphrases differ; nothing was written")
    return first


def passphrase_file() -> Path | None:
    named = os.environ.get(FILE_ENV)
    return Path(named).expanduser() if named else None


def read_passphrase_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot read the passphrase file {path}: {exc.strerror or exc}") from exc
    # Only the line end an editor adds is dropped; spaces inside belong to the passphrase.
    passphrase = text.rstrip("\r\n")
    if not passphrase:
        raise UserError(f"the passphrase file {path} is empty")
    return passphrase


def data_passphrase(prompt: str = "Passphrase of the data folder: ") -> str:
    """The passphrase that opens this data folder, from the file in FILE_ENV or typed."""
    path = passphrase_file()
    if path is not None:
        return read_passphrase_file(path)
    if not sys.stdin.isatty():
        raise UserError(
            f"give the data folder's passphrase in a file named by {FILE_ENV}, "
            "or type it at a terminal"
        )
    return getpass.getpass(prompt)


def new_data_passphrase(*, generate: bool, typed_only: bool = False) -> tuple[str, bool]:
    """A passphrase for a new data folder and whether it was generated here.

    With `generate` and FILE_ENV naming a file that does not exist yet, a random
    passphrase is written there (for the demo); otherwise it is read or typed twice.
    """
    path = None if typed_only else passphrase_file()
    if path is not None and generate and not path.exists():
        passphrase = "-".join(secrets.token_urlsafe(6) for _ in range(4))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(passphrase + "\n")
        return passphrase, True
    if path is not None:
        return read_passphrase_file(path), False
    if not sys.stdin.isatty():
        raise UserError(
            f"choose a passphrase for the new data folder: type it at a terminal, or put it "
            f"in a file named by {FILE_ENV}"
        )
    first = getpass.getpass("New passphrase for the data folder (12+ characters): ")
    if getpass.getpass("Again: ") != first:
        raise UserError("the two passphrases differ; nothing was created")
    return first, False


def unlock_data_folder() -> None:
    """Open the data key with the operator's passphrase; one clear line if it is wrong."""
    from aqiqat.config.environment import read_environment
    from aqiqat.services.crypto.keyfile import KeyfileError, WrongPassphrase, keyfile_path
    from aqiqat.services.crypto.unlocking import unlock_with_passphrase

    env = read_environment()
    if not keyfile_path(env.data_dir).exists():
        raise UserError(
            f"the data folder {env.data_dir} has no key file: run `aqiqat init`, or "
            "`aqiqat encrypt-existing` for a folder made before encryption"
        )
    try:
        unlock_with_passphrase(env.data_dir, data_passphrase())
    except WrongPassphrase as exc:
        raise UserError(f"wrong passphrase for the data folder {env.data_dir}") from exc
    except KeyfileError as exc:
        raise UserError(str(exc)) from exc
