"""`aqiqat names`: check how a name is keyed, compare two names, romanise, resolve places."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.table import Table

from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console
from aqiqat.names import (
    SYSTEMS,
    compare,
    detect_script,
    parse_date,
    parse_name,
    resolve_place,
    transliterate,
)
from aqiqat.names.similarity import DEFAULT_THRESHOLD


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "names", help="names, places and dates across Kazakh, Russian and Latin scripts"
    )
    commands = parser.add_subparsers(dest="names_command", metavar="SUBCOMMAND")
    parser.set_defaults(handler=lambda _args: _print_help(parser))

    key = commands.add_parser("key", help="parse a name and show its canonical Latin key")
    key.add_argument("text", nargs="+", metavar="TEXT", help="the name (quotes optional)")
    key.add_argument("--json", action="store_true", help="machine-readable output")
    key.set_defaults(handler=run_key)

    cmp = commands.add_parser("compare", help="could two names be the same person?")
    cmp.add_argument("a", metavar="A")
    cmp.add_argument("b", metavar="B")
    cmp.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help=f"score from which the names count as the same (default {DEFAULT_THRESHOLD})",
    )
    cmp.add_argument("--json", action="store_true", help="machine-readable output")
    cmp.set_defaults(handler=run_compare)

    translit = commands.add_parser("translit", help="write Cyrillic in every Latin system")
    translit.add_argument("text", nargs="+", metavar="TEXT")
    translit.add_argument("--json", action="store_true", help="machine-readable output")
    translit.set_defaults(handler=run_translit)

    place = commands.add_parser("place", help="resolve a place name with the gazetteer")
    place.add_argument("text", nargs="+", metavar="TEXT")
    place.add_argument("--json", action="store_true", help="machine-readable output")
    place.set_defaults(handler=run_place)

    when = commands.add_parser("date", help="parse a date and show its precision")
    when.add_argument("text", nargs="+", metavar="TEXT")
    when.add_argument("--json", action="store_true", help="machine-readable output")
    when.set_defaults(handler=run_date)


def _print_help(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return 2


def _emit(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


def run_key(args: argparse.Namespace) -> int:
    text = " ".join(args.text)
    parsed = parse_name(text)
    if not parsed.ok:
        raise UserError(f"cannot read {text[:60]!r} as a name: {parsed.unparseable}")
    sex = str(parsed.sex) if parsed.sex else None
    data = {
        "input": text,
        "script": str(parsed.script),
        "key": parsed.key,
        "parts": parsed.parts_text(),
        "sex": sex,
    }
    if args.json:
        _emit(data)
        return 0
    table = Table(show_header=False, box=None)
    table.add_row("input", text)
    table.add_row("script", str(parsed.script))
    table.add_row("key", f"[bold]{parsed.key}[/]")
    for part, value in parsed.parts_text().items():
        table.add_row(part, value or "—")
    table.add_row("sex", sex or "not signalled")
    if parsed.sex_evidence:
        table.add_row("from", "; ".join(parsed.sex_evidence))
    table.add_row("order", str(parsed.order))
    for note in parsed.notes:
        table.add_row("note", note)
    console.print(table)
    return 0


def run_compare(args: argparse.Namespace) -> int:
    if not 0 < args.threshold <= 1:
        raise UserError("--threshold must be between 0 and 1")
    for text in (args.a, args.b):
        parsed = parse_name(text)
        if not parsed.ok:
            raise UserError(f"cannot read {text[:60]!r} as a name: {parsed.unparseable}")
    result = compare(args.a, args.b, threshold=args.threshold)
    if args.json:
        _emit({"score": result.score, "same": result.same})
        return 0
    verdict = "[green]same person[/]" if result.same else "[red]different people[/]"
    table = Table(show_header=False, box=None)
    table.add_row("A", f"{args.a}  →  {parse_name(args.a).key}")
    table.add_row("B", f"{args.b}  →  {parse_name(args.b).key}")
    table.add_row("score", f"{result.score:.3f} (threshold {args.threshold})")
    table.add_row("verdict", verdict)
    table.add_row("why", "; ".join(result.reasons))
    console.print(table)
    return 0


def run_translit(args: argparse.Namespace) -> int:
    text = " ".join(args.text)
    forms = {system: transliterate(text, system) for system in SYSTEMS}
    if args.json:
        _emit({"input": text, "script": str(detect_script(text)), "forms": forms})
        return 0
    table = Table("system", "written")
    for system, form in forms.items():
        table.add_row(system, form)
    console.print(table)
    return 0


def run_place(args: argparse.Namespace) -> int:
    text = " ".join(args.text)
    match = resolve_place(text)
    if match is None:
        raise UserError(f"no place in the gazetteer matches {text[:60]!r}")
    place = match.place
    data = {
        "input": text,
        "id": place.id,
        "kind": place.kind,
        "parent_id": place.parent_id,
        "name_en": place.name_en,
        "confidence": match.confidence,
        "how": match.how,
        "alternatives": list(match.alternatives),
    }
    if args.json:
        _emit(data)
        return 0
    table = Table(show_header=False, box=None)
    table.add_row("place", f"[bold]{place.name_en}[/] ({place.id}, {place.kind})")
    table.add_row("names", " / ".join(place.current_names))
    if place.historical_names:
        table.add_row("formerly", " / ".join(place.historical_names))
    table.add_row("matched", f"{match.matched_name} ({match.how}, confidence {match.confidence})")
    if match.alternatives:
        table.add_row("could also be", ", ".join(match.alternatives))
    console.print(table)
    return 0


def run_date(args: argparse.Namespace) -> int:
    text = " ".join(args.text)
    parsed = parse_date(text)
    if not parsed.ok:
        raise UserError(f"cannot read {text[:60]!r} as a date: {parsed.unparseable}")
    data = {
        "input": text,
        "earliest": parsed.earliest.isoformat() if parsed.earliest else None,
        "latest": parsed.latest.isoformat() if parsed.latest else None,
        "precision": str(parsed.precision) if parsed.precision else None,
        "ambiguous": parsed.ambiguous,
        "readings": [d.isoformat() for d in parsed.readings],
        "approximate": parsed.approximate,
    }
    if args.json:
        _emit(data)
        return 0
    table = Table(show_header=False, box=None)
    for field, value in data.items():
        table.add_row(field, str(value))
    console.print(table)
    return 0
