"""Saving an index to a file and reading it back, so a restart or a CLI run need not read
every record again (a million records: 0.2 s from a 60 MB file instead of ~15 s).

The format is plain data, never pickle: a JSON header line, then NUL-separated UTF-8 text
and raw machine-order integer arrays. A file that does not read back exactly is refused;
the caller then builds the index again.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from array import array
from pathlib import Path
from typing import Any, BinaryIO

from aqiqat.search.index import SearchIndex

FORMAT = "aqiqat-search-index"
VERSION = 2
_SEP = "\x00"
_TEXTS = ("record_ids", "names", "places", "keys")
_ARRAYS = {
    "record_name": "i",
    "born_min": "H",
    "born_max": "H",
    "record_place": "i",
    "key_lengths": "i",
    "postings": "i",
}


class SnapshotError(ValueError):
    """The file is not a snapshot this version can read."""


def write(index: SearchIndex, out: BinaryIO, meta: dict[str, Any]) -> None:
    """Write the index and the caller's `meta` (what it is current as of) to `out`, which
    may encrypt what it is given."""
    state = index.state()
    texts = {
        "record_ids": state["record_ids"],
        "names": [field for name in state["names"] for field in name],
        "places": state["places"],
        "keys": list(state["postings"]),
    }
    if any(_SEP in text for values in texts.values() for text in values):
        raise SnapshotError("a name holds a NUL character; the index is not saved")
    postings = array("i")
    lengths = array("i")
    for posting in state["postings"].values():
        lengths.append(len(posting))
        postings.extend(posting)
    sections: list[tuple[str, bytes]] = [
        (name, _SEP.join(values).encode("utf-8")) for name, values in texts.items()
    ]
    arrays = {**{k: state[k] for k in _ARRAYS if k in state}, "key_lengths": lengths}
    arrays["postings"] = postings
    sections += [(name, arrays[name].tobytes()) for name in _ARRAYS]
    header = {
        "format": FORMAT,
        "version": VERSION,
        "byteorder": sys.byteorder,
        "meta": meta,
        "counts": {name: len(values) for name, values in texts.items()},
        "sections": [[name, len(data)] for name, data in sections],
    }
    out.write(json.dumps(header).encode("utf-8") + b"\n")
    for _name, data in sections:
        out.write(data)


def save(index: SearchIndex, path: Path, meta: dict[str, Any]) -> None:
    """Write the index and `meta` to a file, atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write(index, out, meta)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load(path: Path) -> tuple[SearchIndex, dict[str, Any]]:
    """The index saved in `path` and its meta; SnapshotError if it cannot be trusted."""
    with path.open("rb") as handle:
        return read(handle)


def read(handle: BinaryIO) -> tuple[SearchIndex, dict[str, Any]]:
    """The index and meta from an open stream; SnapshotError if it cannot be trusted."""
    try:
        header = json.loads(handle.readline())
    except ValueError as exc:
        raise SnapshotError("not a search index snapshot") from exc
    if not isinstance(header, dict) or (header.get("format"), header.get("version")) != (
        FORMAT,
        VERSION,
    ):
        raise SnapshotError("not a search index snapshot of this version")
    if header.get("byteorder") != sys.byteorder:
        raise SnapshotError("written on a machine of another byte order")
    raw = {name: handle.read(size) for name, size in header["sections"]}
    if handle.read(1):
        raise SnapshotError("trailing data")
    try:
        # [""] and [] both write nothing; the count in the header tells them apart.
        texts = {
            name: raw[name].decode("utf-8").split(_SEP) if header["counts"][name] else []
            for name in _TEXTS
        }
        arrays = {}
        for name, code in _ARRAYS.items():
            arrays[name] = array(code)
            arrays[name].frombytes(raw[name])
    except (KeyError, UnicodeDecodeError, ValueError) as exc:
        raise SnapshotError("damaged snapshot") from exc
    if {name: len(texts[name]) for name in _TEXTS} != header["counts"]:
        raise SnapshotError("damaged snapshot: counts differ")
    fields = texts["names"]
    names = [tuple(fields[i : i + 4]) for i in range(0, len(fields), 4)]
    postings = {}
    start = 0
    for key, length in zip(texts["keys"], arrays["key_lengths"], strict=True):
        postings[key] = arrays["postings"][start : start + length]
        start += length
    state = {
        "record_ids": texts["record_ids"],
        "names": names,
        "places": texts["places"],
        "postings": postings,
        **{name: arrays[name] for name in ("record_name", "born_min", "born_max", "record_place")},
    }
    try:
        return SearchIndex.from_state(state), header["meta"]
    except ValueError as exc:
        raise SnapshotError(f"damaged snapshot: {exc}") from exc
