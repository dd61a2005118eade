"""Person search over a million demo records: cold start, latency, Recall@10 and MRR.

Run: .venv/bin/python bench/bench_search.py [--people 1000000] [--queries 2000]

The index is built straight from the generated list rows, parsed by the same
`record_fields` that import uses, i.e. from exactly the fields the database would hold;
loading a million people into SQLite first takes about a quarter of an hour on this
machine (see docs/benchmarks.md) and changes nothing the index sees. Parsing is done once
and cached under /tmp (it is import's cost, not search's); the cold start measured is the
index build from parsed fields. Queries are made from the generator's truth, each with the year of
birth: the full name (with the patronymic, as relatives give it) romanised, given name and
surname only romanised, the full name on a Russian keyboard, with a typo in the surname,
surname with initials, and the surname alone; a hit is the true person among the first
ten persons (records grouped by truth).
"""

from __future__ import annotations

import argparse
import gc
import pickle
import random
import statistics
import time
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path

from aqiqat.demo import DemoPerson, generate
from aqiqat.demo.render import typo
from aqiqat.names import russian_keyboard, transliterate
from aqiqat.search import Entry, Query, QueryError, SearchIndex, snapshot

GROUPS = 10
RECORDS_READ = 60  # as the selector reads: persons often have several records
TIES_READ = 20_000  # to count namesakes for the ceiling; not timed


def _parse(job: tuple[str, dict[str, str], list[dict[str, str]], str]) -> list[Entry]:
    from aqiqat.services.record_fields import record_fields

    name, columns, rows, id_header = job
    out = []
    for number, row in enumerate(rows, start=1):
        f = record_fields(row, columns)
        out.append(
            Entry(
                f"{name}:{row.get(id_header, '') or number}" if id_header else f"{name}:{number}",
                f["surname"],
                f["given_name"],
                f["patronymic"],
                f["sex"] if f["sex"] in ("M", "F") else "",
                f["birth_year_min"],
                f["birth_year_max"],
                f.get("place_id") or "",
            )
        )
    return out


def parsed_rows(people: int, seed: int) -> tuple[list[Entry], dict[str, str], list[DemoPerson]]:
    cache = Path(f"/tmp/aqiqat-bench-search-{people}-{seed}.pickle")
    if cache.exists():
        with cache.open("rb") as handle:
            return pickle.load(handle)
    started = time.perf_counter()
    world = generate(people, seed)
    print(f"generated {people:,} people in {time.perf_counter() - started:.1f} s")
    jobs = []
    truth: dict[str, str] = {}
    chunk = 20_000
    for demo_list in world.lists:
        id_header = demo_list.columns.get("record_id", "")
        for start in range(0, len(demo_list.rows), chunk):
            rows = demo_list.rows[start : start + chunk]
            # Row numbers must run on across chunks: give each chunk its ids up front.
            numbered = [
                row if id_header else {**row, "__row__": str(start + i + 1)}
                for i, row in enumerate(rows)
            ]
            jobs.append((demo_list.name, demo_list.columns, numbered, id_header or "__row__"))
        for number, (row, truth_id) in enumerate(
            zip(demo_list.rows, demo_list.truth_ids, strict=True), start=1
        ):
            local = row.get(id_header, "") if id_header else ""
            truth[f"{demo_list.name}:{local or number}"] = truth_id
    started = time.perf_counter()
    with Pool(2) as pool:
        entries = [e for part in pool.imap(_parse, jobs, chunksize=1) for e in part]
    print(f"parsed {len(entries):,} rows in {time.perf_counter() - started:.1f} s (import's cost)")
    reported = set(truth.values())
    people_reported = [p for p in world.people if p.truth_id in reported]
    with cache.open("wb") as handle:
        pickle.dump((entries, truth, people_reported), handle, protocol=5)
    return entries, truth, people_reported


def queries(people: list[DemoPerson], n: int, seed: int) -> list[tuple[str, str, Query | None]]:
    """(kind, truth id, query) for n people picked at random, one kind each in turn; the
    query is None when search refuses the text (it counts as a miss)."""
    rng = random.Random(seed)
    kinds = ("latin", "latin_short", "russified", "typo", "initials", "surname_year")
    out: list[tuple[str, str, Query | None]] = []
    for i, person in enumerate(rng.sample(people, n)):
        kind = kinds[i % len(kinds)]
        born = person.birth_date.year
        full = " ".join(p for p in (person.surname, person.given, person.patronymic) if p)
        if kind == "latin":
            system = rng.choice(("icao", "bgn", "kz2021", "informal"))
            text = transliterate(full, system)
        elif kind == "latin_short":
            system = rng.choice(("icao", "bgn", "kz2021", "informal"))
            text = transliterate(f"{person.given} {person.surname}", system)
        elif kind == "russified":
            text = russian_keyboard(full)
        elif kind == "typo":
            text = " ".join(
                p for p in (typo(person.surname, rng), person.given, person.patronymic) if p
            )
        elif kind == "initials":
            father = f"{person.patronymic[0]}." if person.patronymic else ""
            initials = f"{person.given[0]}.{father}"
            text = f"{transliterate(person.surname, 'icao')} {initials}"
        else:
            text = person.surname
        try:
            out.append((kind, person.truth_id, Query.read(text, born=born)))
        except QueryError as exc:
            print(f"  query refused, counted as a miss: {text!r} ({exc})")
            out.append((kind, person.truth_id, None))
    return out


def rank_of(index: SearchIndex, query: Query, truth: dict[str, str], wanted: str) -> int | None:
    persons: list[str] = []
    for hit in index.search(query, limit=RECORDS_READ):
        person = truth[hit.record_id]
        if person not in persons:
            persons.append(person)
        if len(persons) == GROUPS:
            break
    return persons.index(wanted) + 1 if wanted in persons else None


def tie_ceiling(index: SearchIndex, query: Query, truth: dict[str, str], wanted: str) -> float:
    """The best Recall@10 a ranker can expect when it cannot tell apart the persons whose
    records agree with the query exactly as well as the sought person's do: 10 places
    shared at random among them, after those that agree better."""
    best: dict[str, float] = {}
    for hit in index.search(query, limit=TIES_READ):
        person = truth[hit.record_id]
        best[person] = max(best.get(person, 0.0), hit.score)
    if wanted not in best:
        return 1.0
    above = sum(score > best[wanted] for score in best.values())
    tied = sum(score == best[wanted] for score in best.values())
    return min(1.0, max(0, GROUPS - above) / tied)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument(
        "--freeze", action="store_true", help="gc.freeze() after the build, as the server does"
    )
    args = parser.parse_args()
    entries, truth, people = parsed_rows(args.people, args.seed)
    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    index = SearchIndex()
    index.add(entries)
    print(
        f"cold start: indexed {len(index):,} records in {time.perf_counter() - started:.1f} s"
        f" ({time.process_time() - cpu:.1f} s of CPU)"
    )
    saved = Path(f"/tmp/aqiqat-bench-search-{args.people}.bin")
    started = time.perf_counter()
    snapshot.save(index, saved, {})
    print(
        f"saved the index ({saved.stat().st_size / 1e6:.0f} MB) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    started, cpu = time.perf_counter(), time.process_time()
    index = snapshot.load(saved)[0]
    print(
        f"cold start from the saved index: {time.perf_counter() - started:.2f} s"
        f" ({time.process_time() - cpu:.2f} s of CPU)"
    )
    saved.unlink()
    if args.freeze:
        # What the server's live index does after a large build (see services/tracing).
        gc.freeze()
    made = queries(people, args.queries, args.seed)
    searched = [query for _kind, _wanted, query in made if query is not None]
    for warm in searched[:200]:  # warm-up: word caches, as a running server has
        index.search(warm, limit=RECORDS_READ)
    timings: list[float] = []
    # CPU time too: on a machine shared with other work, wall time measures the others.
    cpu_timings: list[float] = []
    kind_timings: dict[str, list[float]] = defaultdict(list)
    ranks: dict[str, list[int | None]] = defaultdict(list)
    ceilings: dict[str, list[float]] = defaultdict(list)
    for kind, wanted, query in made:
        if query is None:
            ranks[kind].append(None)
            continue
        started, cpu = time.perf_counter(), time.process_time()
        rank = rank_of(index, query, truth, wanted)
        timings.append((time.perf_counter() - started) * 1000)
        cpu_timings.append((time.process_time() - cpu) * 1000)
        kind_timings[kind].append(timings[-1])
        ranks[kind].append(rank)
        ceilings[kind].append(tie_ceiling(index, query, truth, wanted))
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95)]
    print(f"{len(timings):,} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms")
    cpu_timings.sort()
    print(
        f"  CPU time per query: p50 {statistics.median(cpu_timings):.1f} ms,"
        f" p95 {cpu_timings[int(len(cpu_timings) * 0.95)]:.1f} ms, max {cpu_timings[-1]:.1f} ms"
    )
    every = [r for kind_ranks in ranks.values() for r in kind_ranks]
    ceilings["all"] = [c for kind_ceilings in ceilings.values() for c in kind_ceilings]
    print("  (ceiling: the Recall@10 possible when namesakes born the same year are tied)")
    for kind, kind_ranks in [*ranks.items(), ("all", every)]:
        recall = sum(r is not None for r in kind_ranks) / len(kind_ranks)
        mrr = sum(1 / r for r in kind_ranks if r) / len(kind_ranks)
        spent = sorted(kind_timings.get(kind, timings))
        p95_kind = spent[int(len(spent) * 0.95)]
        ceiling = statistics.fmean(ceilings[kind]) if ceilings[kind] else float("nan")
        print(
            f"  {kind:13} n={len(kind_ranks):5}  Recall@10 {recall:.3f}  MRR {mrr:.3f}"
            f"  ceiling {ceiling:.3f}  p95 {p95_kind:.1f} ms"
        )


if __name__ == "__main__":
    main()
