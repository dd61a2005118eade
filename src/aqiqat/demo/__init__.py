"""A deterministic, clearly fictional population for demos, tests and benchmarks. No Django here.

    world = generate(people=1000, seed=2022)
    mapping = write_files(world, Path("demo-out"))

Every list marks itself as fictional; phone numbers use the non-existent operator code 000.
"""

from __future__ import annotations

import random

from aqiqat.demo.casework import build_complaints, build_tracing
from aqiqat.demo.files import write_files
from aqiqat.demo.geography import build_geography
from aqiqat.demo.model import (
    DemoComplaint,
    DemoEvent,
    DemoFacility,
    DemoList,
    DemoPerson,
    DemoTracingRequest,
    DemoWorld,
)
from aqiqat.demo.population import generate_population
from aqiqat.demo.sources import build_lists
from aqiqat.demo.timeline import generate_timeline

__all__ = [
    "DemoComplaint",
    "DemoEvent",
    "DemoFacility",
    "DemoList",
    "DemoPerson",
    "DemoTracingRequest",
    "DemoWorld",
    "generate",
    "write_files",
]


def generate(people: int = 1000, seed: int = 2022) -> DemoWorld:
    """A world of `people` fictional people and the lists that report on them."""
    if people < 1:
        raise ValueError("people must be at least 1")
    geo = build_geography()

    # One stream per stage, so that changing how lists are written leaves the people alone.
    def stream(stage: str) -> random.Random:
        return random.Random(f"aqiqat-demo:{seed}:{stage}")

    pop = generate_population(people, geo, stream("people"))
    tl = generate_timeline(pop, geo, stream("events"))
    return DemoWorld(
        seed=seed,
        people=pop.people,
        facilities=list(geo.facilities),
        events=tl.events,
        lists=build_lists(pop, tl, geo, stream("lists")),
        complaints=build_complaints(
            pop, tl, stream("complaints"), [f.facility_id for f in geo.facilities]
        ),
        tracing_requests=build_tracing(pop, tl, geo, stream("tracing")),
    )
