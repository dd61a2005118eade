"""What sealing the sensitive columns costs per record (services.crypto.values).

A record read from a list carries three sealed values: the raw row (as JSON), testimony
and the informant's contact. Prints microseconds per record to seal and to open them, and
the size of the sealed raw row next to its JSON.
Usage: python bench/bench_field_encryption.py
"""

from __future__ import annotations

import json
import os
import timeit

from aqiqat.services.crypto import keyring
from aqiqat.services.crypto.values import seal, unseal

RAW = {
    "№": "12345",
    "ФИО": "Серікбаев Ерлан Асқарұлы",
    "Дата рождения": "31.01.1995",
    "Место": "г. Алматы",
    "Телефон": "+7 701 555 01 02",
    "Примечание": "задержан у акимата, избит в автозаке",
}
VALUES = {
    "sources.record.raw": json.dumps(RAW, ensure_ascii=False),
    "sources.record.testimony": RAW["Примечание"],
    "sources.record.informant_contact": RAW["Телефон"],
}
ROUNDS = 50_000


def main() -> int:
    keyring.unlock(os.urandom(32))
    sealed = {column: seal(text, column) for column, text in VALUES.items()}

    def write() -> None:
        for column, text in VALUES.items():
            seal(text, column)

    def read() -> None:
        for column, text in sealed.items():
            unseal(text, column)

    per_write = timeit.timeit(write, number=ROUNDS) / ROUNDS * 1e6
    per_read = timeit.timeit(read, number=ROUNDS) / ROUNDS * 1e6
    print(f"seal 3 values per record: {per_write:.1f} µs ({per_write / 10:.2f} s per 100,000)")
    print(f"open 3 values per record: {per_read:.1f} µs ({per_read / 10:.2f} s per 100,000)")
    raw = VALUES["sources.record.raw"]
    print(f"raw row: {len(raw.encode())} bytes as JSON, {len(sealed['sources.record.raw'])} sealed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
