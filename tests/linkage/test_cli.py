"""`aqiqat link` in file mode: outputs, the quality report, and bad input."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from aqiqat.cli.commands import link as link_command
from aqiqat.cli.main import main
from aqiqat.linkage import DEFAULT_THRESHOLD


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_list(folder: Path, lines: list[str], columns: dict[str, str]) -> Path:
    (folder / "one.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = folder / "mapping.json"
    mapping.write_text(json.dumps({"one": {"file": "one.csv", "columns": columns}}), "utf-8")
    return mapping


def test_the_command_writes_clusters_pairs_and_prints_quality(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, pairs = tmp_path / "clusters.csv", tmp_path / "pairs.csv"
    status = main(["link", "--mapping", str(demo_dir / "mapping.json"), "--out", str(out),
                   "--pairs", str(pairs), "--evaluate", str(demo_dir / "truth.csv")])  # fmt: skip
    assert status == 0
    written = rows(out)
    assert list(written[0]) == ["record_id", "list", "cluster_id", "match_probability"]
    assert len(written) == len(rows(demo_dir / "truth.csv"))
    assert rows(pairs)
    printed = capsys.readouterr().out
    assert "pairwise precision" in printed and "pairwise F1" in printed


def test_json_output_carries_the_quality_measures(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["link", "--mapping", str(demo_dir / "mapping.json"), "--out",
                   str(tmp_path / "c.csv"), "--evaluate", str(demo_dir / "truth.csv"),
                   "--json"])  # fmt: skip
    assert status == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["quality"]["precision"] >= 0.97
    assert {"records", "clusters", "threshold", "timings"} <= set(summary)


def test_a_single_list_is_deduplicated_on_its_own(tmp_path: Path) -> None:
    mapping = write_list(
        tmp_path,
        ["name,born", "Тоқаев Нұрлан Ерланұлы,12.03.1980", "ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ,12.03.1980",
         "Ким Ольга Петровна,01.02.1975", ",", "Иванов Пётр Сергеевич,05.06.1990"],
        {"full_name": "name", "birth_date": "born"},
    )  # fmt: skip
    out = tmp_path / "clusters.csv"
    assert main(["link", "--mapping", str(mapping), "--out", str(out)]) == 0
    clusters = {r["record_id"]: r["cluster_id"] for r in rows(out)}
    assert len(clusters) == 4  # the empty row is no record
    assert clusters["one:1"] == clusters["one:2"]
    assert len(set(clusters.values())) == 3


def test_one_record_alone_is_its_own_cluster(tmp_path: Path) -> None:
    mapping = write_list(tmp_path, ["name", "Ким Ольга"], {"full_name": "name"})
    out = tmp_path / "clusters.csv"
    assert main(["link", "--mapping", str(mapping), "--out", str(out)]) == 0
    assert rows(out) == [
        {"record_id": "one:1", "list": "one", "cluster_id": "one:1", "match_probability": ""}
    ]


def test_a_list_of_empty_rows_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = write_list(tmp_path, ["name,born", ",", " , "], {"full_name": "name",
                                                              "birth_date": "born"})  # fmt: skip
    assert main(["link", "--mapping", str(mapping), "--out", str(tmp_path / "c.csv")]) == 2
    assert "no records to link" in capsys.readouterr().err


def test_a_mapping_without_a_name_column_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = write_list(tmp_path, ["born", "1980"], {"birth_date": "born"})
    assert main(["link", "--mapping", str(mapping), "--out", str(tmp_path / "c.csv")]) == 2
    assert "full_name, surname, given_name" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--threshold", "1.5"], "--threshold must be a probability"),
        (["--evaluate", "no-such-truth.csv"], "does not exist"),
    ],
)
def test_bad_arguments_get_one_clear_line(
    demo_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    args = ["link", "--mapping", str(demo_dir / "mapping.json"), "--out",
            str(tmp_path / "c.csv"), *extra]  # fmt: skip
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_a_missing_mapping_file_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["link", "--mapping", str(tmp_path / "none.json"), "--out",
                 str(tmp_path / "c.csv")]) == 2  # fmt: skip
    assert "does not exist" in capsys.readouterr().err


def test_the_command_default_threshold_is_the_models() -> None:
    assert link_command.DEFAULT_THRESHOLD == DEFAULT_THRESHOLD


def test_file_mode_needs_a_mapping_and_an_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["link", "--out", str(tmp_path / "c.csv")]) == 2
    assert "--mapping and --out" in capsys.readouterr().err
