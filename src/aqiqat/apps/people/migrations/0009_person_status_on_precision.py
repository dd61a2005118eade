from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0008_personchange_status_change"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="status_on_precision",
            field=models.CharField(
                choices=[
                    ("day", "exact day"),
                    ("month", "month only"),
                    ("year", "year only"),
                    ("ambiguous", "day and month uncertain"),
                    ("unknown", "unknown"),
                ],
                default="unknown",
                db_default="unknown",
                max_length=16,
            ),
        ),
    ]
