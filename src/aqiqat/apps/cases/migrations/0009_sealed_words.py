"""A complaint's sealed words get a column and a place in the search index (schema only:
on PostgreSQL a table's schema cannot change in a transaction that still holds trigger
events from updates of its rows, which the sync change log's triggers leave; so the data
moves in 0010 and 0011, each in its own transaction)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_dashboard_count_indexes")]

    operations = [
        migrations.AddField(
            model_name="complaint",
            name="sealed_words",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RemoveIndex(model_name="complaint", name="complaint_search_text"),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                fields=["search_text", "sealed_words", "id"], name="complaint_search_words"
            ),
        ),
    ]
