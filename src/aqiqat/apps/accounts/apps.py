from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "aqiqat.apps.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="aqiqat-sync-roles")
        user_logged_in.connect(_audit_login, dispatch_uid="aqiqat-audit-login")
        user_login_failed.connect(_audit_failed_login, dispatch_uid="aqiqat-audit-login-failed")


def _sync_roles(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # Permissions exist only after every app has migrated, so roles are synced here
    # rather than in a data migration.
    if sender.label != "accounts":
        return
    from aqiqat.apps.accounts.groups import sync_role_groups

    sync_role_groups(using)


def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from aqiqat.apps.audit.log import write_entry

    write_entry(actor=user, action="login", obj=user)


def _audit_failed_login(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    from aqiqat.apps.audit.log import PendingEntry, write_entries

    username = str(credentials.get("username", ""))[:150]
    write_entries(None, [PendingEntry("login_failed", "accounts.user", "", {"username": username})])
