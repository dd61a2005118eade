"""Demo lists written to disk once per session: the linkage tests' real input."""

from __future__ import annotations

from pathlib import Path

import pytest

from aqiqat.demo import generate, write_files

DEMO_PEOPLE = 1500


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("linkage-demo")
    write_files(generate(people=DEMO_PEOPLE, seed=7), folder)
    return folder


@pytest.fixture(scope="session")
def demo_link(demo_dir: Path):  # type: ignore[no-untyped-def]
    """One DuckDB link of the demo lists, shared by the tests that only read it."""
    from aqiqat.linkage import link, read_records

    return link(read_records(demo_dir / "mapping.json").records)
