"""Names, places and dates across Kazakh, Russian and Latin scripts. No Django here.

The public surface is what this module exports; everything else is internal.
"""

from aqiqat.names.blocking import blocking_keys
from aqiqat.names.dates import (
    ParsedDate,
    Precision,
    birth_date_range,
    birth_year_range,
    parse_age,
    parse_date,
)
from aqiqat.names.keys import latin_key, phonetic_key, word_key
from aqiqat.names.parse import NamePart, NameProblem, Order, ParsedName, Sex, parse_name
from aqiqat.names.places import Gazetteer, Place, PlaceMatch, load_gazetteer, resolve_place
from aqiqat.names.script import Script, detect_script
from aqiqat.names.similarity import DEFAULT_THRESHOLD, Comparison, compare, name_similarity
from aqiqat.names.transliterate import SYSTEMS, russian_keyboard, transliterate

__all__ = [
    "DEFAULT_THRESHOLD",
    "SYSTEMS",
    "Comparison",
    "Gazetteer",
    "NamePart",
    "NameProblem",
    "Order",
    "ParsedDate",
    "ParsedName",
    "Place",
    "PlaceMatch",
    "Precision",
    "Script",
    "Sex",
    "birth_date_range",
    "birth_year_range",
    "blocking_keys",
    "compare",
    "detect_script",
    "latin_key",
    "load_gazetteer",
    "name_similarity",
    "parse_age",
    "parse_date",
    "parse_name",
    "phonetic_key",
    "resolve_place",
    "russian_keyboard",
    "transliterate",
    "word_key",
]
