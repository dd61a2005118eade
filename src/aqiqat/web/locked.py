"""While the instance is locked every page is the unlock page, and nothing reads the database."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from aqiqat.services.crypto import keyring
from aqiqat.services.unlocking_audit import unlock_from_web

WRONG_PASSPHRASE_DELAY = 1.0


class LockedMiddleware:
    """Placed before the session and authentication middleware, which need the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if keyring.is_unlocked():
            return self.get_response(request)
        # A connection opened before the lock still holds the database key inside SQLCipher.
        connections.close_all()
        return unlock_page(request)


@csrf_protect
def unlock_page(request: HttpRequest) -> HttpResponse:
    translation.activate(translation.get_language_from_request(request))
    error = ""
    if request.method == "POST" and request.POST.get("aqiqat_unlock"):
        if unlock_from_web(
            Path(settings.AQIQAT_DATA_DIR),
            request.POST.get("passphrase", ""),
            request.META.get("REMOTE_ADDR", ""),
        ):
            return HttpResponseRedirect(request.get_full_path(), status=303)
        # Argon2id already costs time; the pause slows guessing further.
        time.sleep(WRONG_PASSPHRASE_DELAY)
        error = _("That passphrase does not open this data folder.")
    html = render_to_string(
        "aqiqat/locked.html",
        {"error": error, "csrf_token": get_token(request), "path": request.get_full_path()},
    )
    response = HttpResponse(html, status=503)
    response["Cache-Control"] = "no-store"
    return response
