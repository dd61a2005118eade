"""Security settings that depend on how Aqiqat is served, read from the environment.

`AQIQAT_HTTPS=1` is for a server behind a TLS-terminating reverse proxy (see
docs/operations.md): cookies are then sent only over HTTPS and browsers are told to use
nothing else. Session lifetimes are in minutes; admins need a second factor unless
`AQIQAT_ADMIN_2FA=0` (only the test suite turns it off).
"""

from __future__ import annotations

import os
from typing import Any

from aqiqat.config.environment import ConfigError, _flag

YEAR = 365 * 24 * 60 * 60


def _minutes(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) == 0:
        raise ConfigError(f"{name} must be a whole number of minutes, not {raw!r}")
    return int(raw)


def admin_second_factor() -> bool:
    return _flag("AQIQAT_ADMIN_2FA", True)


def session_limits() -> tuple[int, int]:
    """Seconds a session may stay unused, and seconds it may last at most."""
    idle = 60 * _minutes("AQIQAT_SESSION_IDLE_MINUTES", 30)
    return idle, 60 * _minutes("AQIQAT_SESSION_MAX_MINUTES", 12 * 60)


def security_settings() -> dict[str, Any]:
    """Django's settings for cookies and HTTPS."""
    https = _flag("AQIQAT_HTTPS", False)
    values: dict[str, Any] = {
        "SESSION_COOKIE_AGE": session_limits()[1],
        "SESSION_COOKIE_SECURE": https,
        "CSRF_COOKIE_SECURE": https,
        "CSRF_COOKIE_HTTPONLY": True,
    }
    if https:
        values.update(
            SECURE_SSL_REDIRECT=True,
            SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
            SECURE_HSTS_SECONDS=YEAR,
            SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
            SECURE_HSTS_PRELOAD=True,
        )
    return values
