from typing import Any

from django.db import migrations, models

# The synced models when the change log arrived; rows written before it are all marked once,
# so the first scan after this upgrade compares everything, as every scan did before.
SYNCED = (
    "sources.source",
    "evidence.evidence",
    "sources.importbatch",
    "people.person",
    "sources.record",
    "people.linkdecision",
    "people.personchange",
    "people.event",
    "cases.case",
    "cases.complaint",
    "cases.casestatuschange",
    "evidence.custodyentry",
    "tracing.tracingrequest",
    "tracing.tracingstatuschange",
)


def mark_existing_rows(apps: Any, schema_editor: Any) -> None:
    quote = schema_editor.connection.ops.quote_name
    for label in SYNCED:
        table = apps.get_model(label)._meta.db_table
        schema_editor.execute(
            f"INSERT INTO sync_change (model, row_id) SELECT %s, id FROM {quote(table)}",  # noqa: S608
            [label],
        )


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    # The triggers (installed after migrate) write to the tables this migration made; going
    # back past it, they would make every write to a synced table fail.
    from aqiqat.apps.sync.triggers import drop

    drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("sync", "0001_peers_clocks_and_versions"),
        ("cases", "0007_search_text_as_keys"),
        ("evidence", "0002_relations_across_apps"),
        ("people", "0004_person_change"),
        ("sources", "0002_import_batches"),
        ("tracing", "0002_status_change_record_and_score"),
    ]

    operations = [
        migrations.CreateModel(
            name="Applying",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Change",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("model", models.CharField(max_length=64)),
                ("row_id", models.UUIDField()),
            ],
        ),
        migrations.RunPython(mark_existing_rows, drop_triggers),
    ]
