"""An event's description (an ill-treatment allegation is testimony) becomes encrypted text."""

from django.db import migrations

import aqiqat.apps.encrypted


class Migration(migrations.Migration):
    dependencies = [("people", "0005_person_merged_into_counts")]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="description",
            field=aqiqat.apps.encrypted.EncryptedTextField(blank=True),
        ),
    ]
