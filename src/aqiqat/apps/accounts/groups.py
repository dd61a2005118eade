"""Keeps one Django group per role, with that role's permissions."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.management import create_contenttypes

from aqiqat.apps.accounts.roles import ROLE_PERMISSIONS, Role

AQIQAT_APPS = (
    "accounts",
    "audit",
    "places",
    "sources",
    "people",
    "cases",
    "evidence",
    "tracing",
    "figures",
    "sync",
)


def sync_role_groups(using: str = "default") -> None:
    for config in apps.get_app_configs():
        create_contenttypes(config, verbosity=0, using=using)
        create_permissions(config, verbosity=0, using=using)
    everything = Permission.objects.using(using).filter(content_type__app_label__in=AQIQAT_APPS)
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in everything.select_related("content_type")
    }
    for role in Role:
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        if role is Role.ADMIN:
            group.permissions.set(everything)
            continue
        missing = [name for name in ROLE_PERMISSIONS[role] if name not in by_name]
        if missing:
            raise LookupError(f"role {role} names unknown permissions: {', '.join(missing)}")
        group.permissions.set([by_name[name] for name in ROLE_PERMISSIONS[role]])
