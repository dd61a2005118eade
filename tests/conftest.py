"""Test-wide set-up: an isolated data folder, fast hashing, and one user per role."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_DATA_DIR = tempfile.mkdtemp(prefix="aqiqat-test-data-")
os.environ.setdefault("AQIQAT_DATA_DIR", _DATA_DIR)
os.environ.setdefault("AQIQAT_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
# Admins' second factor is off for tests (and the servers they start) unless a test turns
# it on; tests/security checks it with the setting on.
os.environ.setdefault("AQIQAT_ADMIN_2FA", "0")
# Child `aqiqat` processes read the data folder's passphrase from this file, as automation does.
_PASSPHRASE_FILE = Path(_DATA_DIR) / ".." / (Path(_DATA_DIR).name + "-passphrase")
_PASSPHRASE_FILE.write_text("test-only passphrase of the data folder\n", encoding="utf-8")
os.environ.setdefault("AQIQAT_PASSPHRASE_FILE", str(_PASSPHRASE_FILE.resolve()))


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Fast hashing only in the test runner; production keeps Argon2.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AQIQAT_ADMIN_2FA = False
    # pytest-django may have read the settings before this module set the environment.
    settings.AQIQAT_DATA_DIR = Path(_DATA_DIR)
    settings.AQIQAT_EVIDENCE_DIR = Path(_DATA_DIR) / "evidence"
    from aqiqat.services.crypto import keyring
    from tests.crypto.folders import SESSION_DATA_KEY

    # In this process a random data key stands in for an unlocked data folder.
    keyring.unlock(SESSION_DATA_KEY)


@pytest.fixture(autouse=True)
def _no_passphrase_prompt_between_tests() -> Iterator[None]:
    """A CLI test registers the passphrase prompt; later tests must see the server's state."""
    from aqiqat.services.crypto import keyring

    keyring.set_unlocker(None)
    yield
    keyring.set_unlocker(None)


@pytest.fixture(autouse=True)
def _english_between_tests() -> Iterator[None]:
    """A page asked for in Russian or Kazakh leaves that language active in the thread;
    later tests expect English messages."""
    from django.utils import translation

    yield
    translation.deactivate()


class Personas:
    """One active user per role, and an outsider who belongs to no role."""

    def __init__(self) -> None:
        from aqiqat.apps.accounts.roles import Role
        from aqiqat.services.accounts import create_user

        self.password = "correct horse battery staple 2022"
        self.by_role: dict[str, Any] = {}
        for role in Role:
            user, _ = create_user(f"{role.value}-persona", role=role.value, password=self.password)
            self.by_role[role.value] = user
        from aqiqat.apps.accounts.models import User

        self.outsider = User.objects.create_user("outsider", password=self.password)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.by_role[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


@pytest.fixture
def personas(db: None) -> Personas:
    return Personas()


@pytest.fixture
def acting(personas: Personas) -> Iterator[Any]:
    """Run the test body as the admin persona (the audit actor)."""
    from aqiqat.apps.audit.log import acting_as

    with acting_as(personas.admin):
        yield personas.admin
