"""Starting Django for commands that need the database, turning failures into one line."""

from __future__ import annotations

import os

from aqiqat.cli.errors import UserError
from aqiqat.config.environment import ConfigError


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aqiqat.config.settings")
    import django

    try:
        django.setup()
    except ConfigError as exc:
        raise UserError(str(exc)) from exc
    from aqiqat.cli.passphrase import unlock_data_folder
    from aqiqat.services.crypto import keyring

    # The passphrase is asked for only when a command first needs a key.
    keyring.set_unlocker(unlock_data_folder)


def require_database() -> None:
    """Stop with one clear line when the database cannot be reached or is not set up."""
    from aqiqat.services.instance import DatabaseUnavailable, database_state

    try:
        state = database_state()
    except DatabaseUnavailable as exc:
        raise UserError(str(exc)) from exc
    if not state.initialised:
        raise UserError(f"no Aqiqat database at {state.location}: run `aqiqat init` first")
    if state.pending_migrations:
        raise UserError(
            f"the database at {state.location} needs {state.pending_migrations} migration(s): "
            "run `aqiqat migrate`"
        )
