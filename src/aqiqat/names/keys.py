"""The canonical Latin key: where Cyrillic and every Latin spelling of a name meet.

The rules live in data/key_rules.csv (documented in docs/names.md) so they can be read,
tested and replaced. Applied in order: lower-case; each `letter` rule maps one character;
then, top to bottom, each `sequence` rule replaces a string and each `pattern` rule a
regular expression; doubled letters collapse to one; anything left that is not a-z is
dropped. The key is for matching, not for display.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from anyascii import anyascii


@dataclass(frozen=True, slots=True)
class KeyRule:
    stage: str
    source: str
    target: str
    why: str


def _load_rules() -> tuple[KeyRule, ...]:
    text = resources.files("aqiqat.names").joinpath("data/key_rules.csv").read_text("utf-8")
    rules = tuple(
        KeyRule(row["stage"], row["from"], row["to"], row["why"])
        for row in csv.DictReader(text.splitlines())
    )
    bad = [r for r in rules if r.stage not in {"letter", "sequence", "pattern"}]
    if bad:
        raise ValueError(f"key_rules.csv: unknown stage {bad[0].stage!r}")
    return rules


KEY_RULES: tuple[KeyRule, ...] = _load_rules()
_LETTERS = str.maketrans({r.source: r.target for r in KEY_RULES if r.stage == "letter"})
_STEPS: tuple[tuple[str, re.Pattern[str] | None, str], ...] = tuple(
    (r.source, re.compile(r.source) if r.stage == "pattern" else None, r.target)
    for r in KEY_RULES
    if r.stage != "letter"
)
# Most words have no apostrophe, and a third of the rules are about apostrophes (2017).
_STEPS_WITHOUT_APOSTROPHE = tuple(step for step in _STEPS if "'" not in step[0])
_DOUBLES = re.compile(r"([a-z])\1+")
_NOT_KEY = re.compile(r"[^a-z]+")
_VOWELS = re.compile(r"[aeiou]+")
# Voiced and voiceless pairs merge, and h goes, so that the phonetic key survives
# Жолдасбеков/Жолдаспеков and Ахмет/Ахмед.
_PHONETIC = str.maketrans({"p": "b", "t": "d", "k": "g", "f": "v", "s": "z", "h": None})


def _single(text: str) -> str:
    """Doubled letters as one (Kassym → Kasym). Searching first is much cheaper than a
    substitution that finds nothing, which is the common case."""
    if _DOUBLES.search(text) is None:
        return text
    return _DOUBLES.sub(lambda m: m[1], text)


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """Key of one word (hyphens and spaces are dropped): Тоқаев, TOKAYEV, Toqaev → tokaev."""
    text = word.lower().translate(_LETTERS)
    if not text.isascii():
        text = anyascii(text).lower()
    for source, pattern, target in _STEPS if "'" in text else _STEPS_WITHOUT_APOSTROPHE:
        if pattern is not None:
            text = pattern.sub(target, text)
        elif source in text:
            text = text.replace(source, target)
    text = _single(text)
    if text.isascii() and text.isalpha() and text.islower():
        return text
    return _NOT_KEY.sub("", text)


def latin_key(text: str) -> str:
    """Key of a text, word by word, joined by single spaces."""
    keys = (word_key(w) for w in text.replace("-", " ").split())
    return " ".join(k for k in keys if k)


@lru_cache(maxsize=65536)
def phonetic_key(word: str) -> str:
    """Coarser key for blocking: first letter, then consonants with voicing merged."""
    key = word_key(word)
    if not key:
        return ""
    skeleton = _VOWELS.sub("", key[1:]).translate(_PHONETIC)
    return _single(key[0] + skeleton)
