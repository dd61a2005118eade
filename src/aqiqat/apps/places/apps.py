from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PlacesConfig(AppConfig):
    name = "aqiqat.apps.places"
    label = "places"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(_sync_gazetteer, dispatch_uid="aqiqat-sync-gazetteer")


def _sync_gazetteer(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # The gazetteer is a replaceable data file: every migrate brings the table in line with it.
    if sender.label != "places":
        return
    from aqiqat.services.gazetteer import sync_gazetteer

    sync_gazetteer()
