"""`aqiqat estimate`: table, --json, strata and clear errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from aqiqat.cli.main import main

FAST = ["--chains", "2", "--iterations", "2000", "--burn-in", "1000"]


def test_json_output_is_the_documented_shape(mse_path, capsys) -> None:
    code = main(["estimate", str(mse_path("kosovo_4lists")), "--method", "loglinear", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documented"] == 4400
    (item,) = data["estimates"]
    assert item["method"] == "loglinear"
    assert abs(item["n_hat"] - 10357) < 1
    assert abs(item["lower"] - 8994) < 1 and abs(item["upper"] - 12110) < 1


def test_the_table_lists_every_method_with_its_interval(mse_path, capsys) -> None:
    code = main(["estimate", str(mse_path("dga_madigan_york_5lists")), "--seed", "3", *FAST])
    assert code == 0
    out = capsys.readouterr().out
    for method in ("loglinear", "sparse", "lcmcr", "dga"):
        assert method in out
    assert "537 people documented on 5 lists" in out
    assert "620" in out and "593 – 652" in out


def test_a_refusal_prints_no_number_in_json(write_csv, capsys) -> None:
    path = write_csv("A,B,count\n1,0,50\n0,1,40\n")
    assert main(["estimate", str(path), "--json"]) == 0
    (item,) = json.loads(capsys.readouterr().out)["estimates"]
    assert item["method"] == "chapman" and item["n_hat"] is None
    assert item["warnings"]


def test_strata_are_shown_per_stratum(write_csv, capsys) -> None:
    rows = ["A,B,region,count"]
    for region in ("north", "south"):
        rows += [f"1,0,{region},80", f"0,1,{region},60", f"1,1,{region},20"]
    path = write_csv("\n".join(rows) + "\n")
    assert main(["estimate", str(path), "--strata", "region"]) == 0
    out = capsys.readouterr().out
    assert "All strata combined" in out and "Stratum north" in out and "Stratum south" in out


def test_bad_input_is_one_clear_line_and_exit_status_2(write_csv, capsys) -> None:
    path = write_csv("A,B,count\n1,0,-4\n")
    assert main(["estimate", str(path)]) == 2
    assert "count -4 is negative" in capsys.readouterr().err


def test_a_bad_level_is_refused(mse_path, capsys) -> None:
    assert main(["estimate", str(mse_path("kosovo_4lists")), "--level", "95"]) == 2
    assert "--level" in capsys.readouterr().err


def test_the_installed_command_runs_as_a_subprocess(mse_path) -> None:
    command = Path(sys.executable).with_name("aqiqat")
    result = subprocess.run(
        [
            str(command),
            "estimate",
            str(mse_path("kosovo_3lists_noABA")),
            "--method",
            "dga",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (item,) = json.loads(result.stdout)["estimates"]
    assert round(item["n_hat"]) == 7122
