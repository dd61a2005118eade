from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import m2m_changed, post_migrate


class AccountsConfig(AppConfig):
    name = "aqiqat.apps.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_sync_roles, dispatch_uid="aqiqat-sync-roles")
        user_logged_in.connect(_audit_login, dispatch_uid="aqiqat-audit-login")
        user_login_failed.connect(_audit_failed_login, dispatch_uid="aqiqat-audit-login-failed")
        from aqiqat.apps.accounts.models import User
        from aqiqat.config import checks  # noqa: F401  (registers the security checks)

        m2m_changed.connect(
            _end_sessions_on_role_change,
            sender=User.groups.through,
            dispatch_uid="aqiqat-role-change-ends-sessions",
        )


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


def _end_sessions_on_role_change(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    # A changed role must not keep working through a session opened under the old one.
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from aqiqat.apps.accounts.models import User

    if not reverse:
        instance.end_all_sessions()
    elif pk_set:
        for user in User.objects.filter(pk__in=pk_set):
            user.end_all_sessions()
