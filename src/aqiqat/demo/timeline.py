"""What happened to each person in and after January 2022, as dated events."""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass
from datetime import date

from aqiqat.demo.geography import City, Geography
from aqiqat.demo.model import DemoEvent, EventKind
from aqiqat.demo.population import Population
from aqiqat.demo.render import day

JAN = date(2022, 1, 1).toordinal() - 1  # JAN + 5 is 5 January 2022

# Day of January -> relative weight; the shooting peaked on 5-6 January, arrests went on.
VIOLENCE_DAYS = {4: 4, 5: 30, 6: 28, 7: 15, 8: 9, 9: 5, 10: 4, 11: 3}
DETENTION_DAYS = {
    4: 3, 5: 9, 6: 12, 7: 13, 8: 12, 9: 10, 10: 9, 11: 8, 12: 6, 13: 5, 14: 4,
    15: 3, 16: 3, 17: 2, 18: 2, 19: 2, 20: 2, 24: 1, 27: 1, 31: 1,
}  # fmt: skip
# Share of events that happen in Almaty although the person lives elsewhere.
TRAVELLED = 0.12
# Share of the killed and injured placed by where the violence was rather than by home.
SHOT_WHERE_VIOLENT = 0.5

CHARGED = 1
ILL_TREATED = 2
DIED_IN_HOSPITAL = 4
DETAINED = 16
SENTENCED = 32
DISAPPEARED = 128

NOTES: dict[str, tuple[str, ...]] = {
    "detention": ("detained near the square", "detained at home", "detained at a checkpoint"),
    "transfer": ("transferred to pre-trial detention",),
    "release": ("released without charge",),
    "charge": ("charged with taking part in mass riots", "charged with hooliganism"),
    "sentence": ("sentenced; appeal pending", "sentenced to a term of imprisonment"),
    "ill_treatment": (
        "alleges beatings during questioning",
        "alleges beatings on arrest",
        "alleges being held in a stress position",
    ),
    "injury": ("gunshot wound", "injured in a crowd", "injured by a stun grenade"),
    "death": ("shot on the street", "killed by gunfire"),
    "disappearance": ("not seen since the protests", "last seen near a police cordon"),
    "found": ("found in a detention centre", "found at a morgue"),
}


@dataclass(slots=True)
class Timeline:
    """Events plus per-person summaries that the sources report from (parallel arrays)."""

    events: list[DemoEvent]
    start_date: array[int]  # the person's first event
    key_date: array[int]  # the date a source reports: detention, injury, death, disappearance
    key_city: bytearray
    detention_facility: array[int]  # last detention facility, -1 if never held
    hospital: array[int]  # -1 if never treated
    morgue: array[int]  # -1 unless killed
    end_date: array[int]  # release, death or sentence date; 0 if none
    flags: bytearray


def _days(weights: dict[int, int]) -> list[int]:
    return [JAN + d for d, w in weights.items() for _ in range(w)]


class _Story:
    """Writes one person's events at a time; flags collect what happened to them."""

    def __init__(self, geo: Geography, rng: random.Random, events: list[DemoEvent]) -> None:
        self.rng = rng
        self.events = events
        self.facility_ids = [f.facility_id for f in geo.facilities]
        self.tid = self.place = ""
        self.city = geo.cities[0]
        self.flags = 0

    def begin(self, tid: str, city: City) -> None:
        self.tid, self.city, self.place, self.flags = tid, city, city.place.id, 0

    def add(self, kind: EventKind, on: int, facility: int, note: str = "") -> None:
        fid = self.facility_ids[facility] if facility >= 0 else None
        note = note or self.rng.choice(NOTES[kind])
        self.events.append(DemoEvent(self.tid, kind, day(on), self.place, fid, note))

    def held(self, start: int, sizo_share: float, ill_share: float, charge_share: float) -> int:
        """Detention, perhaps ill-treatment, transfer and charge; returns the last facility."""
        rand = self.rng.random
        fac = self.city.detention[0]
        self.add("detention", start, fac)
        self.flags |= DETAINED
        if rand() < ill_share:
            self.add("ill_treatment", start + int(rand() * 3), fac)
            self.flags |= ILL_TREATED
        if rand() < sizo_share:
            fac = self.city.detention[1]
            self.add("transfer", start + 1 + int(rand() * 4), fac)
        if rand() < charge_share:
            self.add("charge", start + 2 + int(rand() * 9), fac)
            self.flags |= CHARGED
        return fac

    def released(self, start: int, det: int) -> int:
        """A release some days after `start`; on bail when charged. Returns its date."""
        charged = self.flags & CHARGED
        end = start + 1 + int(self.rng.random() * (40 if charged else 12))
        self.add("release", end, det, "released on bail" if charged else "")
        return end


def generate_timeline(pop: Population, geo: Geography, rng: random.Random) -> Timeline:
    """Events for every person, consistent with their fate."""
    rand = rng.random
    violence = _days(VIOLENCE_DAYS)
    detention_days = _days(DETENTION_DAYS)
    tl = Timeline(
        events=[],
        start_date=array("i"),
        key_date=array("i"),
        key_city=bytearray(),
        detention_facility=array("i"),
        hospital=array("i"),
        morgue=array("i"),
        end_date=array("i"),
        flags=bytearray(),
    )
    events = tl.events
    story = _Story(geo, rng, events)
    add, held = story.add, story.held
    almaty = 0
    violent = [i for i, c in enumerate(geo.cities) for _ in range(c.violence_weight)]

    for i, person in enumerate(pop.people):
        fate = person.fate
        if fate in ("killed", "injured") and rand() < SHOT_WHERE_VIOLENT:
            city_index = violent[int(rand() * len(violent))]
        else:
            city_index = almaty if rand() < TRAVELLED else pop.home[i]
        city = geo.cities[city_index]
        story.begin(person.truth_id, city)
        det = hosp = morgue = -1
        end = 0
        first = len(events)
        if fate == "killed":
            key = violence[int(rand() * len(violence))]
            morgue = city.morgue
            r = rand()
            if r < 0.6:
                add("death", key, morgue)
            elif r < 0.85:
                hosp = city.hospitals[int(rand() * len(city.hospitals))]
                add("injury", key, hosp)
                key += int(rand() * 6)
                add("death", key, hosp, "died of wounds in hospital")
                story.flags |= DIED_IN_HOSPITAL
            elif r < 0.92:
                det = held(key, 0.3, 0.9, 0.0)
                key += 1 + int(rand() * 5)
                add("death", key, det, "died in custody")
            else:
                add("disappearance", key, -1)
                add("death", key + int(rand() * 2), -1, "body found days later")
                add("found", key + 2 + int(rand() * 18), morgue)
                story.flags |= DISAPPEARED
            end = key
        elif fate == "injured":
            key = violence[int(rand() * len(violence))]
            hosp = city.hospitals[int(rand() * len(city.hospitals))]
            add("injury", key, hosp)
            if rand() < 0.2:
                start = key + 1 + int(rand() * 10)
                det = held(start, 0.2, 0.3, 0.2)
                end = story.released(start, det)
        elif fate == "missing":
            key = detention_days[int(rand() * len(detention_days))]
            if rand() < 0.35:
                det = held(key, 0.3, 0.3, 0.0)
                key += 1 + int(rand() * 4)
            add("disappearance", key, det)
            story.flags |= DISAPPEARED
        else:
            key = detention_days[int(rand() * len(detention_days))]
            still_held = fate == "detained"
            if not still_held and rand() < 0.06:
                add("disappearance", key, -1)
                story.flags |= DISAPPEARED
            # Those still held were mostly moved to pre-trial detention and charged.
            det = held(key, 0.85, 0.3, 0.85) if still_held else held(key, 0.3, 0.15, 0.2)
            if story.flags & DISAPPEARED:
                add("found", key + 2 + int(rand() * 8), det)
            if not still_held:
                end = story.released(key, det)
            elif story.flags & CHARGED and rand() < 0.35:
                end = date(2022, 3, 1).toordinal() + int(rand() * 290)
                add("sentence", end, det)
                story.flags |= SENTENCED
        tl.start_date.append(events[first].on.toordinal())
        tl.key_date.append(key)
        tl.key_city.append(city_index)
        tl.detention_facility.append(det)
        tl.hospital.append(hosp)
        tl.morgue.append(morgue)
        tl.end_date.append(end)
        tl.flags.append(story.flags)
    return tl
