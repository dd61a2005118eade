"""Which script a name is written in, and repair of Latin/Cyrillic look-alike letters."""

from __future__ import annotations

from enum import StrEnum


class Script(StrEnum):
    KAZAKH_CYRILLIC = "kazakh_cyrillic"
    RUSSIAN_CYRILLIC = "russian_cyrillic"
    LATIN = "latin"
    MIXED = "mixed"
    OTHER = "other"
    NONE = "none"


# Letters only Kazakh Cyrillic has; a Kazakh name typed on a Russian keyboard has none of
# them and so reads as Russian Cyrillic, which is what it is as a string.
KAZAKH_LETTERS = frozenset("әғқңөұүһіӘҒҚҢӨҰҮҺІ")

# Letters that look alike in the two scripts; a typist switching layouts mid-word, or an
# OCR engine, leaves them behind.
_PAIRS = "aа cс eе oо pр xх yу kк iі AА BВ CС EЕ HН KК MМ OО PР TТ XХ YУ IІ"
_LATIN_TO_CYRILLIC = str.maketrans({p[0]: p[1] for p in _PAIRS.split()})
_CYRILLIC_TO_LATIN = str.maketrans({p[1]: p[0] for p in _PAIRS.split()})
_LATIN_LOOKALIKES = frozenset(p[0] for p in _PAIRS.split())
_CYRILLIC_LOOKALIKES = frozenset(p[1] for p in _PAIRS.split())


def is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def is_latin(ch: str) -> bool:
    return (
        (ch.isascii() and ch.isalpha()) or "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"
    )


def detect_script(text: str) -> Script:
    """Kazakh Cyrillic, Russian Cyrillic, Latin, mixed, other, or none (no letters)."""
    cyrillic = latin = other = False
    kazakh = False
    for ch in text:
        if not ch.isalpha():
            continue
        if is_cyrillic(ch):
            cyrillic = True
            kazakh = kazakh or ch in KAZAKH_LETTERS
        elif is_latin(ch):
            latin = True
        else:
            other = True
    if cyrillic + latin + other > 1:
        return Script.MIXED
    if cyrillic:
        return Script.KAZAKH_CYRILLIC if kazakh else Script.RUSSIAN_CYRILLIC
    if latin:
        return Script.LATIN
    return Script.OTHER if other else Script.NONE


def repair_lookalikes(word: str) -> str | None:
    """Rewrite a word that mixes scripts only through look-alike letters; None if it can't.

    The word goes to the script most of its letters are in; on a tie, to Cyrillic, the
    script of most records here.
    """
    cyr = [ch for ch in word if ch.isalpha() and is_cyrillic(ch)]
    lat = [ch for ch in word if ch.isalpha() and is_latin(ch)]
    if not cyr or not lat:
        return word
    to_cyrillic = all(ch in _LATIN_LOOKALIKES for ch in lat)
    to_latin = all(ch in _CYRILLIC_LOOKALIKES for ch in cyr)
    if to_cyrillic and (not to_latin or len(cyr) >= len(lat)):
        return word.translate(_LATIN_TO_CYRILLIC)
    if to_latin:
        return word.translate(_CYRILLIC_TO_LATIN)
    return None
