"""Why a text is not a name, said in the user's language on the web."""

from __future__ import annotations

import pytest
from django.utils import translation

from aqiqat.names import NameProblem, parse_name
from aqiqat.notices import Notice
from aqiqat.services.name_problems import name_problem_in_words

PARTICULARS = {"length": 120, "limit": 100, "character": "☃", "word": "Nurлан", "words": 8}


@pytest.mark.parametrize("kind", list(NameProblem))
def test_every_reason_reads_in_english_russian_and_kazakh(kind: NameProblem) -> None:
    notice = Notice(kind, "the core's own words", PARTICULARS)
    english = name_problem_in_words(notice)
    assert english and english != "the core's own words"
    for language in ("ru", "kk"):
        with translation.override(language):
            told = name_problem_in_words(notice)
        assert told != english, f"{kind} is not translated into {language}"


def test_the_particulars_of_the_text_are_named() -> None:
    with translation.override("kk"):
        told = name_problem_in_words(parse_name("Неизвестный мужчина").problem)
    assert told == "«Неизвестный» әлі анықталмаған адамды білдіреді"
    with translation.override("ru"):
        assert name_problem_in_words(parse_name("x" * 120).problem) == (
            "120 знаков — больше, чем бывает в имени (не более 100)"
        )


def test_without_a_kind_the_english_reason_stands() -> None:
    assert name_problem_in_words(None, "contains digits") == "contains digits"
