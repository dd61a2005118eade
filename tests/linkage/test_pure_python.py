"""The linkage core works without Django, as DESIGN.md's layers require."""

from __future__ import annotations

import subprocess
import sys


def test_importing_and_preparing_does_not_load_django() -> None:
    code = (
        "import sys\n"
        "from aqiqat.linkage import LinkRecord, prepare\n"
        "prepare([LinkRecord('a:1', 'a', full_name='Тоқаев Нұрлан')])\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
