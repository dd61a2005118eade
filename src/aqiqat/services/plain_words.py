"""What the analysis core tells (aqiqat.notices), in plain words in the user's language.

Each sentence says first what it means for the user; the core's English stays as the
technical detail, shown on request and written to the log. Linkage notes
(linkage_notes.py) and problems with a list file (intake/list_messages.py) share these.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from aqiqat.notices import Notice

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Translations(Protocol):
    """gettext and ngettext: django.utils.translation, or its trans_null for English
    without settings (file mode runs without Django configured)."""

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, number: int) -> str: ...


@dataclass(frozen=True)
class PlainNote:
    kind: str  # the notice's kind, or one of the service's own
    text: str  # plain sentences in the language active when it was written
    detail: str = ""  # technical, English: for analysts and the log

    def __str__(self) -> str:
        return self.text


def in_words(sentences: Mapping[str, StrOrPromise], notice: Notice) -> PlainNote:
    """The notice's sentence (lazy text by kind) in the active language with its
    particulars filled in, lists shown comma-separated; its English as the detail."""
    params = {name: _shown(value) for name, value in notice.params.items()}
    return PlainNote(notice.kind, str(sentences[notice.kind]) % params, notice.detail)


def _shown(value: Any) -> Any:
    if isinstance(value, Sequence) and not isinstance(value, str):
        return ", ".join(map(str, value))
    return value
