"""Files uploaded through the web, held under the data folder until they are imported.

An upload waiting for its import to be confirmed is a list of names and contacts: it is
written encrypted (the chunked AES-GCM of services.crypto.stream, under a key of its own)
as it arrives, and read back through a decrypting, seekable stream; no plain copy exists.
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

from aqiqat.services.crypto import keyring
from aqiqat.services.crypto.stream import EncryptingWriter, open_decrypted_seekable

STALE_AFTER_SECONDS = 24 * 60 * 60
UPLOAD_KEY_PURPOSE = "uploads"


class UploadTooLarge(Exception):
    """The upload is larger than this server accepts."""


def incoming_dir() -> Path:
    return Path(settings.AQIQAT_DATA_DIR) / "incoming"


def max_upload_bytes() -> int:
    return int(getattr(settings, "AQIQAT_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))


def safe_name(name: str) -> str:
    stem = re.sub(r"[^\w.\-]+", "_", Path(name).name, flags=re.UNICODE).strip("._")
    return stem[:120] or "upload"


def keep_upload(chunks: Iterable[bytes], original_name: str) -> tuple[str, Path]:
    """Write an upload, encrypted, under a random token; returns the token and the file's
    path (read it with `upload_opener`)."""
    sweep_stale()
    key = keyring.subkey(UPLOAD_KEY_PURPOSE)
    token = secrets.token_urlsafe(16)
    folder = incoming_dir() / token
    folder.mkdir(parents=True, mode=0o700)
    path = folder / safe_name(original_name)
    written = 0
    try:
        with path.open("wb") as out:
            writer = EncryptingWriter(key, out)
            for chunk in chunks:
                written += len(chunk)
                if written > max_upload_bytes():
                    raise UploadTooLarge
                writer.write(chunk)
            writer.close()
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return token, path


def upload_opener(path: Path) -> Callable[[], BinaryIO]:
    """Opens the plain bytes of a kept upload (DamagedFile if it was changed)."""

    def opener() -> BinaryIO:
        return open_decrypted_seekable(keyring.subkey(UPLOAD_KEY_PURPOSE), path.open("rb"))

    return opener


def upload_path(token: str) -> Path | None:
    if not re.fullmatch(r"[\w-]{16,32}", token):
        return None
    folder = incoming_dir() / token
    files = list(folder.iterdir()) if folder.is_dir() else []
    return files[0] if len(files) == 1 else None


def discard_upload(token: str) -> None:
    path = upload_path(token)
    if path is not None:
        shutil.rmtree(path.parent, ignore_errors=True)


def sweep_stale() -> None:
    """Remove uploads nobody imported within a day (they may hold sensitive lists)."""
    root = incoming_dir()
    if not root.is_dir():
        return
    cutoff = time.time() - STALE_AFTER_SECONDS
    for folder in root.iterdir():
        if folder.is_dir() and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
