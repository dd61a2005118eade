"""`aqiqat import`: bring list files in, with a dry run that shows every problem first."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from aqiqat.cli.acting_user import resolve_actor
from aqiqat.cli.django_setup import require_database, setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console

SHOWN_ISSUES = 40


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import a list file (CSV, XLSX, JSON, PFIF XML), or every list in a mapping",
        description="Without --dry-run the file is checked, then imported in one transaction.",
    )
    parser.add_argument("file", nargs="?", type=Path, help="the list file")
    parser.add_argument("--source", help="the source's name (a list in the mapping, if given)")
    parser.add_argument("--mapping", type=Path, help="mapping.json describing the list(s)")
    parser.add_argument("--encoding", help="the file's encoding, when detection is wrong")
    parser.add_argument("--kind", default="other", help="kind of source for a new source")
    parser.add_argument("--dry-run", action="store_true", help="check and preview only")
    parser.add_argument(
        "--skip-invalid", action="store_true", help="import the valid rows, skip the others"
    )
    parser.add_argument("--as", dest="as_user", metavar="USERNAME", help="act as this user")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    require_database()
    from aqiqat.apps.sources.models import Source
    from aqiqat.lists import ListError, ListSpec, read_mapping
    from aqiqat.services.intake.list_import import spec_for

    if args.kind not in Source.Kind.values:
        raise UserError(
            f"unknown --kind {args.kind!r}; choose from {', '.join(Source.Kind.values)}"
        )
    try:
        specs: list[ListSpec]
        if args.mapping:
            mapped = read_mapping(args.mapping)
            if args.source:
                if args.source not in mapped:
                    raise UserError(
                        f"the mapping names no list {args.source!r} (it has: {', '.join(mapped)})"
                    )
                mapped = {args.source: mapped[args.source]}
            specs = [
                ListSpec(s.name, args.file or s.file, args.encoding or s.encoding, s.columns)
                for s in mapped.values()
            ]
        elif args.file and args.source:
            specs = [spec_for(args.file, args.source, None, args.encoding)]
        else:
            raise UserError("give FILE with --source NAME, or --mapping mapping.json")
        actor = None if args.dry_run else resolve_actor(args.as_user)
        failures = sum(_one(spec, args, actor) for spec in specs)
    except ListError as exc:
        raise UserError(str(exc)) from exc
    return 1 if failures else 0


def _one(spec: Any, args: argparse.Namespace, actor: Any) -> int:
    from aqiqat.services.intake.linking import link_imported
    from aqiqat.services.intake.list_import import ImportRefused, import_list, preview_import

    console.rule(f"[bold]{spec.name}[/] ← {spec.file}")
    with console.status("Reading and checking every row…"):
        preview = preview_import(spec)
    _show_preview(preview)
    if args.dry_run:
        return 0
    with Progress(
        TextColumn("Importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("import", total=preview.rows_read)
        try:
            result = import_list(
                spec,
                actor=actor,
                source_kind=args.kind,
                skip_invalid=args.skip_invalid,
                progress=lambda n: bar.update(task, completed=n),
            )
        except ImportRefused as exc:
            console.print(
                f"[bold red]Not imported:[/] {exc} (--skip-invalid). Nothing was written."
            )
            return 1
    if result.already_imported:
        console.print("This exact file was imported into this source before: nothing to do.")
        return 0
    _print_result(result)
    linking = link_imported(result.batch, actor)
    if linking.advice:
        console.print(f"[yellow]Persons:[/] {linking.advice}.")
    elif linking.linked or linking.new_persons:
        console.print(
            f"Persons: {linking.linked:,} records joined a known person, "
            f"{linking.new_persons:,} started a new one."
        )
    return 0


def _print_result(result: Any) -> None:
    console.print(
        f"[green]Imported[/] into source [bold]{result.source.name}[/]: {result.rows_new:,} new, "
        f"{result.rows_changed:,} changed (kept as corrections of the earlier records), "
        f"{result.rows_unchanged:,} unchanged, {result.rows_skipped:,} skipped as invalid."
    )


def _show_preview(preview: Any) -> None:
    encoding = preview.encoding or "—"
    if preview.encoding_detected:
        encoding += " (detected; override with --encoding)"
    console.print(
        f"Format {preview.file_format}, encoding {encoding}. Rows read: {preview.rows_read:,}; "
        f"valid: {preview.rows_valid:,}; invalid: {preview.rows_invalid:,}."
    )
    mapping = ", ".join(f"{k} ← {v!r}" for k, v in preview.spec.columns.items())
    console.print(f"Columns: {mapping}")
    for warning in preview.warnings:
        console.print(f"[yellow]Note:[/] {warning}")
    if preview.issues:
        issues = Table("row", "column", "problem", "stops the row", title="Problems")
        for issue in preview.issues[:SHOWN_ISSUES]:
            issues.add_row(
                str(issue.row),
                issue.column,
                issue.reason,
                "[red]yes[/]" if issue.blocking else "no",
            )
        console.print(issues)
        if preview.issues_total > SHOWN_ISSUES:
            console.print(f"… and {preview.issues_total - SHOWN_ISSUES:,} more problems.")
    if preview.preview:
        table = Table(*preview.preview[0].keys(), title="Preview")
        for row in preview.preview:
            table.add_row(*row.values())
        console.print(table)
