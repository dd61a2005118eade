"""Records written before field encryption get their testimony, medical details, contacts
and raw rows sealed in place; going back opens them again."""

from django.db import migrations

from aqiqat.apps.encrypted import seal_stored_values, unseal_stored_values

COLUMNS = ("raw", "testimony", "medical_details", "informant_contact")


def seal(apps, schema_editor):
    table = apps.get_model("sources", "Record")._meta.db_table
    for column in COLUMNS:
        seal_stored_values(schema_editor.connection, table, column, f"sources.record.{column}")


def unseal(apps, schema_editor):
    table = apps.get_model("sources", "Record")._meta.db_table
    for column in COLUMNS:
        unseal_stored_values(schema_editor.connection, table, column, f"sources.record.{column}")


class Migration(migrations.Migration):
    dependencies = [("sources", "0003_sensitive_fields_encrypted")]

    operations = [migrations.RunPython(seal, unseal)]
