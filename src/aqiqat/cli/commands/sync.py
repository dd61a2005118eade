"""`aqiqat sync`: exchange signed, encrypted bundles with trusted instances."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from aqiqat.cli.django_setup import require_database, setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("sync", help="exchange bundles with other instances")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write a bundle of what a peer has not received")
    export.add_argument("--to", required=True, metavar="PEER", help="the peer's name")
    export.add_argument("--out", required=True, type=Path, metavar="FILE")
    export.add_argument("--evidence", action="store_true", help="include evidence files")
    imp = actions.add_parser("import", help="verify and merge a bundle from a peer")
    imp.add_argument("file", type=Path)
    for name, text in (
        ("push", "send this instance's changes to a server"),
        ("pull", "fetch a server's changes"),
    ):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("url", help="the server's address, e.g. https://office.example:8000/")
        sub.add_argument("--evidence", action="store_true", help="include evidence files")
    actions.add_parser("digest", help="one hash of all synced data, to compare instances")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    require_database()
    from aqiqat.services.sync.bundle import BundleError
    from aqiqat.services.sync.network import NetworkError
    from aqiqat.services.sync.peers import PeerError

    try:
        return int(_ACTIONS[args.action](args))
    except (BundleError, PeerError, NetworkError) as exc:
        raise UserError(str(exc)) from exc


def _export(args: argparse.Namespace) -> int:
    from aqiqat.services.sync.export import export_bundle
    from aqiqat.services.sync.peers import find_peer

    if args.out.exists():
        raise UserError(f"{args.out} exists; choose a new file name")
    peer = find_peer(args.to)
    with console.status(f"Writing a bundle for {peer.name}…"):
        result = export_bundle(peer, evidence=args.evidence)
    try:
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(result.data)
    except OSError as exc:
        raise UserError(f"cannot write {args.out}: {exc.strerror or exc}") from exc
    console.print(
        f"Bundle for {peer.name} written to {args.out}: {result.rows:,} rows, "
        f"{result.files} evidence files, {len(result.data):,} bytes, signed and encrypted "
        f"to {peer.name} only."
    )
    return 0


def _import(args: argparse.Namespace) -> int:
    from aqiqat.services.sync.apply import import_bundle

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read {args.file}: {exc.strerror or exc}") from exc
    with console.status("Verifying and merging the bundle…"):
        result = import_bundle(data)
    _report(result)
    return 0


def _report(result: Any) -> None:
    if result.ignored:
        console.print(f"[yellow]Ignored:[/] {result.ignored}")
        return
    console.print(
        f"Bundle from {result.peer} merged: {result.inserted:,} new rows, "
        f"{result.updated:,} updated, {result.unchanged:,} already known, "
        f"{result.files} evidence files; {result.linked} records linked, "
        f"{result.matches} tracing matches queued."
    )
    for note in result.notes:
        console.print(f"Note: {note}")


def _push(args: argparse.Namespace) -> int:
    from aqiqat.services.sync.network import push

    with console.status(f"Sending changes to {args.url}…"):
        outcome = push(args.url, evidence=args.evidence)
    console.print(f"Sent {outcome.rows:,} rows to {outcome.peer}: {outcome.message}")
    return 0


def _pull(args: argparse.Namespace) -> int:
    from aqiqat.services.sync.network import pull

    with console.status(f"Fetching changes from {args.url}…"):
        result = pull(args.url)
    _report(result)
    return 0


def _digest(args: argparse.Namespace) -> int:
    from aqiqat.services.sync.digest import content_digest

    digest, rows = content_digest()
    console.print(f"{rows:,} synced rows; digest {digest}")
    return 0


_ACTIONS = {
    "export": _export,
    "import": _import,
    "push": _push,
    "pull": _pull,
    "digest": _digest,
}
