"""Creating accounts and giving them a role."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from aqiqat.apps.accounts.models import User
from aqiqat.apps.accounts.roles import Role
from aqiqat.apps.audit.log import write_entry


class AccountError(Exception):
    """The account cannot be created or changed as asked."""


def create_user(
    username: str, *, role: str, password: str | None = None, actor: Any = None
) -> tuple[User, str]:
    """Create an active user with one role; returns the user and the password it got."""
    try:
        role_value = Role(role)
    except ValueError as exc:
        choices = ", ".join(r.value for r in Role)
        raise AccountError(f"unknown role {role!r}; choose one of: {choices}") from exc
    username = username.strip()
    if not username:
        raise AccountError("a username cannot be empty")
    password = password or secrets.token_urlsafe(12)
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise AccountError(f"a user named {username!r} already exists")
        user = User(username=username, is_staff=role_value is Role.ADMIN)
        user.is_superuser = role_value is Role.ADMIN
        _validate(password, user)
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=role_value.value))
        write_entry(actor=actor, action="create", obj=user, detail={"role": role_value.value})
    return user, password


def reset_password(username: str, *, actor: Any = None) -> str:
    password = secrets.token_urlsafe(12)
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            raise AccountError(f"no user named {username!r}")
        user.set_password(password)
        user.save(update_fields=["password"])
        write_entry(actor=actor, action="update", obj=user, detail={"fields": ["password"]})
    return password


def reset_second_factor(username: str, *, actor: Any = None) -> int:
    """Remove the user's authenticators (a lost phone); they set one up at next login."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            raise AccountError(f"no user named {username!r}")
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        user.end_all_sessions()
        write_entry(actor=actor, action="2fa_reset", obj=user, detail={"removed": removed})
    return removed


def _validate(password: str, user: User) -> None:
    from django.core.exceptions import ValidationError

    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AccountError(" ".join(str(m) for m in exc.messages)) from exc
