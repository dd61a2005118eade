"""What is wrong with a list file reaches a documenter in plain words in their language
(en, ru, kk), the reader's English kept as technical detail; the command line keeps it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from aqiqat.lists import ListError, ListProblem, ListSpec, open_table, read_list
from aqiqat.notices import Notice
from aqiqat.services.intake.list_messages import plain_list_error, plain_problem
from tests.cli_process import aqiqat_command, aqiqat_env, run_aqiqat

# Every particular some kind of problem has (lists/errors.py).
PARTICULARS = {
    "file": "список.csv", "line": 7, "encoding": "utf-8", "byte": "0xd4",
    "unpacked_mb": 1100, "packed_mb": 1.0, "limit_mb": 512, "list": "prosecutor",
    "missing": ("Ф.И.О.",), "columns": 2, "sheet": "Лист2", "cells": 3, "field": "address",
    "column": "№", "id": "17", "first_row": 1,
}  # fmt: skip
# A DOS (CP866) export: Cyrillic in a code page that lists here never arrive in.
DOS_ROWS = "№;ФИО\r\n" + "".join(f"{i};Токаев Нурлан Ерланович\r\n" for i in range(1, 50))


@pytest.mark.parametrize("kind", list(ListProblem))
def test_every_kind_of_problem_reads_in_english_russian_and_kazakh(kind: ListProblem) -> None:
    notice = Notice(kind, "the reader's own words", PARTICULARS)
    english = plain_problem(notice).text
    for language in ("ru", "kk"):
        with translation.override(language):
            told = plain_problem(notice)
        assert told.text != english, f"{kind} is not translated into {language}"
        assert told.detail == "the reader's own words"


def cp1251_list(path: Path) -> Path:
    path.write_bytes("№;ФИО\r\n1;Токаев Нурлан\r\n".encode("cp1251"))
    return path


def test_a_wrong_encoding_says_so_in_plain_words_first_and_keeps_the_detail(
    tmp_path: Path,
) -> None:
    with pytest.raises(ListError) as raised:
        open_table(cp1251_list(tmp_path / "морг.csv"), encoding="utf-8")
    told = plain_list_error(raised.value)
    assert told.kind == ListProblem.WRONG_ENCODING
    assert told.text.startswith(
        "The file морг.csv is not in the text encoding it was read in (utf-8), so some of its "
        "letters cannot be read."
    )
    assert told.detail == str(raised.value)
    assert "(byte 0xb9)" in told.detail
    with translation.override("ru"):
        russian = plain_list_error(raised.value)
    assert russian.text.startswith("Файл морг.csv не в той кодировке текста")
    with translation.override("kk"):
        kazakh = plain_list_error(raised.value)
    assert kazakh.text.startswith("морг.csv файлы оқылған мәтін кодтамасында емес")


def test_a_list_in_no_known_encoding_is_told_without_codec_names_first(tmp_path: Path) -> None:
    path = tmp_path / "dos.csv"
    path.write_bytes(DOS_ROWS.encode("cp866"))
    with pytest.raises(ListError) as raised:
        open_table(path)
    told = plain_list_error(raised.value)
    assert told.text.startswith("The file is not in a known text encoding (UTF-8, UTF-16, ")
    with translation.override("ru"):
        assert plain_list_error(raised.value).text.startswith(
            "Файл не в известной кодировке текста"
        )


def test_a_missing_column_names_the_columns_the_file_has(tmp_path: Path) -> None:
    spec = ListSpec("p", cp1251_list(tmp_path / "p.csv"), "cp1251", {"full_name": "Ф.И.О."})
    with pytest.raises(ListError) as raised:
        read_list(spec)
    with translation.override("ru"):
        told = plain_list_error(raised.value)
    assert told.text == (
        "В файле нет столбца Ф.И.О., выбранного для этого списка. Его столбцы: №, ФИО."
    )


def test_row_problems_are_told_in_the_users_language(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("№,ФИО\n17,Ким Олег\n17,Ли Анна\n,Пак Игорь,лишняя\n", encoding="utf-8")
    rows = list(read_list(ListSpec("p", path, None, {"record_id": "№", "full_name": "ФИО"})).rows)
    with translation.override("ru"):
        told = [plain_problem(problem).text for row in rows for problem in row.problems]
    assert told == [
        "номер «17» уже был в строке 1",
        "заполнено больше ячеек, чем столбцов в заголовке (3 против 2): возможно, в имени или "
        "примечании есть разделитель, например ; или ,",
        "в столбце «№» нет номера: вместо него взят номер строки",
    ]


def test_the_command_line_prints_the_readers_english(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert run_aqiqat("init", data_dir=data).returncode == 0
    path = cp1251_list(tmp_path / "morgue.csv")
    wrong = run_aqiqat("import", str(path), "--source", "m", "--encoding", "utf-8", data_dir=data)
    assert wrong.returncode == 2
    assert wrong.stderr.strip().endswith(
        "morgue.csv: the text is not valid utf-8 (byte 0xb9); give the right encoding with "
        "--encoding"
    )
    path.write_bytes("№;ФИО;Дата рождения\r\n1;;32.13.1990\r\n".encode("cp1251"))
    dry = subprocess.run(
        aqiqat_command("import", str(path), "--source", "m", "--dry-run"),
        capture_output=True,
        text=True,
        # Wide enough for the table of problems to keep each on one line.
        env={**aqiqat_env(data), "COLUMNS": "300"},
        check=False,
    )
    assert dry.returncode == 0, dry.stderr
    assert "no name: kept, but it cannot be matched by name" in dry.stdout
    assert "cannot read the date “32.13.1990”: it will be left empty" in dry.stdout
