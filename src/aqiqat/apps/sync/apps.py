from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SyncConfig(AppConfig):
    name = "aqiqat.apps.sync"
    label = "sync"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_install_triggers, dispatch_uid="aqiqat-sync-triggers")


def _install_triggers(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # After every migrate, not in a migration: rebuilding a table on SQLite drops its triggers.
    if sender.label != "sync":
        return
    from django.db import connections

    from aqiqat.apps.sync.triggers import install

    install(connections[using])
