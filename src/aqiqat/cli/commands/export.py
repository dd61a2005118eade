"""`aqiqat export`: records as CSV, XLSX, JSON, PFIF 1.4 or HXL, as a named user may see them."""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from aqiqat.cli.django_setup import require_database, setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console

FORMAT_NAMES = ("csv", "xlsx", "json", "pfif", "hxl")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export", help="export records (CSV, XLSX, JSON, PFIF, HXL) as a user may see them"
    )
    parser.add_argument("--format", required=True, choices=FORMAT_NAMES, dest="file_format")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE")
    parser.add_argument(
        "--as",
        dest="username",
        metavar="USERNAME",
        help="act as this user: their role decides what is exported (default: the first admin)",
    )
    parser.add_argument("--source", default="", metavar="NAME", help="only this source's records")
    parser.add_argument("--status", default="", help="only records claiming this status")
    parser.add_argument(
        "--include-sensitive",
        action="store_true",
        help="add testimony, medical details and contacts, as far as the user's role allows",
    )
    parser.add_argument(
        "--include-retracted", action="store_true", help="admins only: retracted records too"
    )
    parser.add_argument(
        "--include-superseded",
        action="store_true",
        help="admins only: records that a later correction replaced, too",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    require_database()
    from aqiqat.apps.accounts.roles import Role, has_role
    from aqiqat.apps.sources.models import Source
    from aqiqat.apps.vocabulary import PersonStatus
    from aqiqat.cli.acting_user import resolve_actor
    from aqiqat.services.exports import RecordFilters, prepare_export

    user = resolve_actor(args.username)
    if not user.has_perm("sources.view_record"):
        raise UserError(f"{user.get_username()} may not read records, so cannot export them")
    if args.status and args.status not in PersonStatus.values:
        raise UserError(f"unknown status {args.status!r}; use {', '.join(PersonStatus.values)}")
    if args.source and not Source.objects.filter(name=args.source).exists():
        raise UserError(f"no source named {args.source!r}")
    if (args.include_retracted or args.include_superseded) and not has_role(user, Role.ADMIN):
        raise UserError("only admins may export retracted or superseded records")
    out: Path = args.out
    if out.is_dir() or not out.parent.is_dir():
        raise UserError(f"cannot write {out}: name a file in an existing folder")

    started = time.perf_counter()
    with console.status("Selecting records…") as status:

        def progress(done: int) -> None:
            status.update(f"Exported {done:,} of {export.count:,} records…")

        export = prepare_export(
            user,
            args.file_format,
            RecordFilters(
                source=args.source,
                status=args.status,
                include_retracted=args.include_retracted,
                include_superseded=args.include_superseded,
            ),
            include_sensitive=args.include_sensitive,
            progress=progress,
        )
        try:
            _write_atomically(out, export.write)
        except OSError as exc:
            raise UserError(f"cannot write {out}: {exc.strerror or exc}") from exc
    console.print(
        f"Exported {export.count:,} records to {out} ({args.file_format}) as "
        f"{user.get_username()} in {time.perf_counter() - started:.1f} s."
    )
    if export.sensitive_fields:
        console.print(
            f"[bold]Sensitive fields included:[/] {', '.join(export.sensitive_fields)}. "
            "Keep the file safe; the export is in the audit log."
        )
    elif args.include_sensitive:
        console.print(
            f"{user.get_username()}'s role may not see sensitive fields in this format; "
            "none were exported."
        )
    return 0


def _write_atomically(out: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write to a private temporary file beside `out`, then rename: no half-written export."""
    handle, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
