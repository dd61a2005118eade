"""`aqiqat peers`: this instance's public keys, and the instances it trusts."""

from __future__ import annotations

import argparse
from typing import Any

from rich.table import Table

from aqiqat.cli.django_setup import require_database, setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("peers", help="show this instance's keys; trust other instances")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("me", help="print this instance's public keys and fingerprint")
    add = actions.add_parser("add", help="trust another instance by its public keys")
    add.add_argument("name", help="a name for it, such as the office or laptop")
    add.add_argument("public_keys", help="the line `aqiqat peers me` printed there")
    actions.add_parser("list", help="the trusted instances, with fingerprints and exchanges")
    remove = actions.add_parser("remove", help="stop trusting an instance (it is kept, inactive)")
    remove.add_argument("name")
    for sub in (add, remove):
        sub.add_argument("--as", dest="username", help="act as this user (default: first admin)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    setup_django()
    require_database()
    from aqiqat.services.sync.identity import PublicKeyError
    from aqiqat.services.sync.peers import PeerError

    try:
        return int(_ACTIONS[args.action](args))
    except (PeerError, PublicKeyError) as exc:
        raise UserError(str(exc)) from exc


def _me(args: argparse.Namespace) -> int:
    from aqiqat.services.sync.peers import my_identity

    keys = my_identity().public
    console.print(f"Fingerprint: [bold]{keys.fingerprint}[/]")
    console.print("Public keys (give this whole line to the other instance's administrator):")
    print(keys.line)
    return 0


def _add(args: argparse.Namespace) -> int:
    from aqiqat.cli.acting_user import resolve_actor
    from aqiqat.services.sync.peers import add_peer, peer_keys

    peer = add_peer(resolve_actor(args.username), args.name, args.public_keys)
    console.print(
        f"Trusted peer [bold]{peer.name}[/], fingerprint [bold]{peer_keys(peer).fingerprint}[/]. "
        "Read the fingerprint to its administrator by phone: it must match what "
        "`aqiqat peers me` shows there."
    )
    return 0


def _list(args: argparse.Namespace) -> int:
    from aqiqat.apps.sync.models import Peer
    from aqiqat.services.sync.export import pending_rows
    from aqiqat.services.sync.peers import peer_keys

    peers = list(Peer.objects.all())
    if not peers:
        console.print("No peers yet: add one with `aqiqat peers add NAME KEYS`.")
        return 0
    table = Table("name", "fingerprint", "active", "last sent", "last received", "pending rows")
    for peer in peers:
        table.add_row(
            peer.name,
            peer_keys(peer).fingerprint,
            "yes" if peer.active else "no",
            f"{peer.last_sent_at:%Y-%m-%d %H:%M}" if peer.last_sent_at else "never",
            f"{peer.last_received_at:%Y-%m-%d %H:%M}" if peer.last_received_at else "never",
            str(pending_rows(peer)),
        )
    console.print(table)
    return 0


def _remove(args: argparse.Namespace) -> int:
    from aqiqat.cli.acting_user import resolve_actor
    from aqiqat.services.sync.peers import deactivate_peer

    peer = deactivate_peer(resolve_actor(args.username), args.name)
    console.print(f"Peer {peer.name} is deactivated: its bundles are refused from now on.")
    return 0


_ACTIONS = {"me": _me, "add": _add, "list": _list, "remove": _remove}
