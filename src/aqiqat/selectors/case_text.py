"""The text a complaint or case is found by, in any script, on SQLite and PostgreSQL alike.

A row keeps each distinct word once, as its Latin key (Тоқаев, Токаев, Tokayev → tokaev),
and each run of digits (case numbers) as written: short ASCII text, cheap to scan. A query
is cut the same way, and a row matches when it holds every one of the query's pieces, in
any order ("Nurlan Tokayev" finds «Тоқаев Нұрлан»).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Model, Q

from aqiqat.names import word_key

MAX_QUERY = 200
# Far below PostgreSQL's limit for a b-tree index entry; a long summary's later words are
# left out of search.
MAX_TEXT = 1000
DIGITS = re.compile(r"\d+")
WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def pieces(text: str) -> list[str]:
    """The Latin keys of the words and the digit runs of a text, each once, in order."""
    found = [word_key(word) for word in WORDS.findall(text)] + DIGITS.findall(text)
    return list(dict.fromkeys(piece for piece in found if piece))


def search_text(parts: Iterable[str]) -> str:
    text = " ".join(pieces(" ".join(part for part in parts if part)))
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT].rsplit(" ", 1)[0]


def text_filter(query: str, model: type[Model], field: str = "search_text") -> Q:
    """Rows of `model` whose search text holds every piece of the query.

    Matched through a subquery on the (search_text, id) index, so the text is read from
    the narrow index instead of the whole table.
    """
    wanted = pieces(query.strip()[:MAX_QUERY])
    if not wanted:
        return Q(pk__in=[])
    matching = model._default_manager.all()
    for piece in wanted:
        matching = matching.filter(**{f"{field}__contains": piece})
    return Q(pk__in=matching.values("pk"))
