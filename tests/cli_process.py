"""Running the real `aqiqat` command in a child process with a chosen environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def aqiqat_env(data_dir: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "AQIQAT_SECRET_KEY"}}
    env["AQIQAT_DATA_DIR"] = str(data_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def aqiqat_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "aqiqat", *args]


def run_aqiqat(
    *args: str, data_dir: Path, database_url: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        aqiqat_command(*args),
        capture_output=True,
        text=True,
        env=aqiqat_env(data_dir, database_url),
        timeout=timeout,
        check=False,
    )
