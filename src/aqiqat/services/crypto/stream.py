"""Files encrypted in authenticated chunks (AES-256-GCM), streamed in and out.

Layout: MAGIC, a random 16-byte salt, then chunks of up to CHUNK bytes of plaintext, each
sealed with its own nonce (chunk counter and a last-chunk flag) under a key derived for
this file from the salt. Any changed, dropped, reordered or cut chunk fails to open; a
file never needs to be in memory whole, and no plaintext is ever written to disk.
"""

from __future__ import annotations

import io
import secrets
from collections.abc import Iterator
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC = b"AQIQAT-ENC-1\n"
SALT_BYTES = 16
CHUNK = 64 * 1024
TAG_BYTES = 16


class DamagedFile(Exception):
    """The encrypted file was changed, cut short, or belongs to another key."""


def _file_key(key: bytes, salt: bytes) -> AESGCM:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"aqiqat/file").derive(key)
    return AESGCM(derived)


def _nonce(counter: int, last: bool) -> bytes:
    return counter.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """Write plaintext in; sealed chunks go to `sink`. `close()` seals the last chunk."""

    def __init__(self, key: bytes, sink: BinaryIO) -> None:
        salt = secrets.token_bytes(SALT_BYTES)
        self._header = MAGIC + salt
        self._aead = _file_key(key, salt)
        self._sink = sink
        self._buffer = bytearray()
        self._counter = 0
        sink.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer.extend(data)
        # Keep at least one byte back: the last chunk must be sealed as last.
        start = 0
        with memoryview(self._buffer) as view:
            while len(view) - start > CHUNK:
                self._seal(bytes(view[start : start + CHUNK]), last=False)
                start += CHUNK
        # One move of the remainder per write, not one per chunk.
        del self._buffer[:start]
        return len(data)

    def close(self) -> None:
        self._seal(bytes(self._buffer), last=True)
        self._buffer.clear()

    def _seal(self, plain: bytes, *, last: bool) -> None:
        nonce = _nonce(self._counter, last)
        self._sink.write(self._aead.encrypt(nonce, plain, self._header))
        self._counter += 1


def decrypt_chunks(key: bytes, source: BinaryIO) -> Iterator[bytes]:
    """The plaintext, chunk by chunk; DamagedFile as soon as anything does not check."""
    header = source.read(len(MAGIC) + SALT_BYTES)
    if len(header) != len(MAGIC) + SALT_BYTES or not header.startswith(MAGIC):
        raise DamagedFile("not an encrypted Aqiqat file")
    aead = _file_key(key, header[len(MAGIC) :])
    sealed_size = CHUNK + TAG_BYTES
    current = source.read(sealed_size)
    counter = 0
    while True:
        following = source.read(sealed_size)
        last = not following
        try:
            yield aead.decrypt(_nonce(counter, last), current, header)
        except InvalidTag as exc:
            raise DamagedFile("the encrypted file was changed or cut short") from exc
        if last:
            return
        current, counter = following, counter + 1


class DecryptingReader(io.RawIOBase):
    """A readable stream of the plaintext (wrap in io.BufferedReader for readline)."""

    def __init__(self, key: bytes, source: BinaryIO) -> None:
        self._chunks = decrypt_chunks(key, source)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = chunk
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def open_decrypted(key: bytes, source: BinaryIO) -> io.BufferedReader:
    return io.BufferedReader(DecryptingReader(key, source), buffer_size=CHUNK)


class SeekableDecryptingReader(io.RawIOBase):
    """The plaintext of an encrypted file, with seek: each chunk is sealed on its own, so
    any one can be opened by its number (zip archives and workbooks read from the end).
    The number of chunks comes from the file's size, so a file cut at a chunk boundary
    fails too: its new last chunk was not sealed as last."""

    def __init__(self, key: bytes, source: BinaryIO) -> None:
        header = source.read(len(MAGIC) + SALT_BYTES)
        if len(header) != len(MAGIC) + SALT_BYTES or not header.startswith(MAGIC):
            raise DamagedFile("not an encrypted Aqiqat file")
        self._header = header
        self._aead = _file_key(key, header[len(MAGIC) :])
        self._source = source
        body = source.seek(0, io.SEEK_END) - len(header)
        sealed_size = CHUNK + TAG_BYTES
        self._count = max(1, -(-body // sealed_size))
        if body - (self._count - 1) * sealed_size < TAG_BYTES:
            raise DamagedFile("the encrypted file was changed or cut short")
        self._size = body - self._count * TAG_BYTES
        self._position = 0
        self._cached: tuple[int, bytes] = (-1, b"")

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._position = base + offset
        return self._position

    def readinto(self, buffer: Any) -> int:
        if self._position >= self._size:
            return 0
        number, offset = divmod(self._position, CHUNK)
        plain = self._chunk(number)
        size = min(len(buffer), len(plain) - offset)
        buffer[:size] = plain[offset : offset + size]
        self._position += size
        return size

    def close(self) -> None:
        self._source.close()
        super().close()

    def _chunk(self, number: int) -> bytes:
        if self._cached[0] != number:
            self._source.seek(len(self._header) + number * (CHUNK + TAG_BYTES))
            sealed = self._source.read(CHUNK + TAG_BYTES)
            try:
                plain = self._aead.decrypt(
                    _nonce(number, number == self._count - 1), sealed, self._header
                )
            except InvalidTag as exc:
                raise DamagedFile("the encrypted file was changed or cut short") from exc
            self._cached = (number, plain)
        return self._cached[1]


def open_decrypted_seekable(key: bytes, source: BinaryIO) -> io.BufferedReader:
    """A readable, seekable stream of the plaintext of `source` (which must be seekable)."""
    return io.BufferedReader(SeekableDecryptingReader(key, source), buffer_size=CHUNK)
