"""Asking for a backup passphrase: from AQIQAT_BACKUP_PASSPHRASE, or typed (never echoed)."""

from __future__ import annotations

import getpass
import os
import sys

from aqiqat.cli.errors import UserError

ENV = "AQIQAT_BACKUP_PASSPHRASE"


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
