"""Enquiries written before field encryption get the enquirer's name and contact, and the
desk's notes, sealed in place; going back opens them again."""

from django.db import migrations

from aqiqat.apps.encrypted import seal_stored_values, unseal_stored_values

COLUMNS = (
    ("TracingRequest", "enquirer_name"),
    ("TracingRequest", "enquirer_contact"),
    ("TracingStatusChange", "note"),
)


def _each(apps, schema_editor, rewrite):
    for model_name, column in COLUMNS:
        meta = apps.get_model("tracing", model_name)._meta
        rewrite(schema_editor.connection, meta.db_table, column, f"{meta.label_lower}.{column}")


def seal(apps, schema_editor):
    _each(apps, schema_editor, seal_stored_values)


def unseal(apps, schema_editor):
    _each(apps, schema_editor, unseal_stored_values)


class Migration(migrations.Migration):
    dependencies = [("tracing", "0003_sensitive_fields_encrypted")]

    operations = [migrations.RunPython(seal, unseal)]
