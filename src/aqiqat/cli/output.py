"""Shared rich consoles for command output."""

from rich.console import Console

console = Console(highlight=False, soft_wrap=True)
