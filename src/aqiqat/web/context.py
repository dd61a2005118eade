from typing import Any

from django.conf import settings
from django.http import HttpRequest

from aqiqat.apps.accounts.roles import ROLE_LABELS, roles_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    roles = roles_of(getattr(request, "user", None))
    return {
        "languages": settings.LANGUAGES,
        "user_roles": [ROLE_LABELS[role] for role in sorted(roles)],
    }
