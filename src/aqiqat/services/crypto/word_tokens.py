"""Keyed tokens for the words of sealed text, so it can be searched without being stored.

A sealed column cannot be searched (every value has its own nonce). Its words are kept
beside it as tokens: HMAC-SHA256 of each word's search key under a key derived from the
data key, cut to 64 bits and written as 13 base32 letters. The same word gives the same
token within one data folder — that is what makes it findable, and what it gives away to
someone holding the database without the key: which rows share a word and how often a
word recurs, never the word itself. Another data folder has another key, so its tokens
differ; sync rebuilds them on arrival.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable

from aqiqat.services.crypto.values import column_key

WORD_KEY_PURPOSE = "word-tokens"
TOKEN_LETTERS = 13


def word_tokens(keys: Iterable[str], column: str) -> list[str]:
    """The token of each word key, in order; `column` names what needed the key when locked."""
    key = column_key(WORD_KEY_PURPOSE, column)
    return [
        base64.b32encode(hmac.new(key, word.encode("utf-8"), hashlib.sha256).digest()[:8])
        .decode("ascii")[:TOKEN_LETTERS]
        .lower()
        for word in keys
    ]
