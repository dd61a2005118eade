"""The files write_files() leaves: readable by their mapping, with a complete ground truth."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from aqiqat.demo import DemoWorld, generate, write_files


@pytest.fixture(scope="module")
def out(world: DemoWorld, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_files(world, tmp_path_factory.mktemp("demo")).parent


def read_list(folder: Path, entry: dict[str, object]) -> list[dict[str, str]]:
    """Read one list the way an importer would: by the mapping's file and encoding."""
    path = folder / str(entry["file"])
    if path.suffix == ".xlsx":
        sheet = load_workbook(path, read_only=True).worksheets[0]
        rows = [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]
        return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    text = path.read_text(encoding=str(entry["encoding"]))
    if path.suffix == ".json":
        return list(json.loads(text))
    return list(csv.DictReader(text.splitlines()))


def test_the_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    write_files(generate(people=600, seed=9), tmp_path / "a")
    write_files(generate(people=600, seed=9), tmp_path / "b")
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert len(files) >= 12
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_files_do_not_depend_on_the_process_or_the_clock(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from aqiqat.demo import generate, write_files; "
        "write_files(generate(people=300, seed=4), Path(sys.argv[1]))"
    )
    for n in (1, 2):
        env = {**os.environ, "PYTHONHASHSEED": str(n)}
        subprocess.run([sys.executable, "-c", script, str(tmp_path / str(n))], env=env, check=True)
    for path in (tmp_path / "1").rglob("*.*"):
        twin = tmp_path / "2" / path.relative_to(tmp_path / "1")
        assert path.read_bytes() == twin.read_bytes(), path.name
    with zipfile.ZipFile(tmp_path / "1" / "lists" / "ngo.xlsx") as xlsx:
        assert {info.date_time[:3] for info in xlsx.infolist()} == {(2022, 2, 1)}
        core = xlsx.read("docProps/core.xml").decode()
        assert "2022-02-01T00:00:00Z</dcterms:modified>" in core


def test_every_list_reads_back_through_its_mapping(world: DemoWorld, out: Path) -> None:
    mapping = json.loads((out / "mapping.json").read_text(encoding="utf-8"))
    assert set(mapping) == {lst.name for lst in world.lists}
    for lst in world.lists:
        entry = mapping[lst.name]
        assert entry["columns"] == lst.columns
        rows = read_list(out, entry)
        assert rows == lst.rows, lst.name
        assert set(entry["columns"]) <= {
            "record_id", "full_name", "surname", "given_name", "patronymic", "birth_date",
            "age", "sex", "place", "event_date", "status", "facility", "contact", "notes",
        }  # fmt: skip


def test_lists_use_the_encodings_they_declare(out: Path) -> None:
    mapping = json.loads((out / "mapping.json").read_text(encoding="utf-8"))
    assert mapping["prosecutor"]["encoding"] == "cp1251"
    with pytest.raises(UnicodeDecodeError):
        (out / mapping["prosecutor"]["file"]).read_text(encoding="utf-8")
    assert (out / mapping["relatives"]["file"]).read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert (out / mapping["morgue"]["file"]).read_bytes()[:3] == b"\xef\xbb\xbf"


def test_truth_covers_every_row_exactly_once(world: DemoWorld, out: Path) -> None:
    with (out / "truth.csv").open(encoding="utf-8", newline="") as fh:
        truth = list(csv.DictReader(fh))
    assert len(truth) == sum(len(lst.rows) for lst in world.lists)
    ids = [t["record_id"] for t in truth]
    assert len(set(ids)) == len(ids)
    expected = set()
    for lst in world.lists:
        header = lst.columns.get("record_id")
        for n, (row, tid) in enumerate(zip(lst.rows, lst.truth_ids, strict=True), 1):
            expected.add((f"{lst.name}:{row[header] if header else n}", tid))
    assert {(t["record_id"], t["truth_id"]) for t in truth} == expected


def test_histories_count_the_killed_found_by_lists_that_report_deaths(
    world: DemoWorld, out: Path
) -> None:
    with (out / "histories.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    lists = [lst for lst in world.lists if lst.reports_deaths]
    assert list(rows[0]) == [lst.name for lst in lists] + ["count"]
    killed = {p.truth_id for p in world.people if p.fate == "killed"}
    found = {t for lst in lists for t in lst.truth_ids if t in killed}
    assert sum(int(r["count"]) for r in rows) == len(found) < len(killed)
    patterns = Counter(tuple(r[lst.name] for lst in lists) for r in rows)
    assert all(n == 1 for n in patterns.values())
    assert all(set(p) <= {"0", "1"} and "1" in p for p in patterns)


def test_stratified_histories_add_up_to_the_plain_ones(out: Path) -> None:
    def total(name: str) -> int:
        with (out / name).open(encoding="utf-8", newline="") as fh:
            return sum(int(r["count"]) for r in csv.DictReader(fh))

    assert total("histories_by_place.csv") == total("histories.csv")
