"""Shared fixtures: the public MSE cases (tests/data/mse, copied from ../shared/data/mse)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aqiqat.estimate import CaptureHistories, read_histories

MSE_DATA = Path(__file__).resolve().parents[1] / "data" / "mse"


@pytest.fixture
def mse_dir() -> Path:
    return MSE_DATA


@pytest.fixture
def mse_path() -> Callable[[str], Path]:
    def path(name: str) -> Path:
        return MSE_DATA / f"{name}.csv"

    return path


@pytest.fixture
def mse() -> Callable[[str], CaptureHistories]:
    def load(name: str) -> CaptureHistories:
        return read_histories(MSE_DATA / f"{name}.csv")

    return load


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str, name: str = "histories.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
