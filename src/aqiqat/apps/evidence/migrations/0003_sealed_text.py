"""An evidence file's original name and description, and custody notes, are sealed in the
application; values already stored are sealed in place (and opened when going back)."""

from django.db import migrations

import aqiqat.apps.encrypted
from aqiqat.apps.encrypted import sealing_operation


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
        sealing_operation(
            "evidence",
            (("evidence", "description"), ("evidence", "original_name"), ("custodyentry", "note")),
        ),
    ]
