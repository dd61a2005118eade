"""Which account a CLI command acts as, for permissions and the audit log."""

from __future__ import annotations

from typing import Any

from aqiqat.cli.errors import UserError


def resolve_actor(username: str | None) -> Any:
    """The named active user, or else the first active administrator."""
    from aqiqat.apps.accounts.models import User

    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise UserError(f"no active user named {username!r} (see `aqiqat user list`)")
        return user
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("date_joined").first()
    if user is None:
        raise UserError("no active administrator to act as; name one with --as USERNAME")
    return user
