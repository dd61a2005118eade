"""Sensitive columns become encrypted text; 0004 seals the values already there."""

from django.db import migrations

import aqiqat.apps.encrypted


class Migration(migrations.Migration):
    dependencies = [
        ("tracing", "0002_status_change_record_and_score"),
    ]

    operations = [
        migrations.AlterField(
            model_name="tracingrequest",
            name="enquirer_contact",
            field=aqiqat.apps.encrypted.EncryptedTextField(
                blank=True, max_length=300, verbose_name="enquirer's contact"
            ),
        ),
        migrations.AlterField(
            model_name="tracingrequest",
            name="enquirer_name",
            field=aqiqat.apps.encrypted.EncryptedTextField(
                max_length=300, verbose_name="enquirer's name"
            ),
        ),
        migrations.AlterField(
            model_name="tracingstatuschange",
            name="note",
            field=aqiqat.apps.encrypted.EncryptedTextField(blank=True),
        ),
    ]
