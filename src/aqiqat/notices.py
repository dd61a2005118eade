"""What the analysis core tells its user: a kind, its particulars and the English text.

The core imports no Django and speaks English: `detail` is what the command line prints,
and what an analyst reads as the technical detail. The service layer turns the kind and
its particulars into plain sentences in the user's language (services/plain_words.py):
linkage notes and problems with a list file are told this way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Notice:
    kind: str
    detail: str
    # What a plain sentence needs, by name: a file, a line, columns, pairs of records…
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        return self.detail
