"""Loading the gazetteer file (aqiqat.names) into Place rows, idempotently."""

from __future__ import annotations

from django.db import transaction

from aqiqat.apps.places.models import Place
from aqiqat.names.places import Place as GazetteerEntry
from aqiqat.names.places import load_gazetteer


def sync_gazetteer() -> dict[str, Place]:
    """Create or update a Place for every gazetteer entry; returns them by gazetteer id."""
    entries = load_gazetteer()
    known = set(Place.Kind.values)
    by_id = {p.gazetteer_id: p for p in Place.objects.all()}
    with transaction.atomic():
        for entry in _parents_first(entries):
            values = {
                "kind": entry.kind if entry.kind in known else Place.Kind.OTHER,
                "parent": by_id.get(entry.parent_id) if entry.parent_id else None,
                "name_kk": entry.name_kk,
                "name_ru": entry.name_ru,
                "name_en": entry.name_en,
                "name_latin": entry.name_latin,
                "historical_names": list(entry.historical_names),
                "latitude": entry.lat,
                "longitude": entry.lon,
            }
            place = by_id.get(entry.id)
            if place is None:
                by_id[entry.id] = Place.objects.create(gazetteer_id=entry.id, **values)
            elif any(getattr(place, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(place, key, value)
                place.save()
    return by_id


def _parents_first(entries: list[GazetteerEntry]) -> list[GazetteerEntry]:
    ordered: list[GazetteerEntry] = []
    placed: set[str] = set()
    pending = list(entries)
    while pending:
        ready = [e for e in pending if not e.parent_id or e.parent_id in placed]
        if not ready:
            raise ValueError("the gazetteer has a parent cycle or an unknown parent id")
        ordered.extend(ready)
        placed.update(e.id for e in ready)
        pending = [e for e in pending if e.id not in placed]
    return ordered
