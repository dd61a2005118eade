"""Telling a running server to drop its keys: a pid file in the data folder and SIGUSR1.

The pid file also records the process's start time, so a stale file never sends the
signal to an unrelated process that happens to reuse the number.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

from aqiqat.services.crypto import keyring

PID_FILE_NAME = "server.pid"


class NoServer(Exception):
    """No server is running for this data folder."""


def pid_file(data_dir: Path) -> Path:
    return data_dir / PID_FILE_NAME


def install_lock_signal(data_dir: Path) -> None:
    """In the server: SIGUSR1 locks; the pid file says where to send it."""
    signal.signal(signal.SIGUSR1, lambda _signum, _frame: keyring.lock())
    path = pid_file(data_dir)
    payload = {"pid": os.getpid(), "started": _start_time(os.getpid())}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(payload, handle)


def remove_pid_file(data_dir: Path) -> None:
    pid_file(data_dir).unlink(missing_ok=True)


def lock_running_server(data_dir: Path) -> int:
    """Send the lock signal to this folder's server; its pid, or NoServer."""
    path = pid_file(data_dir)
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
        pid = int(recorded["pid"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise NoServer(f"no Aqiqat server is running for {data_dir}") from exc
    if recorded.get("started") != _start_time(pid):
        path.unlink(missing_ok=True)
        raise NoServer(f"no Aqiqat server is running for {data_dir} (removed a stale pid file)")
    try:
        os.kill(pid, signal.SIGUSR1)
    except ProcessLookupError as exc:
        path.unlink(missing_ok=True)
        raise NoServer(f"no Aqiqat server is running for {data_dir}") from exc
    return pid


def _start_time(pid: int) -> str | None:
    """The kernel's start time of the process (Linux); None where /proc is absent."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return None
    # Fields after the command name (which may hold spaces) start after the last ')'.
    return stat.rsplit(")", 1)[1].split()[19]
