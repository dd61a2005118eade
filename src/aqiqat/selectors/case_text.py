"""The text a complaint or case is found by, in any script, on SQLite and PostgreSQL alike.

A row keeps each distinct word once, as its Latin key (Тоқаев, Токаев, Tokayev → tokaev),
and each run of digits (case numbers) as written: short ASCII text, cheap to scan. A query
is cut the same way, and a row matches when it holds every one of the query's pieces, in
any order ("Nurlan Tokayev" finds «Тоқаев Нұрлан»).

Only what is stored in plain elsewhere (names, case numbers, who filed, the authority) is
kept as keys. The words of sealed text (a complaint's summary and the authority's answer)
are kept as keyed tokens in a column of their own (`sealed_words`,
services.crypto.word_tokens): a query's piece matches a row whose plain keys contain it or
whose tokens hold its token, so a summary is found by its whole words, never stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Model, Q

from aqiqat.names import word_key
from aqiqat.services.crypto.word_tokens import TOKEN_LETTERS, word_tokens

MAX_QUERY = 200
# Far below PostgreSQL's limit for a b-tree index entry; a long summary's later words are
# left out of search.
MAX_TEXT = 1000
# With MAX_TEXT and the key, still under PostgreSQL's b-tree entry limit (2,704 bytes):
# about a hundred distinct words of sealed text.
MAX_SEALED = 100 * (TOKEN_LETTERS + 1)
SEALED_WORDS = "sealed_words"
DIGITS = re.compile(r"\d+")
WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def pieces(text: str) -> list[str]:
    """The Latin keys of the words and the digit runs of a text, each once, in order."""
    found = [word_key(word) for word in WORDS.findall(text)] + DIGITS.findall(text)
    return list(dict.fromkeys(piece for piece in found if piece))


def _joined(words: Iterable[str], limit: int) -> str:
    text = " ".join(words)
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0]


def search_text(parts: Iterable[str]) -> str:
    return _joined(pieces(" ".join(part for part in parts if part)), MAX_TEXT)


def sealed_words(texts: Iterable[str], model: type[Model], plain: str = "") -> str:
    """The tokens of the words of sealed `texts`, each once, leaving out the words the
    row's plain search text (`plain`) already holds."""
    known = set(plain.split())
    words = [p for p in pieces(" ".join(t for t in texts if t)) if p not in known]
    return _joined(word_tokens(words, _token_column(model)), MAX_SEALED)


def _token_column(model: type[Model]) -> str:
    return f"{model._meta.label_lower}.{SEALED_WORDS}"


def text_filter(query: str, model: type[Model]) -> Q:
    """Rows of `model` whose search text, or sealed words if it has them, hold every piece
    of the query.

    Matched through a subquery on the (search_text, [sealed_words,] id) index, so the text
    is read from the narrow index instead of the whole table. Tokens are all the same
    length and hold no space, so a token found in the column is a whole word's.
    """
    wanted = pieces(query.strip()[:MAX_QUERY])
    if not wanted:
        return Q(pk__in=[])
    sealed = any(field.name == SEALED_WORDS for field in model._meta.concrete_fields)
    tokens = word_tokens(wanted, _token_column(model)) if sealed else wanted
    matching = model._default_manager.all()
    for piece, token in zip(wanted, tokens, strict=True):
        found = Q(search_text__contains=piece)
        if sealed:
            found |= Q(**{f"{SEALED_WORDS}__contains": token})
        matching = matching.filter(found)
    return Q(pk__in=matching.values("pk"))
