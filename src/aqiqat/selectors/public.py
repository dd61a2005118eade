"""What anyone may see without logging in: suppressed aggregates and the consented memorial.

Nothing here returns a person except the memorial, and there only the name, the date and
place of death, for the killed whose families consented and did not withdraw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import get_language

from aqiqat.apps.figures.models import Measure, MemorialConsent
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.disclosure import THRESHOLD, SuppressedTable, suppress_table
from aqiqat.names import transliterate
from aqiqat.selectors import counts
from aqiqat.selectors.dashboard import region_rows

# The public table's columns, each a group of current statuses (see counts.STATUS_GROUPS).
PUBLIC_GROUPS = tuple(counts.STATUS_GROUPS)
# Headline figures whose documented number is a column total of the public table.
COLUMN_OF_MEASURE: dict[str, str] = {
    Measure.KILLED: "killed",
    Measure.STILL_HELD: "still_held",
    Measure.INJURED: "injured",
    Measure.MISSING: "missing",
}


def status_table() -> SuppressedTable:
    """Persons by region and current status, with margins, small cells suppressed."""
    rows = region_rows(counts.region_counts())
    return suppress_table([row.label for row in rows], PUBLIC_GROUPS, [row.cells for row in rows])


def public_headlines(table: SuppressedTable) -> list[counts.HeadlineRow]:
    """Official, documented, estimated side by side; documented as the table shows it."""
    total_row = len(table.rows)
    result = []
    for headline in counts.headlines():
        column = COLUMN_OF_MEASURE.get(headline.measure)
        withheld = False
        if column is not None:
            j = PUBLIC_GROUPS.index(column)
            documented = table.shown(total_row, j)
            withheld = documented is None and not table.primary[total_row][j]
        else:
            documented = headline.documented if headline.documented >= THRESHOLD else None
        result.append(counts.headline_row(headline, documented, withheld))
    return result


@dataclass(frozen=True)
class MemorialEntry:
    name: str
    name_latin: str
    died_on: date | None
    place: str


def memorial() -> list[MemorialEntry]:
    """The killed whose families consented, consent not withdrawn; name, date and place only."""
    # From the (small) consents to the persons, so the persons table is read by key only.
    consented = MemorialConsent.objects.filter(retracted_at__isnull=True).values("person_id")
    people = Person.objects.filter(pk__in=consented, status=PersonStatus.KILLED).order_by(
        "display_name_latin", "display_name", "id"
    )
    deaths = {
        event.person_id: event
        for event in counts.current_events()
        .filter(kind=Event.Kind.DEATH, person__in=people)
        .select_related("place")
        .order_by("-on")
    }
    entries = []
    for person in people:
        death = deaths.get(person.pk)
        entries.append(
            MemorialEntry(
                person.display_name,
                person.display_name_latin or transliterate(person.display_name, "kz2021"),
                death.on if death else None,
                _place_name(death.place) if death and death.place else "",
            )
        )
    return entries


def _place_name(place: Any) -> str:
    language = get_language() or "en"
    return str(getattr(place, f"name_{language}", "") or place.name_en)
