"""Cyrillic (Kazakh and Russian) to Latin in the systems people actually write names in.

Each system is a table of lower-case letters. Two context rules are shared: in the passport
and media systems «е»/«ё» after a vowel or at the start of a word gain a «y» (Yerlan,
Tokayev), and capitals follow their neighbours so that ЖАНАОЗЕН becomes ZHANAOZEN while
Жанаозен becomes Zhanaozen.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

SYSTEMS = ("kz2021", "kz2017", "kz2018", "icao", "bgn", "informal")

# Russian-keyboard substitutes for Kazakh-only letters: what a typist without a Kazakh
# layout writes, and what most Russian-language registers contain.
KAZAKH_TO_RUSSIAN: Mapping[str, str] = MappingProxyType(
    {"ә": "а", "ғ": "г", "қ": "к", "ң": "н", "ө": "о", "ұ": "у", "ү": "у", "һ": "х", "і": "и"}
)

_SHARED = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "з": "z", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "ф": "f", "ъ": "", "ь": "", "э": "e",
}  # fmt: skip

_TABLES: dict[str, dict[str, str]] = {
    # 2021 alphabet (decree of January 2021): Ä Ğ Ñ Ö Ū Ü Ş, İ i for и/й, I ı for і.
    "kz2021": _SHARED | {
        "ә": "ä", "ғ": "ğ", "ё": "io", "ж": "j", "и": "i", "й": "i", "қ": "q", "ң": "ñ",
        "ө": "ö", "у": "u", "ұ": "ū", "ү": "ü", "х": "h", "һ": "h", "ц": "ts", "ч": "ch",
        "ш": "ş", "щ": "ş", "ы": "y", "і": "ı", "ю": "iu", "я": "ia",
    },
    # 2017 alphabet (decree of October 2017): apostrophes; У is Y', Ы is Y, И/Й is I'.
    "kz2017": _SHARED | {
        "ә": "a'", "ғ": "g'", "ё": "i'o", "ж": "j", "и": "i'", "й": "i'", "қ": "q",
        "ң": "n'", "ө": "o'", "у": "y'", "ұ": "u", "ү": "u'", "х": "h", "һ": "h",
        "ц": "ts", "ч": "c'", "ш": "s'", "щ": "s'", "ы": "y", "і": "i", "ю": "i'y'",
        "я": "i'a",
    },
    # 2018 revision: acute accents, Sh and Ch digraphs, У is Ý, И/Й is dotless I.
    "kz2018": _SHARED | {
        "ә": "á", "ғ": "ǵ", "ё": "ıo", "ж": "j", "и": "ı", "й": "ı", "қ": "q", "ң": "ń",
        "ө": "ó", "у": "ý", "ұ": "u", "ү": "ú", "х": "h", "һ": "h", "ц": "ts", "ч": "ch",
        "ш": "sh", "щ": "sh", "ы": "y", "і": "i", "ю": "ıý", "я": "ıa",
    },
    # ICAO 9303 with Kazakh letters reduced to their Russian counterparts, as in passports.
    "icao": _SHARED | {
        "ә": "a", "ғ": "g", "ё": "e", "ж": "zh", "и": "i", "й": "i", "қ": "k", "ң": "n",
        "ө": "o", "у": "u", "ұ": "u", "ү": "u", "х": "kh", "һ": "h", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "і": "i", "ъ": "ie", "ю": "iu",
        "я": "ia",
    },
    # BGN/PCGN as English-language media use it: no diacritics, y-glides.
    "bgn": _SHARED | {
        "ә": "a", "ғ": "g", "ё": "yo", "ж": "zh", "и": "i", "й": "y", "қ": "k", "ң": "n",
        "ө": "o", "у": "u", "ұ": "u", "ү": "u", "х": "kh", "һ": "h", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ы": "y", "і": "i", "ю": "yu", "я": "ya",
    },
    # Plain ASCII as people type on a phone: no glides before е, h for х.
    "informal": _SHARED | {
        "ә": "a", "ғ": "g", "ё": "yo", "ж": "zh", "и": "i", "й": "y", "қ": "k", "ң": "n",
        "ө": "o", "у": "u", "ұ": "u", "ү": "u", "х": "h", "һ": "h", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "sch", "ы": "y", "і": "i", "ю": "yu", "я": "ya",
    },
}  # fmt: skip

_Y_GLIDE_SYSTEMS = frozenset({"icao", "bgn"})
# Capitals that are not what str.upper() gives: in the 2021 alphabet i (и, й) is the
# dotted capital İ, and ı (і) the plain I.
_CAPITALS = {"kz2021": {"i": "İ"}}
_VOWELS_AND_SIGNS = frozenset("аәеёиоөуұүыіэюяйъь")


def russian_keyboard(text: str) -> str:
    """Replace Kazakh-only letters by the Russian letters typed in their place."""
    out = []
    for ch in text:
        sub = KAZAKH_TO_RUSSIAN.get(ch.lower())
        if sub is None:
            out.append(ch)
        else:
            out.append(sub.upper() if ch.isupper() else sub)
    return "".join(out)


def transliterate(text: str, system: str) -> str:
    """Romanise Kazakh or Russian Cyrillic in `system`; Latin and other characters pass."""
    try:
        table = _TABLES[system]
    except KeyError:
        known = ", ".join(SYSTEMS)
        raise ValueError(f"unknown system {system!r}; use one of {known}") from None
    glide = system in _Y_GLIDE_SYSTEMS
    capitals = _CAPITALS.get(system, {})
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        low = ch.lower()
        latin = table.get(low)
        if latin is None:
            out.append(ch)
            continue
        if glide and low == "е":
            prev = text[i - 1].lower() if i else ""
            if not prev.isalpha() or prev in _VOWELS_AND_SIGNS:
                latin = "ye"
        if ch != low and latin:
            latin = capitals.get(latin) or _capitalise(latin, text, i, n)
        out.append(latin)
    return "".join(out)


def _capitalise(latin: str, text: str, i: int, n: int) -> str:
    if len(latin) == 1:
        return latin.upper()
    # A digraph is all capitals inside an upper-case word (ZHANAOZEN), else title (Zh).
    nxt = text[i + 1] if i + 1 < n else ""
    prev = text[i - 1] if i else ""
    if nxt.isupper() or (not nxt.isalpha() and prev.isupper()):
        return latin.upper()
    return latin[0].upper() + latin[1:]
