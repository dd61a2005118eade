"""The chunked AES-GCM file format: round trips at every size that matters, and any
change, cut, reordering or wrong key is refused."""

from __future__ import annotations

import io
import os

import pytest

from aqiqat.services.crypto.stream import (
    CHUNK,
    MAGIC,
    SALT_BYTES,
    TAG_BYTES,
    DamagedFile,
    EncryptingWriter,
    decrypt_chunks,
    open_decrypted,
    open_decrypted_seekable,
)

KEY = bytes(range(32))
HEADER = len(MAGIC) + SALT_BYTES


def sealed(plain: bytes, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    writer = EncryptingWriter(key, out)
    for start in range(0, len(plain), 7000):  # writes that do not line up with chunks
        writer.write(plain[start : start + 7000])
    writer.close()
    return out.getvalue()


def opened(data: bytes, key: bytes = KEY) -> bytes:
    return b"".join(decrypt_chunks(key, io.BytesIO(data)))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5])
def test_every_size_round_trips(size: int) -> None:
    plain = os.urandom(size)
    data = sealed(plain)
    assert opened(data) == plain
    assert open_decrypted(KEY, io.BytesIO(data)).read() == plain
    if size >= 16:
        assert plain[:16] not in data


def test_the_same_content_encrypts_differently_each_time() -> None:
    assert sealed(b"same words") != sealed(b"same words")


def test_a_wrong_key_is_refused() -> None:
    with pytest.raises(DamagedFile):
        opened(sealed(b"testimony"), key=bytes(32))


def test_a_changed_byte_is_refused() -> None:
    data = bytearray(sealed(os.urandom(1000)))
    data[HEADER + 10] ^= 1
    with pytest.raises(DamagedFile):
        opened(bytes(data))


def test_a_file_cut_at_a_chunk_boundary_is_refused() -> None:
    data = sealed(os.urandom(2 * CHUNK + 100))
    with pytest.raises(DamagedFile):
        opened(data[: HEADER + CHUNK + TAG_BYTES])


def test_swapped_chunks_are_refused() -> None:
    data = sealed(os.urandom(3 * CHUNK))
    size = CHUNK + TAG_BYTES
    first, second = data[HEADER : HEADER + size], data[HEADER + size : HEADER + 2 * size]
    swapped = data[:HEADER] + second + first + data[HEADER + 2 * size :]
    with pytest.raises(DamagedFile):
        opened(swapped)


def test_something_that_is_not_an_encrypted_file_is_refused() -> None:
    with pytest.raises(DamagedFile):
        opened(b"SQLite format 3\x00" + bytes(100))


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 5])
def test_the_seekable_reader_gives_every_byte_from_anywhere(size: int) -> None:
    plain = os.urandom(size)
    reader = open_decrypted_seekable(KEY, io.BytesIO(sealed(plain)))
    assert reader.read() == plain
    for start in (0, 1, CHUNK - 3, CHUNK, 2 * CHUNK + 7, size - 2):
        if 0 <= start <= size:
            reader.seek(start)
            assert reader.read(10) == plain[start : start + 10]
    if size >= 4:
        reader.seek(-4, io.SEEK_END)
        assert reader.read() == plain[-4:]
    assert reader.seek(0, io.SEEK_END) == size


def test_the_seekable_reader_refuses_cut_changed_and_swapped_files() -> None:
    plain = os.urandom(3 * CHUNK + 100)
    data = sealed(plain)
    size = CHUNK + TAG_BYTES
    with pytest.raises(DamagedFile):
        open_decrypted_seekable(KEY, io.BytesIO(data[: HEADER + 2 * size])).read()
    changed = bytearray(data)
    changed[HEADER + size + 5] ^= 1
    reader = open_decrypted_seekable(KEY, io.BytesIO(bytes(changed)))
    assert reader.read(100) == plain[:100]  # the first chunk is intact
    with pytest.raises(DamagedFile):
        reader.read()
    first, second = data[HEADER : HEADER + size], data[HEADER + size : HEADER + 2 * size]
    swapped = data[:HEADER] + second + first + data[HEADER + 2 * size :]
    with pytest.raises(DamagedFile):
        open_decrypted_seekable(KEY, io.BytesIO(swapped)).read()
    with pytest.raises(DamagedFile):
        open_decrypted_seekable(KEY, io.BytesIO(b"plain text, not sealed"))
    with pytest.raises(DamagedFile):
        open_decrypted_seekable(KEY, io.BytesIO(data[: HEADER + 3]))
