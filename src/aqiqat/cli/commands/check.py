"""`aqiqat check`: is the configuration sound and the database healthy?"""

from __future__ import annotations

import argparse
import os
from typing import Any

from rich.table import Table

from aqiqat.cli.django_setup import setup_django
from aqiqat.cli.output import console


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("check", help="check configuration and database health")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    from django.conf import settings
    from django.core import checks

    from aqiqat.apps.audit.verify import verify_chain
    from aqiqat.config.environment import read_environment
    from aqiqat.services.instance import DatabaseUnavailable, database_state

    env = read_environment()
    rows: list[tuple[str, bool, str]] = []
    writable = env.data_dir.is_dir() and os.access(env.data_dir, os.W_OK)
    rows.append(
        (
            "data folder",
            writable,
            f"{env.data_dir}" + ("" if writable else " (missing or not writable)"),
        )
    )
    evidence_ok = env.evidence_dir.is_dir() and os.access(env.evidence_dir, os.W_OK)
    rows.append(("evidence folder", evidence_ok, str(env.evidence_dir)))
    key_source = "AQIQAT_SECRET_KEY" if env.secret_key else str(env.secret_key_path)
    key_ok = bool(env.secret_key) or env.secret_key_path.exists()
    rows.append(("secret key", key_ok, key_source if key_ok else f"{key_source} missing"))
    try:
        state = database_state()
        db_ok = state.initialised and state.pending_migrations == 0
        detail = state.location
        if not state.initialised:
            detail += " (not initialised: run `aqiqat init`)"
        elif state.pending_migrations:
            detail += f" ({state.pending_migrations} migrations pending: run `aqiqat migrate`)"
        rows.append(("database", db_ok, detail))
        if db_ok:
            report = verify_chain()
            rows.append(
                ("audit log", report.intact, report.problem or f"{report.entries} entries intact")
            )
    except DatabaseUnavailable as exc:
        rows.append(("database", False, str(exc)))
    problems = [m for m in checks.run_checks(include_deployment_checks=False) if m.is_serious()]
    rows.append(
        ("Django checks", not problems, "; ".join(str(m) for m in problems) or "no problems")
    )
    rows.append(
        (
            "debug mode",
            not settings.DEBUG,
            "on: never use in production" if settings.DEBUG else "off",
        )
    )

    table = Table("check", "result", "detail")
    for name, ok, detail in rows:
        table.add_row(name, "[green]ok[/]" if ok else "[bold red]problem[/]", detail)
    console.print(table)
    return 0 if all(ok for _, ok, _ in rows) else 1
