"""Which script a name is written in, and repair of Latin/Cyrillic look-alike letters."""

from __future__ import annotations

import re
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


_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
_KAZAKH = re.compile("[" + "".join(sorted(KAZAKH_LETTERS)) + "]")
_OTHER_LETTER = re.compile("[^\\W\\d_\u0400-\u04ffA-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def detect_script(text: str) -> Script:
    """Kazakh Cyrillic, Russian Cyrillic, Latin, mixed, other, or none (no letters)."""
    cyrillic = _CYRILLIC.search(text) is not None
    latin = _LATIN.search(text) is not None
    other = _OTHER_LETTER.search(text) is not None
    if cyrillic + latin + other > 1:
        return Script.MIXED
    if cyrillic:
        return Script.KAZAKH_CYRILLIC if _KAZAKH.search(text) else Script.RUSSIAN_CYRILLIC
    if latin:
        return Script.LATIN
    return Script.OTHER if other else Script.NONE


def repair_lookalikes(word: str) -> str | None:
    """Rewrite a word that mixes scripts only through look-alike letters; None if it can't.

    The word goes to the script most of its letters are in; on a tie, to Cyrillic, the
    script of most records here.
    """
    if _CYRILLIC.search(word) is None or _LATIN.search(word) is None:
        return word
    cyr = _CYRILLIC.findall(word)
    lat = _LATIN.findall(word)
    to_cyrillic = all(ch in _LATIN_LOOKALIKES for ch in lat)
    to_latin = all(ch in _CYRILLIC_LOOKALIKES for ch in cyr)
    if to_cyrillic and (not to_latin or len(cyr) >= len(lat)):
        return word.translate(_LATIN_TO_CYRILLIC)
    if to_latin:
        return word.translate(_CYRILLIC_TO_LATIN)
    return None
