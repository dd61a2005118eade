"""The start-up checks: a missing Content Security Policy stops Aqiqat, and the documented
production settings pass Django's deployment checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from aqiqat.config.checks import CSP_MIDDLEWARE, content_security_policy


def test_the_shipped_settings_pass_the_csp_check() -> None:
    assert content_security_policy() == []


def test_the_check_fails_without_the_csp_middleware(settings) -> None:
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != CSP_MIDDLEWARE]
    assert [error.id for error in content_security_policy()] == ["aqiqat.E001"]


def test_the_check_fails_without_a_policy_or_with_inline_scripts(settings) -> None:
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"script-src": ["'unsafe-inline'"]}}
    assert {error.id for error in content_security_policy()} == {"aqiqat.E002", "aqiqat.E003"}


def deploy_check(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AQIQAT_", "DATABASE_URL"))}
    env.update(
        AQIQAT_DATA_DIR=str(tmp_path),
        AQIQAT_SECRET_KEY=secrets.token_urlsafe(50),
        AQIQAT_ALLOWED_HOSTS="aqiqat.office.example",
        **extra,
    )
    command = [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(
        [*command, "--settings", "aqiqat.config.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_documented_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    result = deploy_check(tmp_path, AQIQAT_HTTPS="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_served_without_https(tmp_path: Path) -> None:
    result = deploy_check(tmp_path)
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stdout + result.stderr


@pytest.mark.django_db
def test_resetting_a_lost_authenticator_removes_it_and_ends_sessions(personas) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from aqiqat.apps.audit.models import AuditEntry
    from aqiqat.services.accounts import reset_second_factor

    TOTPDevice.objects.create(user=personas.admin, name="authenticator", confirmed=True)
    epoch = personas.admin.session_epoch
    assert reset_second_factor(personas.admin.username) == 1
    personas.admin.refresh_from_db()
    assert personas.admin.session_epoch == epoch + 1
    assert not TOTPDevice.objects.filter(user=personas.admin).exists()
    assert AuditEntry.objects.filter(action="2fa_reset", object_id=str(personas.admin.pk)).exists()
