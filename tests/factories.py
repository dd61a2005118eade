"""Small builders for fictional test data."""

from __future__ import annotations

from typing import Any

from aqiqat.apps.people.models import Person
from aqiqat.apps.sources.models import Record, Source


def make_source(name: str = "ngo-list", **fields: Any) -> Source:
    fields.setdefault("kind", Source.Kind.NGO)
    fields.setdefault("channel", Source.Channel.FILE)
    return Source.objects.create(name=name, **fields)


def make_person(name: str = "Серікбаев Ерлан Асқарұлы", **fields: Any) -> Person:
    return Person.objects.create(display_name=name, **fields)


def make_record(
    source: Source | None = None, person: Person | None = None, **fields: Any
) -> Record:
    fields.setdefault("full_name", "Серікбаев Ерлан Асқарұлы")
    fields.setdefault("raw", {"ФИО": fields["full_name"]})
    if source is None:
        source = Source.objects.filter(name="ngo-list").first() or make_source()
    return Record.objects.create(source=source, person=person, **fields)
