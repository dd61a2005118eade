"""An evidence file's original name and description, and custody notes, become sealed
fields; their stored values are sealed in 0004 (a column's type cannot change on
PostgreSQL in a transaction holding trigger events from updates of its rows)."""

from django.db import migrations

import aqiqat.apps.encrypted


class Migration(migrations.Migration):
    dependencies = [("evidence", "0002_relations_across_apps")]

    operations = [
        migrations.AlterField(
            model_name="custodyentry",
            name="note",
            field=aqiqat.apps.encrypted.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="description",
            field=aqiqat.apps.encrypted.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="original_name",
            field=aqiqat.apps.encrypted.EncryptedTextField(max_length=300),
        ),
    ]
