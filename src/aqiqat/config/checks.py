"""System checks that refuse to start without the protections Aqiqat relies on."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register

CSP_MIDDLEWARE = "csp.middleware.CSPMiddleware"
UNSAFE_SOURCES = {"'unsafe-inline'", "'unsafe-eval'", "*"}


@register(Tags.security)
def content_security_policy(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Fail when the Content Security Policy is missing or lets scripts in from anywhere."""
    errors = []
    if CSP_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            Error(
                f"{CSP_MIDDLEWARE} is not in MIDDLEWARE, so no Content Security Policy is sent.",
                id="aqiqat.E001",
            )
        )
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    directives = policy.get("DIRECTIVES") or {}
    if not directives.get("default-src"):
        errors.append(
            Error(
                "CONTENT_SECURITY_POLICY has no default-src directive.",
                hint="Set it to [SELF] as in aqiqat.config.settings.",
                id="aqiqat.E002",
            )
        )
    scripts = directives.get("script-src") or directives.get("default-src") or []
    if UNSAFE_SOURCES & {str(source) for source in scripts}:
        errors.append(
            Error(
                "CONTENT_SECURITY_POLICY lets scripts run inline or from anywhere.",
                id="aqiqat.E003",
            )
        )
    return errors
