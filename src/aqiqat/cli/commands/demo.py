"""`aqiqat demo`: fill the database (or a folder of files) with the fictional demo world."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from aqiqat.cli.django_setup import require_database, setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo", help="load the synthetic demo data (clearly fictional people)"
    )
    parser.add_argument("--people", type=int, default=2000, help="size of the population")
    parser.add_argument("--seed", type=int, default=2022, help="same seed, same data")
    parser.add_argument(
        "--files",
        type=Path,
        metavar="DIR",
        help="write the lists, mapping.json and the ground truth to DIR instead of the database",
    )
    parser.add_argument(
        "--if-empty",
        action="store_true",
        help="do nothing (and succeed) when the database already holds records",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.people < 1:
        raise UserError("--people must be at least 1")
    from aqiqat.demo import generate, write_files

    if args.files is not None:
        world = generate(people=args.people, seed=args.seed)
        try:
            mapping = write_files(world, args.files)
        except OSError as exc:
            raise UserError(f"cannot write the demo files to {args.files}: {exc.strerror}") from exc
        console.print(f"Wrote {len(world.lists)} lists; mapping: {mapping}")
        return 0

    setup_django()
    require_database()
    from aqiqat.services.demo_data import DemoAlreadyLoaded, database_is_empty, load_demo

    if args.if_empty and not database_is_empty():
        console.print("The database already holds records; the demo was not loaded again.")
        return 0
    started = time.perf_counter()
    with console.status(f"Generating {args.people:,} fictional people…") as status:
        world = generate(people=args.people, seed=args.seed)

        def progress(stage: str, count: int) -> None:
            status.update(f"Loading {stage} ({count:,})…")

        try:
            summary = load_demo(world, progress=progress)
        except DemoAlreadyLoaded as exc:
            raise UserError(str(exc)) from exc
    console.print(
        f"Demo loaded in {time.perf_counter() - started:.1f} s: {summary.people:,} people, "
        f"{summary.records:,} records from {summary.sources} lists, {summary.events:,} events, "
        f"{summary.complaints:,} complaints, {summary.tracing_requests:,} tracing requests. "
        "All names are fictional."
    )
    return 0
