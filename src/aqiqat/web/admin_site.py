"""Django's admin, closed like every other page: administrators only, others get 404,
and signing in goes through Aqiqat's own login (password and second factor)."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver

from aqiqat.apps.accounts.roles import Role, has_role
from aqiqat.selectors.access import NotFound


def _use_our_login(patterns: list[URLPattern | URLResolver]) -> None:
    # LoginRequiredMiddleware sends anonymous visitors to a view's `login_url`; the admin
    # sets its own there, which would skip Aqiqat's login and its second factor.
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _use_our_login(pattern.url_patterns)
        elif hasattr(pattern.callback, "login_url"):
            pattern.callback.login_url = None


class AqiqatAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and has_role(request.user, Role.ADMIN)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not self.has_permission(request):
                raise NotFound
            return inner(request, *args, **kwargs)

        return guarded

    def get_urls(self) -> list[URLPattern | URLResolver]:
        urls = super().get_urls()
        _use_our_login(urls)
        return urls

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        return redirect_to_login(request.GET.get("next") or "/admin/")
