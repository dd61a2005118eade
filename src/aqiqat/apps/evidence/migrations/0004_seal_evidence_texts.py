"""Evidence names and descriptions and custody notes stored before they were sealed are
sealed in place; going back opens them again."""

from django.db import migrations

from aqiqat.apps.encrypted import sealing_operation


class Migration(migrations.Migration):
    dependencies = [("evidence", "0003_sealed_text_fields")]

    operations = [
        sealing_operation(
            "evidence",
            (("evidence", "description"), ("evidence", "original_name"), ("custodyentry", "note")),
        )
    ]
