"""`aqiqat link --mapping mapping.json --out clusters.csv`: one person from many lists."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console

if TYPE_CHECKING:
    from aqiqat.linkage import LinkResult, Quality
    from aqiqat.services.plain_words import PlainNote

# Repeated here rather than imported: importing aqiqat.linkage loads pandas, and every
# other `aqiqat` command would pay for that at start-up. A test checks they agree.
DEFAULT_THRESHOLD = 0.8


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "link",
        help="link records of many lists into people (file mode)",
        description=(
            "Read the lists a mapping names, link records of one person across lists, "
            "scripts and spellings, and write one row per record with its cluster. "
            "See docs/linkage.md."
        ),
    )
    parser.add_argument("--mapping", type=Path, help="list mapping (JSON)")
    parser.add_argument("--out", type=Path, help="clusters CSV to write")
    parser.add_argument(
        "--database",
        action="store_true",
        help="re-link every record in the database instead (reviewers' decisions first)",
    )
    parser.add_argument("--as", dest="as_user", metavar="USERNAME", help="act as this user")
    parser.add_argument("--pairs", type=Path, help="also write the scored pairs to this CSV")
    parser.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help=f"match probability at which two records are one person (default {DEFAULT_THRESHOLD})",
    )
    parser.add_argument(
        "--evaluate",
        type=Path,
        metavar="TRUTH.csv",
        help="compare with a ground truth (record_id, person_id) and print the quality",
    )
    parser.add_argument(
        "--backend",
        choices=("duckdb", "spark"),
        help="where Splink runs (default: AQIQAT_LINKAGE_BACKEND, else duckdb)",
    )
    parser.add_argument("--seed", type=int, default=2022, help="seed for sampling (default 2022)")
    parser.add_argument("--json", action="store_true", help="print a machine-readable summary")
    parser.set_defaults(handler=run_link)


def run_link(args: argparse.Namespace) -> int:
    if not 0.0 < args.threshold < 1.0:
        raise UserError("--threshold must be a probability between 0 and 1 (e.g. 0.8)")
    if args.database:
        return _relink_database(args)
    if args.mapping is None or args.out is None:
        raise UserError("give --mapping and --out (file mode), or --database")
    for path in (args.out, args.pairs):
        if path is not None and not path.parent.exists():
            raise UserError(f"cannot write {path}: the folder {path.parent} does not exist")
    try:
        from aqiqat.linkage import (
            BackendUnavailable,
            LinkageInputError,
            LinkOptions,
            TruthFileError,
            evaluate_clusters,
            link,
            read_records,
            read_truth,
        )
    except ImportError as exc:
        raise UserError(
            f"linkage needs the 'linkage' extra (pip install 'aqiqat[linkage]'): {exc}"
        ) from None

    try:
        truth = read_truth(args.evaluate) if args.evaluate else None
        lists = read_records(args.mapping)
    except (LinkageInputError, TruthFileError) as exc:
        raise UserError(str(exc)) from None
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    for warning in lists.warnings:
        err.print(f"[yellow]warning:[/] {warning}")
    options = LinkOptions(threshold=args.threshold, backend=args.backend, seed=args.seed)
    try:
        with err.status("Linking…") as status:
            result = link(lists.records, options, progress=lambda s: status.update(s + "…"))
    except BackendUnavailable as exc:
        raise UserError(str(exc)) from None
    _write(result, args.out, args.pairs)
    quality = evaluate_clusters(result, truth) if truth is not None else None
    notes = _english_notes(result)
    if args.json:
        summary: dict[str, Any] = {
            "records": len(result.clusters),
            "clusters": int(result.clusters["cluster_id"].nunique()),
            "threshold": args.threshold,
            "timings": result.timings,
            "notes": [{"kind": n.kind, "text": n.text, "detail": n.detail} for n in notes],
        }
        if quality is not None:
            summary["quality"] = quality.to_json()
        sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
        return 0
    _print_summary(result, args)
    _print_notes(notes)
    if quality is not None:
        _print_quality(quality, args.evaluate)
    return 0


def _relink_database(args: argparse.Namespace) -> int:
    from aqiqat.cli.acting_user import resolve_actor
    from aqiqat.cli.django_setup import require_database, setup_django

    setup_django()
    require_database()
    from aqiqat.services.linkage import relink_all

    actor = resolve_actor(args.as_user)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    with err.status("Re-linking…") as status:
        summary = relink_all(actor, args.threshold, progress=lambda s: status.update(s + "…"))
    console.print(
        f"{summary.records:,} records → {summary.persons:,} persons "
        f"({summary.persons_created:,} new, {summary.records_moved:,} records moved, "
        f"{summary.decisions_applied:,} reviewers' decisions applied, "
        f"{summary.statuses_changed:,} statuses changed by their records)"
    )
    _print_notes(summary.notes)
    return 0


def _english_notes(result: LinkResult) -> list[PlainNote]:
    # File mode runs without Django's settings: the notes in English, untranslated.
    from django.utils.translation import trans_null

    from aqiqat.services.linkage_notes import plain_notes

    return plain_notes(result.notes, trans_null)


def _print_notes(notes: Sequence[PlainNote]) -> None:
    """Each note in plain words, then what the model did, for analysts."""
    for note in notes:
        console.print(f"[yellow]{note.text}[/]", markup=True)
        for line in note.detail.splitlines():
            console.print(f"  [dim]{escape(line)}[/]")


def _write(result: LinkResult, out: Path, pairs: Path | None) -> None:
    try:
        result.clusters.to_csv(out, index=False, encoding="utf-8")
        if pairs is not None:
            result.pairs.to_csv(pairs, index=False, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write the output: {exc.strerror} ({exc.filename})") from None


def _print_summary(result: LinkResult, args: argparse.Namespace) -> None:
    clusters = result.clusters
    people = clusters["cluster_id"].nunique()
    console.print(
        f"{len(clusters):,} records from {clusters['list'].nunique()} list(s) → "
        f"[bold]{people:,}[/] clusters at probability ≥ {args.threshold} "
        f"({sum(result.timings.values()):.1f} s). Wrote {args.out}"
        + (f" and {args.pairs}" if args.pairs else "")
    )


def _print_quality(quality: Quality, truth: Path) -> None:
    table = Table(title=f"Quality against {truth}", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    rows = (
        ("pairwise precision", f"{quality.precision:.4f}"),
        ("pairwise recall", f"{quality.recall:.4f}"),
        ("pairwise F1", f"{quality.f1:.4f}"),
        ("pairs: predicted / true / correct",
         f"{quality.predicted_pairs:,} / {quality.true_pairs:,} / {quality.correct_pairs:,}"),
        ("people: clusters / true", f"{quality.clusters:,} / {quality.true_people:,}"),
        ("people found exactly", f"{quality.exact_clusters:,}"),
        ("clusters mixing two or more people", f"{quality.mixed_clusters:,}"),
        ("people split over two or more clusters", f"{quality.split_people:,}"),
        ("B-cubed precision / recall",
         f"{quality.bcubed_precision:.4f} / {quality.bcubed_recall:.4f}"),
        ("records the truth does not know", f"{quality.unmatched_records:,}"),
    )  # fmt: skip
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)
