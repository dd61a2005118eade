"""Sensitive columns become encrypted text; 0004 seals the values already there."""

from django.db import migrations

import aqiqat.apps.encrypted


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0002_import_batches"),
    ]

    operations = [
        migrations.AlterField(
            model_name="record",
            name="informant_contact",
            field=aqiqat.apps.encrypted.EncryptedTextField(
                blank=True, max_length=300, verbose_name="informant's contact"
            ),
        ),
        migrations.AlterField(
            model_name="record",
            name="medical_details",
            field=aqiqat.apps.encrypted.EncryptedTextField(
                blank=True, verbose_name="medical details"
            ),
        ),
        migrations.AlterField(
            model_name="record",
            name="raw",
            field=aqiqat.apps.encrypted.EncryptedJSONField(
                default=dict, verbose_name="as received"
            ),
        ),
        migrations.AlterField(
            model_name="record",
            name="testimony",
            field=aqiqat.apps.encrypted.EncryptedTextField(blank=True, verbose_name="testimony"),
        ),
    ]
