"""`aqiqat audit verify`: check that no audit entry was altered or removed."""

from __future__ import annotations

import argparse
from typing import Any

from aqiqat.cli.django_setup import require_database, setup_django
from aqiqat.cli.output import console


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("audit", help="the tamper-evident audit log")
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="check the hash chain of the audit log")
    verify.set_defaults(handler=verify_log)


def verify_log(args: argparse.Namespace) -> int:
    setup_django()
    require_database()
    from aqiqat.apps.audit.verify import verify_chain

    with console.status("Checking the audit log…"):
        report = verify_chain()
    if report.intact:
        console.print(f"[green]Audit log intact:[/] {report.entries} entries, every hash matches.")
        return 0
    console.print(f"[bold red]Audit log broken:[/] {report.problem}")
    return 1
