"""Sync's copies of the mutable fields become encrypted text; 0004 seals the values there."""

from django.db import migrations

import aqiqat.apps.encrypted


class Migration(migrations.Migration):
    dependencies = [
        ("sync", "0002_change_log"),
    ]

    operations = [
        migrations.AlterField(
            model_name="syncrow",
            name="state",
            field=aqiqat.apps.encrypted.EncryptedJSONField(default=dict),
        ),
        migrations.AlterField(
            model_name="fieldversion",
            name="value",
            field=aqiqat.apps.encrypted.EncryptedJSONField(null=True),
        ),
    ]
