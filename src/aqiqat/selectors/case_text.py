"""The text a complaint or case is found by, in any script, on SQLite and PostgreSQL alike.

Each row keeps its words twice: case-folded as written, and as Latin keys (Тоқаев, Токаев,
Tokayev → tokaev), so a plain substring match finds a name typed in another script.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from aqiqat.names import latin_key

MAX_QUERY = 200


def search_text(parts: Iterable[str]) -> str:
    words = [part.strip() for part in parts if part and part.strip()]
    written = " ".join(words).casefold()
    keys = latin_key(" ".join(words))
    return f"{written} | {keys}" if keys else written


def text_filter(query: str, field: str = "search_text") -> Q:
    """Rows whose search text holds the query as written or as Latin keys."""
    query = query.strip()[:MAX_QUERY]
    condition = Q(**{f"{field}__contains": query.casefold()})
    key = latin_key(query)
    if key:
        condition |= Q(**{f"{field}__contains": key})
    return condition
