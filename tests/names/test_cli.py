import json
import subprocess
import sys
from pathlib import Path

import pytest

from aqiqat.cli.main import main

AQIQAT = Path(sys.executable).parent / "aqiqat"


def run(capsys, *args):
    code = main(["names", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_names_key_json_follows_the_design_contract(capsys):
    code, out, _ = run(capsys, "key", "ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ", "--json")
    assert code == 0
    assert json.loads(out) == {
        "input": "ТОКАЕВ НУРЛАН ЕРЛАНОВИЧ",
        "script": "russian_cyrillic",
        "key": "tokaev nurlan erlanovich",
        "parts": {"surname": "Токаев", "given": "Нурлан", "patronymic": "Ерланович"},
        "sex": "male",
    }


def test_names_key_accepts_a_name_in_several_arguments(capsys):
    code, out, _ = run(capsys, "key", "Toqaev", "Nūrlan", "--json")
    assert code == 0
    assert json.loads(out)["key"] == "tokaev nurlan"


def test_names_key_without_json_prints_a_readable_table(capsys):
    code, out, _ = run(capsys, "key", "Тоқаев Нұрлан Ерланұлы")
    assert code == 0
    assert "tokaev nurlan erlanuli" in out
    assert "patronymic" in out and "Ерланұлы" in out


def test_names_compare_json_follows_the_design_contract(capsys):
    code, out, _ = run(capsys, "compare", "Тоқаев Нұрлан Ерланұлы", "Nurlan Tokayev", "--json")
    assert code == 0
    assert json.loads(out) == {"score": 1.0, "same": True}


def test_names_compare_says_why_two_names_differ(capsys):
    code, out, _ = run(capsys, "compare", "Ким Ольга", "Ким Олег")
    assert code == 0
    assert "different people" in out
    assert "sex differs" in out


def test_names_compare_honours_a_threshold(capsys):
    code, out, _ = run(capsys, "compare", "Ахметов Нурлан", "Ахметов Нурбол", "--json")
    assert code == 0
    assert json.loads(out)["same"] is False
    _, out, _ = run(
        capsys, "compare", "Ахметов Нурлан", "Ахметов Нурбол", "--threshold", "0.5", "--json"
    )
    assert json.loads(out)["same"] is True


@pytest.mark.parametrize(
    "args",
    [
        ["key", "<b>Nurlan</b>"],
        ["key", "12345", "--json"],
        ["compare", "Ким Ольга", "😀"],
        ["compare", "Ким Ольга", "Ким Олег", "--threshold", "7"],
        ["place", "Москва"],
        ["date", "abc"],
    ],
)
def test_bad_input_is_one_clear_line_and_status_two(capsys, args):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.strip().startswith("error:")
    assert len(err.strip().splitlines()) == 1


def test_names_translit_shows_every_system(capsys):
    code, out, _ = run(capsys, "translit", "Жаңаөзен", "--json")
    assert code == 0
    forms = json.loads(out)["forms"]
    assert forms["kz2021"] == "Jañaözen"
    assert forms["icao"] == "Zhanaozen"


def test_names_place_resolves_an_old_name(capsys):
    code, out, _ = run(capsys, "place", "г.", "Алма-Ата", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["id"] == "kz-almaty"
    assert data["how"] == "historical"


def test_names_date_shows_precision_and_ambiguity(capsys):
    _, out, _ = run(capsys, "date", "05/01/1995", "--json")
    data = json.loads(out)
    assert data["ambiguous"] is True
    assert data["readings"] == ["1995-01-05", "1995-05-01"]


def test_names_without_a_subcommand_prints_help(capsys):
    code, out, _ = run(capsys)
    assert code == 2
    assert "key" in out and "compare" in out


def test_the_installed_command_keys_a_name_as_a_subprocess():
    result = subprocess.run(
        [str(AQIQAT), "names", "key", "Тоқаев Нұрлан Ерланұлы", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["key"] == "tokaev nurlan erlanuli"
    assert data["script"] == "kazakh_cyrillic"


def test_the_installed_command_reports_a_bad_name_on_stderr_as_a_subprocess():
    result = subprocess.run(
        [str(AQIQAT), "names", "compare", "<i>x</i>", "Ким", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert "markup" in result.stderr
