"""`aqiqat search`: find a person across scripts, as a named user may see them."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.table import Table

from aqiqat.cli.django_setup import require_database, setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "search", help="find a person by name in any script, with birth year and place"
    )
    parser.add_argument("query", nargs="+", metavar="QUERY", help="the name (quotes optional)")
    parser.add_argument("--born", default="", metavar="YEAR", help="year of birth")
    parser.add_argument("--age", default="", help="age in years today, when the year is unknown")
    parser.add_argument("--sex", default="", choices=("", "M", "F"), help="M or F")
    parser.add_argument("--place", default="", metavar="P", help="place the person is from")
    parser.add_argument("--limit", type=int, default=10, help="results to show (default 10)")
    parser.add_argument(
        "--as",
        dest="username",
        metavar="USERNAME",
        help="act as this user: their role decides what is shown (default: the first admin)",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    require_database()
    from aqiqat.cli.acting_user import resolve_actor
    from aqiqat.selectors.search import SearchRefused, read_query, search_persons

    user = resolve_actor(args.username)
    if not user.has_perm("people.view_person"):
        raise UserError(f"{user.get_username()} may not see persons, so cannot search them")
    if not 1 <= args.limit <= 100:
        raise UserError("--limit must be between 1 and 100")
    try:
        query = read_query(
            " ".join(args.query), born=args.born, age=args.age, sex=args.sex, place=args.place
        )
    except SearchRefused as exc:
        raise UserError(exc.message) from exc
    results = search_persons(user, query, limit=args.limit)
    if args.json:
        out = {
            "results": [
                {
                    key: r.as_json()[key]
                    for key in ("person_id", "score", "record_ids", "status", "why")
                }
                for r in results
            ],
            "more_as_good": results.as_good_not_shown,
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return 0
    if "place_unknown" in query.notes:
        console.print(f"The place {query.place_text!r} is not in the gazetteer; it was not used.")
    if not results:
        console.print("No one found. Try another spelling, fewer name parts, or no birth year.")
        return 0
    table = Table("score", "name", "born", "status", "why")
    for result in results:
        table.add_row(
            f"{result.score:.2f}",
            result.name,
            result.born,
            f"{result.status.text} ({result.status.source})"
            if result.status.source
            else result.status.text,
            "; ".join(reason.text for reason in result.why),
        )
    console.print(table)
    if results.as_good_not_shown:
        console.print(
            f"{results.as_good_not_shown} more record(s) match as well as the last person "
            "shown: add a given name, an exact date of birth, the sex or a place."
        )
    return 0
