"""Unlocking a locked server from its web page, with an audit trail.

While the server is locked its database cannot be written (on SQLite its key is gone with
the data key), so refused passphrases are remembered in memory, with when and from which
address, and go into the audit log together with the unlock itself once the right
passphrase opens the database again. A server restarted while locked forgets them; the
restart itself needs the passphrase at the console.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from aqiqat.apps.audit.log import PendingEntry, write_entries
from aqiqat.services.crypto.keyfile import KeyfileError, WrongPassphrase
from aqiqat.services.crypto.unlocking import unlock_with_passphrase

# Enough to show a guessing run; beyond it only the count grows.
REMEMBERED_REFUSALS = 100
OBJECT_TYPE = "aqiqat.instance"

_guard = threading.Lock()
_refused: list[dict[str, str]] = []
_refused_uncounted = 0


def unlock_from_web(data_dir: Path, passphrase: str, address: str) -> bool:
    """Unlock with the passphrase typed on the locked page; False if it was refused.

    On success the refusals since the lock and the unlock are written to the audit log."""
    try:
        unlock_with_passphrase(data_dir, passphrase)
    except (WrongPassphrase, KeyfileError):
        _remember_refusal(address)
        return False
    _write_entries(address)
    return True


def _remember_refusal(address: str) -> None:
    global _refused_uncounted
    with _guard:
        if len(_refused) < REMEMBERED_REFUSALS:
            _refused.append({"address": address, "at": datetime.now(UTC).isoformat()})
        else:
            _refused_uncounted += 1


def _write_entries(address: str) -> None:
    global _refused_uncounted
    with _guard:
        refused, more = list(_refused), _refused_uncounted
        _refused.clear()
        _refused_uncounted = 0
    entries = [PendingEntry("unlock_failed", OBJECT_TYPE, "", detail) for detail in refused]
    detail: dict[str, object] = {"via": "web", "address": address, "refused": len(refused) + more}
    entries.append(PendingEntry("unlock", OBJECT_TYPE, "", detail))
    write_entries(None, entries)
