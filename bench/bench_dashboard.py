"""Dashboard and public pages at scale: p50 and p95 per page, warm and just after a write.

Run: .venv/bin/python bench/bench_dashboard.py [--people 160000] [--cases 20000] [--data DIR]

Loads the demo into a temporary data folder (`aqiqat init`, `aqiqat demo`; --people is the
generator's population, of whom about 62% appear on a list and become persons, so the
default gives about 100,000 persons), tops the cases up to --cases as bench_case_lists.py
does, then asks each page REPEAT times through Django's test client as an analyst (public
pages anonymously). Counts are cached until the next audited write, so two figures are
given per page: warm (no write since) and cold (a new event added through the service just
before each request, a write that changes the counts: the cache is emptied and the counts
come from the kept count cells). Also timed: one full recount of every person, which a
write outside the services that keep counts costs once. Target (issue #8): p95 under
300 ms with 100,000 people and 20,000 cases.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_case_lists import aqiqat, top_up_cases

REPEAT = 20
COLD_REPEAT = 20
TARGET_MS = 300.0


def timed(client: Any, url: str, repeat: int, before: Callable[[], None]) -> list[float]:
    timings = []
    for _ in range(repeat):
        before()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(timings)


def p95(timings: list[float]) -> float:
    return timings[max(0, int(len(timings) * 0.95) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=160_000)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--data", type=Path, help="an already loaded data folder")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="aqiqat-bench-dashboard-"))
    os.environ.setdefault("AQIQAT_PASSPHRASE_FILE", str(data.parent / f"{data.name}.passphrase"))
    if args.data is None:
        started = time.perf_counter()
        aqiqat(data, "init", "--generate-passphrase")
        aqiqat(data, "demo", "--people", str(args.people))
        print(f"loaded the demo in {time.perf_counter() - started:.0f} s into {data}")
    os.environ["AQIQAT_DATA_DIR"] = str(data)
    from aqiqat.cli.django_setup import setup_django

    setup_django()
    from django.conf import settings
    from django.test import Client

    from aqiqat.apps.accounts.models import User
    from aqiqat.apps.cases.models import Case
    from aqiqat.apps.people.models import Event, Person
    from aqiqat.apps.places.models import Place
    from aqiqat.services.accounts import create_user
    from aqiqat.services.counts import recount
    from aqiqat.services.person_events import EventDetails, add_event

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if not User.objects.filter(username="bench-lawyer").exists():
        create_user("bench-lawyer", role="lawyer")
    if not User.objects.filter(username="bench-analyst").exists():
        create_user("bench-analyst", role="analyst")
    analyst = User.objects.get(username="bench-analyst")
    top_up_cases(args.cases, User.objects.get(username="bench-lawyer"))
    print(
        f"{Person.objects.count():,} persons, {Event.objects.count():,} events, "
        f"{Case.objects.count():,} cases"
    )

    started = time.perf_counter()
    recount()
    print(f"full recount of every person: {time.perf_counter() - started:.1f} s")

    def nothing() -> None:
        pass

    people = iter(Person.objects.order_by("?").values_list("pk", flat=True)[:1000])
    place = Place.objects.filter(kind=Place.Kind.REGION).first()

    def audited_write() -> None:
        person = Person.objects.get(pk=next(people))
        details = EventDetails(kind=Event.Kind.DETENTION, on=date(2022, 1, 9), place=place)
        add_event(analyst, person, details)

    # Page 500 as the "Next" link reaches it: from the last person of page 499.
    from aqiqat.selectors.counts import documented_people
    from aqiqat.selectors.dashboard import NAME_ORDER

    detained = documented_people("detained").order_by(*NAME_ORDER).values_list("pk", flat=True)
    deep = f"page=500&after={detained[499 * 50 - 1]}"

    signed_in = Client()
    signed_in.force_login(analyst)
    anonymous = Client()
    pages = [
        ("dashboard", signed_in, "/dashboard/"),
        ("chart: regions", signed_in, "/dashboard/charts/regions.svg"),
        ("chart: by day", signed_in, "/dashboard/charts/daily.svg"),
        ("documented: killed", signed_in, "/dashboard/documented/killed/"),
        ("documented: injured", signed_in, "/dashboard/documented/injured/"),
        ("documented: detained", signed_in, "/dashboard/documented/detained/"),
        ("documented: det. p.500", signed_in, f"/dashboard/documented/detained/?{deep}"),
        ("public figures", anonymous, "/public/"),
        ("public memorial", anonymous, "/public/memorial/"),
        ("public methods", anonymous, "/public/methods/"),
    ]
    failures = 0
    for name, client, url in pages:
        client.get(url)  # fill the cache
        warm = timed(client, url, REPEAT, nothing)
        cold = timed(client, url, COLD_REPEAT, audited_write)
        failures += max(p95(warm), p95(cold)) >= TARGET_MS
        print(
            f"{name:22} warm p50 {statistics.median(warm):6.1f}  p95 {p95(warm):6.1f} ms"
            f"   cold p50 {statistics.median(cold):7.1f}  p95 {p95(cold):7.1f} ms"
            f"  {'ok' if max(p95(warm), p95(cold)) < TARGET_MS else 'OVER TARGET'}"
        )
    print("all pages under target" if not failures else f"{failures} over target")


if __name__ == "__main__":
    main()
