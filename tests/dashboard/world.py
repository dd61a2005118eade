"""A small fictional world for the dashboard, public-page and report tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from aqiqat.apps.cases.models import Authority, Case, CaseStatusChange, Complaint
from aqiqat.apps.evidence.models import Evidence
from aqiqat.apps.people.models import Event, Person
from aqiqat.apps.places.models import Place
from aqiqat.apps.vocabulary import PersonStatus

# Fictional names only.
NAMES = ["Әлімбеков Дәурен", "Сапарова Гүлнар", "Жұмабаев Ерлан", "Қасымова Айгерім"]


@dataclass
class World:
    people: list[Person] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    def named(self, status: str) -> list[Person]:
        return [p for p in self.people if p.status == status]


def region(gazetteer_id: str) -> Place:
    return Place.objects.get(gazetteer_id=gazetteer_id)


def add_people(
    world: World, count: int, status: str, place: Place | None, *, detained: bool = False
) -> list[Person]:
    made = []
    for i in range(count):
        name = f"{NAMES[i % len(NAMES)]} {status}-{place.gazetteer_id if place else 'x'}-{i}"
        person = Person.objects.create(display_name=name, display_name_latin=name, status=status)
        if place is not None:
            Event.objects.create(
                person=person, kind=Event.Kind.INJURY, on=date(2022, 1, 5), place=place
            )
        if detained:
            Event.objects.create(person=person, kind=Event.Kind.DETENTION, on=date(2022, 1, 6))
        if status == PersonStatus.KILLED:
            Event.objects.create(
                person=person, kind=Event.Kind.DEATH, on=date(2022, 1, 6), place=place
            )
        made.append(person)
    world.people.extend(made)
    return made


def build_world(actor: Any) -> World:
    """Two regions: one with large counts, one with a small cell of 2 killed."""
    world = World()
    almaty = region("kz-almaty")
    other = (
        Place.objects.filter(kind=Place.Kind.REGION).exclude(pk=almaty.pk).order_by("name_en")[0]
    )
    add_people(world, 12, PersonStatus.KILLED, almaty)
    add_people(world, 9, PersonStatus.DETAINED, almaty, detained=True)
    add_people(world, 7, PersonStatus.RELEASED, almaty, detained=True)
    add_people(world, 2, PersonStatus.KILLED, other)
    add_people(world, 8, PersonStatus.DETAINED, other, detained=True)
    victim = world.named(PersonStatus.DETAINED)[0]
    Event.objects.create(
        person=victim,
        kind=Event.Kind.ILL_TREATMENT,
        on=date(2022, 1, 7),
        description="Fictional testimony: beaten during questioning.",
    )
    case = Case.objects.create(
        number="FICT-001",
        authority=Authority.PROSECUTOR,
        status=Case.Status.REGISTERED,
        status_on=date(2022, 2, 1),
    )
    CaseStatusChange.objects.create(case=case, status=Case.Status.REGISTERED, on=date(2022, 2, 1))
    Complaint.objects.create(
        person=victim,
        filed_by="his mother (fictional)",
        authority=Authority.PROSECUTOR,
        filed_on=date(2022, 1, 20),
        case=case,
    )
    world.evidence.append(
        Evidence.objects.create(
            sha256="ab" * 32,
            size=1234,
            media_type="image/jpeg",
            original_name="bruises.jpg",
            storage_name="x/ab",
            person=victim,
        )
    )
    return world
