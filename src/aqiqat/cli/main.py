"""Entry point: discovers sub-commands in aqiqat.cli.commands and runs one."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Sequence

from rich.console import Console

from aqiqat import __version__
from aqiqat.cli import commands
from aqiqat.cli.errors import UserError

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aqiqat",
        description="Aqiqat: document detentions, ill-treatment, disappearances and killings.",
    )
    parser.add_argument("--version", action="version", version=f"aqiqat {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except UserError as exc:
        err_console.print(f"[bold red]error:[/] {exc}")
        return 2
    except KeyboardInterrupt:
        err_console.print("interrupted")
        return 130
