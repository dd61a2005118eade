"""One small world shared by the demo tests (generating it is the slow part)."""

from __future__ import annotations

import pytest

from aqiqat.demo import DemoWorld, generate


@pytest.fixture(scope="session")
def world() -> DemoWorld:
    return generate(people=3000, seed=7)
