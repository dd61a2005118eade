"""The JSON API (django-ninja): one object, mounted at /api/v1/, signed-in sessions only.

Endpoints live in modules beside this one and register themselves on `api`; import them
in `urls()` so the URL list is complete whenever the API is mounted.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="Aqiqat API",
    version="1",
    urls_namespace="api",
    docs_url=None,
    auth=django_auth,
)


def _let_ninja_answer(patterns: list[URLPattern | URLResolver]) -> None:
    # LoginRequiredMiddleware would answer anonymous API calls with a redirect to the login
    # page; the API's own session auth answers them with 401 JSON instead.
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _let_ninja_answer(pattern.url_patterns)
        elif pattern.name != "openapi-json":  # the schema stays behind the login page
            pattern.callback.login_required = False  # type: ignore[attr-defined]


def urls() -> tuple[Any, str, str]:
    """The API's URL patterns for `include()`, with every endpoint module loaded."""
    from aqiqat.web.api import endpoints  # noqa: F401  (registers the routes)

    patterns, app_name, namespace = api.urls
    _let_ninja_answer(patterns)
    return patterns, app_name, namespace
