"""Sync's copies of row values written before they were encrypted (which hold enquirers'
names and contacts) get sealed in place; going back opens them again."""

from django.db import migrations

from aqiqat.apps.encrypted import sealing_operation


class Migration(migrations.Migration):
    dependencies = [("sync", "0003_state_and_versions_encrypted")]

    operations = [sealing_operation("sync", (("SyncRow", "state"), ("FieldVersion", "value")))]
