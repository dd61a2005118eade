"""Names, places and dates across Kazakh, Russian and Latin scripts. No Django here."""

from aqiqat.names.keys import latin_key, phonetic_key, word_key
from aqiqat.names.places import Place, PlaceMatch, load_gazetteer, resolve_place
from aqiqat.names.transliterate import SYSTEMS, russian_keyboard, transliterate

__all__ = [
    "SYSTEMS",
    "Place",
    "PlaceMatch",
    "latin_key",
    "load_gazetteer",
    "phonetic_key",
    "resolve_place",
    "russian_keyboard",
    "transliterate",
    "word_key",
]
