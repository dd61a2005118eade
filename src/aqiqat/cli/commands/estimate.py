"""`aqiqat estimate HISTORIES.csv`: how many people no list has found (MSE)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console

if TYPE_CHECKING:
    from aqiqat.estimate import CaptureHistories, EstimateReport

# Repeated here rather than imported: importing aqiqat.estimate loads numpy, scipy and
# numba, which every other `aqiqat` command would then pay for at start-up.
METHOD_CHOICES = ("all", "loglinear", "sparse", "lcmcr", "dga", "chapman")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "estimate",
        help="estimate the total, seen and unseen, from overlapping lists",
        description=(
            "Multiple systems estimation from a capture-history CSV: one 0/1 column per "
            "list, a count column, optional strata. See docs/estimation.md."
        ),
    )
    parser.add_argument(
        "histories",
        metavar="HISTORIES.csv",
        nargs="?",
        help="capture-history CSV (or clusters, see --clusters); omit with --from-database",
    )
    parser.add_argument(
        "--from-database",
        action="store_true",
        help="build capture histories from the linked persons in the database, by source",
    )
    parser.add_argument(
        "--status", default="killed", help="with --from-database: persons' status (default killed)"
    )
    parser.add_argument(
        "--region", metavar="GAZETTEER_ID", help="with --from-database: e.g. kz-almaty"
    )
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="with --from-database")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="with --from-database")
    parser.add_argument(
        "--sources", metavar="A,B,C", help="with --from-database: only these sources as lists"
    )
    parser.add_argument(
        "--as", dest="as_user", metavar="USERNAME", help="with --from-database: act as this user"
    )
    parser.add_argument(
        "--method", choices=METHOD_CHOICES, default="all", help="method to run (default: all)"
    )
    parser.add_argument(
        "--strata", metavar="COL", help="column holding strata (default: 'stratum' if present)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--level", type=float, default=0.95, help="interval level (default 0.95)")
    parser.add_argument(
        "--criterion",
        choices=("bic", "aic"),
        default="bic",
        help="log-linear model choice (default bic)",
    )
    parser.add_argument("--chains", type=int, default=4, help="LCMCR chains (default 4)")
    parser.add_argument(
        "--iterations",
        type=int,
        default=100_000,
        help="LCMCR iterations per chain after burn-in (default 100000)",
    )
    parser.add_argument(
        "--burn-in", type=int, default=10_000, help="LCMCR burn-in per chain (default 10000)"
    )
    parser.add_argument(
        "--min-overlaps",
        type=int,
        default=5,
        help="refuse when fewer people are on two or more lists (default 5)",
    )
    parser.add_argument(
        "--clusters",
        action="store_true",
        help="the input is a clusters CSV from `aqiqat link` (record_id, list, cluster_id, "
        "match_probability); one person per cluster",
    )
    parser.add_argument(
        "--linkage-samples",
        type=int,
        default=0,
        metavar="N",
        help="with --clusters: re-estimate over N sampled linkage variants and thresholds, "
        "and warn when the estimate moves",
    )
    parser.add_argument("--plot", metavar="FILE", help="write the distribution of N (.png/.svg)")
    parser.add_argument(
        "--overlap-plot", metavar="FILE", help="write an UpSet-style list-overlap chart (.png/.svg)"
    )
    parser.add_argument(
        "--official", type=float, metavar="N", help="an official figure to mark on --plot"
    )
    parser.add_argument(
        "--save",
        action="store_true",
        help="with --from-database: keep the result for the dashboard, as the --as user "
        "(an analyst or admin)",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(handler=run_estimate)


def run_estimate(args: argparse.Namespace) -> int:
    from aqiqat.estimate import (
        HistoriesError,
        Options,
        estimate,
        estimate_linked,
        read_clusters,
        read_histories,
    )
    from aqiqat.estimate.linkage_variants import histories_from_clusters

    if not 0.5 <= args.level < 1.0:
        raise UserError("--level must be between 0.5 and 1 (e.g. 0.95)")
    if args.chains < 1 or args.iterations < 100 or args.burn_in < 0:
        raise UserError("--chains must be at least 1 and --iterations at least 100")
    if args.linkage_samples and not args.clusters:
        raise UserError("--linkage-samples needs --clusters (linkage variants come from clusters)")
    if args.clusters and args.strata:
        raise UserError("--strata works on capture histories, not on --clusters input")
    for plot in (args.plot, args.overlap_plot):
        if plot and not plot.lower().endswith((".png", ".svg")):
            raise UserError(f"{plot}: plots are written as .png or .svg")
    if args.from_database == bool(args.histories):
        raise UserError("give HISTORIES.csv, or --from-database (not both)")
    if args.save and not args.from_database:
        raise UserError("--save keeps estimates made --from-database only")
    try:
        if args.from_database:
            if args.clusters or args.strata:
                raise UserError("--clusters and --strata read files; not with --from-database")
            histories = _database_histories(args)
        elif args.clusters:
            records = read_clusters(args.histories)
            histories = histories_from_clusters(records, lists=sorted({r.list for r in records}))
        else:
            histories = read_histories(args.histories, args.strata)
    except HistoriesError as exc:
        raise UserError(str(exc)) from None
    thin = 10 if args.iterations >= 10_000 else 1
    options = Options(
        level=args.level,
        seed=args.seed,
        criterion=args.criterion,
        chains=args.chains,
        burn_in=args.burn_in,
        samples=args.iterations // thin,
        thin=thin,
        min_overlaps=args.min_overlaps,
    )
    if args.clusters:
        report = _with_progress(
            lambda progress: estimate_linked(
                records, args.method, options, args.linkage_samples, progress
            )
        )
    else:
        report = _with_progress(
            lambda progress: estimate(histories, args.method, options, progress)
        )
    _write_plots(args, report, histories)
    if args.save:
        _save(args, report, histories.source)
    if args.json:
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
    else:
        _print_report(report, histories.source)
    return 0


def _database_histories(args: argparse.Namespace) -> Any:
    from datetime import date

    from aqiqat.apps.vocabulary import PersonStatus
    from aqiqat.cli.acting_user import resolve_actor
    from aqiqat.cli.django_setup import require_database, setup_django

    if args.status not in PersonStatus.values:
        raise UserError(f"unknown --status {args.status!r}; use {', '.join(PersonStatus.values)}")
    try:
        since = date.fromisoformat(args.since) if args.since else None
        until = date.fromisoformat(args.until) if args.until else None
    except ValueError as exc:
        raise UserError(f"--since/--until must be dates like 2022-01-05 ({exc})") from None
    setup_django()
    require_database()
    from aqiqat.selectors.access import NotFound
    from aqiqat.services.estimation_data import HistoryFilter, histories_from_database

    wanted = HistoryFilter(
        status=args.status,
        region=args.region,
        since=since,
        until=until,
        sources=tuple(s.strip() for s in (args.sources or "").split(",") if s.strip()),
    )
    try:
        return histories_from_database(resolve_actor(args.as_user), wanted)
    except NotFound:
        raise UserError("this user may not read persons and records") from None


def _save(args: argparse.Namespace, report: EstimateReport, scope: str) -> None:
    from aqiqat.cli.acting_user import resolve_actor
    from aqiqat.selectors.access import NotFound
    from aqiqat.services.figures import MEASURE_OF_STATUS, FiguresError, save_estimate

    measure = MEASURE_OF_STATUS.get(args.status)
    if measure is None:
        raise UserError(f"estimates of status {args.status!r} have no headline to be saved under")
    try:
        saved = save_estimate(resolve_actor(args.as_user), measure, report, scope, args.method)
    except NotFound:
        raise UserError("this user may not save estimates (analysts and admins may)") from None
    except FiguresError as exc:
        raise UserError(str(exc)) from None
    what = saved.get_measure_display()
    Console(stderr=True).print(
        f"Saved for the dashboard: {what}, {saved.method} {saved.n_hat:,.0f}"
    )


def _write_plots(
    args: argparse.Namespace, report: EstimateReport, histories: CaptureHistories
) -> None:
    from aqiqat.estimate.plots import plot_estimates, plot_overlaps

    if args.plot:
        plot_estimates(report, args.plot, official=args.official)
    if args.overlap_plot:
        plot_overlaps(histories, args.overlap_plot)


def _with_progress(work: Any) -> EstimateReport:
    """Run with a progress bar on stderr, so --json output on stdout stays clean."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    err = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(method: str, done: int, total: int) -> None:
            if method not in tasks:
                tasks[method] = bar.add_task(method, total=total)
            bar.update(tasks[method], completed=done, total=total)

        report: EstimateReport = work(progress)
    return report


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _print_report(report: EstimateReport, source: str) -> None:
    console.print(
        f"[bold]{source}[/]: {report.documented:,} people documented on "
        f"{len(report.lists)} lists ({', '.join(report.lists)})"
    )
    for note in report.notes:
        console.print(f"[dim]{note}[/]")
    _print_table(report, "All strata combined" if report.strata else "Estimated total")
    for name, stratum in report.strata.items():
        _print_table(stratum, f"Stratum {name} ({stratum.documented:,} documented)")


def _print_table(report: EstimateReport, title: str) -> None:
    table = Table(title=title, title_justify="left")
    table.add_column("method")
    table.add_column("N", justify="right")
    table.add_column("interval", justify="right")
    table.add_column("level", justify="right")
    for item in report.estimates:
        interval = "refused" if item.refused else f"{_number(item.lower)} – {_number(item.upper)}"
        table.add_row(item.method, _number(item.n_hat), interval, f"{item.level:.0%}")
    console.print(table)
    for item in report.estimates:
        for warning in item.warnings:
            style = "red" if item.refused else "yellow"
            console.print(f"[{style}]{item.method}:[/] {warning}")
