"""Persons dated before status dates had a precision get the precision of the report that
set their status: a record claiming that status on that date, or an event saying it. Where
several do, the finest (a source that gave the day knew the day). Where none does any more
(its record was split off to another person, say), the date itself tells when it can:
every way into a status date writes a month or a year as its first day, so a date that is
not the first of a month is a day. A first of the month with no report left is kept as
"unknown": it may be 1 February or February, and it is shown as the full date it was shown
as before. Undated statuses keep "unknown". Going back drops the column (0009)."""

from django.db import migrations

BATCH = 2000
FINEST_FIRST = ("day", "month", "year")
# What an event says of the person's status (services.person_status.EVENT_STATUS as of
# this migration; migrations do not import the application's code).
EVENT_STATUS = {
    "detention": "detained",
    "transfer": "detained",
    "sentence": "detained",
    "release": "released",
    "injury": "injured",
    "death": "killed",
    "disappearance": "missing",
    "found": "found",
}


def _reports(apps, ids):
    """(person id, status, date) -> the precisions the person's records and events give."""
    told = {}
    records = (
        apps.get_model("sources", "Record")
        .objects.filter(person_id__in=ids, event_date__isnull=False)
        .values_list("person_id", "claimed_status", "event_date", "event_date_precision")
    )
    for person_id, status, on, precision in records:
        told.setdefault((person_id, status, on), set()).add(precision)
    events = (
        apps.get_model("people", "Event")
        .objects.filter(person_id__in=ids, on__isnull=False)
        .values_list("person_id", "kind", "on", "on_precision")
    )
    for person_id, kind, on, precision in events:
        if kind in EVENT_STATUS:
            told.setdefault((person_id, EVENT_STATUS[kind], on), set()).add(precision)
    return told


def _precision(person, told):
    given = told.get((person.pk, person.status, person.status_on), set())
    known = [p for p in FINEST_FIRST if p in given]
    if known:
        return known[0]
    return "day" if person.status_on.day != 1 else "unknown"


def fill(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    dated = Person.objects.filter(status_on__isnull=False).only("status", "status_on")
    batch = []
    for person in dated.order_by("pk").iterator(BATCH):
        batch.append(person)
        if len(batch) == BATCH:
            _write(apps, Person, batch)
            batch = []
    _write(apps, Person, batch)


def _write(apps, Person, batch):
    told = _reports(apps, [person.pk for person in batch])
    for person in batch:
        person.status_on_precision = _precision(person, told)
    Person.objects.bulk_update(
        [p for p in batch if p.status_on_precision != "unknown"], ["status_on_precision"]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0009_person_status_on_precision"),
        ("sources", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
