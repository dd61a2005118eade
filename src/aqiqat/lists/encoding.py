"""Which text encoding a list file is in: the ones lists in Kazakhstan actually use."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from aqiqat.lists.errors import ListError, ListProblem

# What Kazakh and Russian lists arrive in; detection only chooses among these.
SUPPORTED_ENCODINGS = ("utf_8", "utf_16", "cp1251", "koi8_r", "kz1048")
SAMPLE_BYTES = 256 * 1024
_NOT_KAZAKH_OR_RUSSIAN = frozenset("ЂђЃѓЉљЊњЌќЋћЏџЎўЈҐґЄєЇїЅѕ")


@dataclass(frozen=True)
class Detected:
    encoding: str
    detected: bool


def normalise_encoding(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError as exc:
        raise ListError(
            ListProblem.UNKNOWN_ENCODING,
            f"unknown encoding {name!r}; try one of utf-8, utf-16, cp1251, koi8-r, kz1048",
            encoding=name,
        ) from exc


def detect_encoding(sample: bytes, declared: str | None = None) -> Detected:
    """The declared encoding if given, else the BOM, else the best of the supported ones."""
    if declared:
        return Detected(normalise_encoding(declared), detected=False)
    if sample.startswith(codecs.BOM_UTF8):
        return Detected("utf-8-sig", detected=True)
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Detected("utf-16", detected=True)
    if b"\x00" in sample:
        raise ListError(
            ListProblem.NOT_TEXT,
            "the file is not text (it contains NUL bytes): is it a spreadsheet or another "
            "binary file with the wrong name?",
        )
    try:
        sample.decode("utf-8")
        return Detected("utf-8", detected=True)
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sample's end is still UTF-8.
        if exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data":
            return Detected("utf-8", detected=True)
    matches = list(from_bytes(sample, cp_isolation=list(SUPPORTED_ENCODINGS)))
    if not matches:
        raise ListError(
            ListProblem.UNKNOWN_TEXT_ENCODING,
            "cannot tell the file's text encoding; it is none of UTF-8, UTF-16, CP1251, "
            "KOI8-R or KZ-1048. Give it with --encoding (or 'encoding' in the mapping)",
        )
    best = matches[0]
    tied = [m for m in matches if abs(m.chaos - best.chaos) < 0.01]
    # CP1251 and KZ-1048 share the Russian letters and differ where KZ-1048 has the Kazakh
    # ones; read as CP1251, Kazakh text shows Serbian and Macedonian letters instead.
    chosen = min(tied, key=lambda m: sum(ch in _NOT_KAZAKH_OR_RUSSIAN for ch in str(m)))
    return Detected(codecs.lookup(chosen.encoding).name, detected=True)
