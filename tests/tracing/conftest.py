"""Each test starts with an empty process-wide index: the database is rolled back under it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_index() -> Iterator[None]:
    from aqiqat.services.tracing.index import reset_live_index

    reset_live_index()
    cache.clear()
    yield
    reset_live_index()
