"""What case work refuses, in words the user reads."""

from __future__ import annotations

from django.utils.translation import gettext


class CaseWorkError(ValueError):
    """The change cannot be recorded as given; nothing was written."""


class EditConflict(CaseWorkError):
    """Someone else changed the complaint or case after this user opened it."""

    def __init__(self, kind: str, current_version: int) -> None:
        self.current_version = current_version
        super().__init__(
            gettext(
                "Someone else changed this %(kind)s while you were editing it. Nothing of "
                "yours was saved: your entries are kept in the form below (choose any document "
                "again). Check the current state on this page, then save again."
            )
            % {"kind": kind}
        )
