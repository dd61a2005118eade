"""`aqiqat serve`: the production web server (waitress), on this machine or the office LAN."""

from __future__ import annotations

import argparse
import errno
import os
import socket
from typing import Any

from aqiqat.cli.django_setup import require_database, setup_django
from aqiqat.cli.errors import UserError
from aqiqat.cli.output import console


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("serve", help="serve the web interface")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument(
        "--lan", action="store_true", help="listen on all addresses, for an office network"
    )
    parser.add_argument("--threads", type=int, default=8, help="worker threads")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    host = "0.0.0.0" if args.lan else args.host  # noqa: S104 - --lan asks for every interface
    if args.lan and not os.environ.get("AQIQAT_ALLOWED_HOSTS"):
        # Office machines reach the server by whatever IP or name the LAN gives it.
        os.environ["AQIQAT_ALLOWED_HOSTS"] = "*"
    check_port_free(host, args.port)
    setup_django()
    require_database()
    import waitress

    from aqiqat.cli.passphrase import unlock_data_folder
    from aqiqat.config.environment import read_environment
    from aqiqat.config.wsgi import application
    from aqiqat.services.crypto import keyring
    from aqiqat.services.crypto.server_lock import install_lock_signal, remove_pid_file

    if not keyring.is_unlocked():
        unlock_data_folder()
    # Once locked (`aqiqat lock`), only the passphrase given on a page unlocks the server.
    keyring.set_unlocker(None)
    data_dir = read_environment().data_dir
    install_lock_signal(data_dir)

    shown = "this machine's address" if args.lan else host
    console.print(f"Aqiqat is serving on http://{shown}:{args.port}/  (Ctrl+C stops it)")
    try:
        waitress.serve(
            application,
            host=host,
            port=args.port,
            threads=args.threads,
            ident="aqiqat",
            _quiet=True,
        )
    finally:
        remove_pid_file(data_dir)
    return 0


def check_port_free(host: str, port: int) -> None:
    if not 0 < port < 65536:
        raise UserError(f"port {port} is not a valid port number (1–65535)")
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UserError(
                    f"port {port} on {host} is already in use: stop the other program or "
                    "choose another port with --port"
                ) from exc
            raise UserError(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
