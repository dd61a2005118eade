from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "aqiqat.apps.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="aqiqat-sync-roles")


def _sync_roles(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # Permissions exist only after every app has migrated, so roles are synced here
    # rather than in a data migration.
    if sender.label != "accounts":
        return
    from aqiqat.apps.accounts.groups import sync_role_groups

    sync_role_groups(using)
