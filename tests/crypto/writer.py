"""Writes to a data folder without pause until a stop file appears (for the test of a
backup taken while the instance is in use). Run as `python -m tests.crypto.writer STOP`
with AQIQAT_DATA_DIR and AQIQAT_PASSPHRASE_FILE set; prints one line per write."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(stop: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "aqiqat.config.settings"
    import django

    django.setup()
    from django.conf import settings

    from aqiqat.cli.passphrase import unlock_data_folder
    from aqiqat.services.accounts import create_user

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    unlock_data_folder()
    written = 0
    while not stop.exists():
        create_user(f"writer-{written}", role="viewer", password="fictional writer pw 1")
        written += 1
        print(written, flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
