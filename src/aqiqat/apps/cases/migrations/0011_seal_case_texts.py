"""Complaint summaries and answers and the notes of case status changes are sealed in the
application; stored values are sealed in place, and opened again when going back (the
field change alters no column: both are text)."""

from django.db import migrations

import aqiqat.apps.encrypted
from aqiqat.apps.encrypted import sealing_operation


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_words_to_tokens")]

    operations = [
        migrations.AlterField(
            model_name="casestatuschange",
            name="note",
            field=aqiqat.apps.encrypted.EncryptedTextField(blank=True),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="answer_note",
            field=aqiqat.apps.encrypted.EncryptedTextField(
                blank=True, verbose_name="what the authority answered"
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="summary",
            field=aqiqat.apps.encrypted.EncryptedTextField(blank=True, verbose_name="summary"),
        ),
        sealing_operation(
            "cases",
            (("complaint", "summary"), ("complaint", "answer_note"), ("casestatuschange", "note")),
        ),
    ]
