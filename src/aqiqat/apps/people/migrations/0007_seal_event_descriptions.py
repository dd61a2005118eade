"""Events written before field encryption get their description sealed in place; going
back opens them again."""

from django.db import migrations

from aqiqat.apps.encrypted import seal_stored_values, unseal_stored_values


def seal(apps, schema_editor):
    meta = apps.get_model("people", "Event")._meta
    seal_stored_values(
        schema_editor.connection, meta.db_table, "description", "people.event.description"
    )


def unseal(apps, schema_editor):
    meta = apps.get_model("people", "Event")._meta
    unseal_stored_values(
        schema_editor.connection, meta.db_table, "description", "people.event.description"
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0006_event_description_encrypted")]

    operations = [migrations.RunPython(seal, unseal)]
