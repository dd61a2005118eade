"""Blocking keys: cheap keys that two records of one person almost always share.

Linkage compares only records that share a blocking key, and search looks up the keys of
a query. Keys are built from the phonetic key of the surname (female ending made male)
and the first letter of the given name, in both readings of the order, so that a name
whose order was guessed wrong still meets itself.
"""

from __future__ import annotations

from aqiqat.names.keys import phonetic_key
from aqiqat.names.parse import ParsedName, parse_name


def blocking_keys(name: str | ParsedName) -> frozenset[str]:
    """Keys such as «s:tgv» (surname) and «sg:tgv:n» (surname and given initial)."""
    parsed = name if isinstance(name, ParsedName) else parse_name(name)
    if not parsed.ok:
        return frozenset()
    keys: set[str] = set()
    surname = parsed.surname
    given = parsed.given
    if surname is not None and not surname.initial:
        sound = phonetic_key(parsed.surname_stem)
        keys.add(f"s:{sound}")
        if given is not None and given.key:
            keys.add(f"sg:{sound}:{given.key[0]}")
    if given is not None and not given.initial and surname is not None and surname.key:
        # The other reading of the order: the given name taken for the surname.
        keys.add(f"sg:{phonetic_key(given.key)}:{surname.key[0]}")
    if surname is None and given is not None and not given.initial:
        keys.add(f"g:{phonetic_key(given.key)}")
    return frozenset(keys)
