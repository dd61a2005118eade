"""Request-level protections: session lifetime, second factor for admins, no caching of
signed-in pages, and an audit entry for every "not found" a signed-in user is given."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.apps.audit.log import PendingEntry, write_entries

Handler = Callable[[HttpRequest], HttpResponse]
STARTED, SEEN = "aqiqat_session_started", "aqiqat_session_seen"
SEEN_RESOLUTION = 60  # seconds; saves writing the session on every request
PATH_LIMIT = 300


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class SessionLifetimeMiddleware:
    """Ends a session after a time without use (idle) and after a fixed time (absolute)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(STARTED, now)
            seen = request.session.setdefault(SEEN, now)
            idle = now - seen > settings.AQIQAT_SESSION_IDLE_SECONDS
            if idle or now - started > settings.AQIQAT_SESSION_MAX_SECONDS:
                logout(request)
                if _is_api(request):
                    return JsonResponse({"detail": "Unauthorized"}, status=401)
                return redirect_to_login(request.get_full_path())
            if now - seen >= SEEN_RESOLUTION:
                request.session[SEEN] = now
        return self.get_response(request)


# Where an admin without a confirmed second factor may still go: to set one up or leave.
ENROLMENT_PATHS = ("two-factor-setup", "logout", "set_language")


class AdminSecondFactorMiddleware:
    """Admins must have passed a TOTP check in this session before anything else."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.AQIQAT_ADMIN_2FA
            and user.is_authenticated
            and has_role(user, Role.ADMIN)
            and not user.is_verified()  # type: ignore[attr-defined]
            and request.path not in {reverse(name) for name in ENROLMENT_PATHS}
        ):
            if _is_api(request):
                return JsonResponse({"detail": "Second factor required"}, status=401)
            return redirect("two-factor-setup")
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for a signed-in user are never kept in the browser's or a proxy's cache."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated or request.path == reverse("login"):
            patch_cache_control(response, no_store=True, private=True)
        return response


class NotFoundAuditMiddleware:
    """Records each "not found" given to a signed-in user: refused access looks like it."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 404 and request.user.is_authenticated:
            detail = {"method": request.method, "path": request.path[:PATH_LIMIT]}
            write_entries(request.user, [PendingEntry("not_found", "web.request", "", detail)])
        return response
