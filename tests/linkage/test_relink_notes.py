"""What a linkage run notes reaches its user as plain sentences (en, ru, kk), the model's
own terms kept for analysts: on the re-link page, from the command and in its JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import translation

from aqiqat.cli.main import main
from aqiqat.linkage import LinkNote, LinkResult, NoteKind, link
from aqiqat.services.linkage import relink_all
from aqiqat.services.linkage_notes import plain_notes
from tests.linkage.test_cli import write_list
from tests.linkage.test_small_relink import ROWS, import_small, records_of
from tests.web.test_relink_page import relink_and_wait

TOO_FEW = (
    "Too few records to learn how often two records are the same person; "
    "a cautious default was used."
)


@pytest.fixture(scope="module")
def two_records() -> LinkResult:
    """Two namesakes born years apart: no pair to learn the prior or any m from."""
    return link(records_of(ROWS[2:4]))


def test_the_core_notes_say_what_happened_in_kinds_and_model_terms(two_records) -> None:  # type: ignore[no-untyped-def]
    kinds = [note.kind for note in two_records.notes]
    assert kinds == [NoteKind.PRIOR_TOO_FEW_PAIRS, *[NoteKind.TRAINING_SKIPPED] * 3]
    assert two_records.notes[0].detail == "prior 0 from too few pairs: 0.0001 used instead"
    assert [n.params["columns"] for n in two_records.notes[1:]] == [
        ("sur", "giv"), ("bdate",), ("sur", "place")
    ]  # fmt: skip
    # Splink's advice about its own API is left out; what failed is kept.
    assert all("\n" not in note.detail for note in two_records.notes)
    assert "resulted in no record pairs" in two_records.notes[1].detail


def test_the_notes_read_as_plain_sentences_first_and_keep_the_detail(two_records) -> None:  # type: ignore[no-untyped-def]
    prior, training = plain_notes(two_records.notes)
    assert prior.text == TOO_FEW and prior.kind == NoteKind.PRIOR_TOO_FEW_PAIRS
    assert prior.detail == "prior 0 from too few pairs: 0.0001 used instead"
    # Three skipped training runs make one sentence, and keep a line of detail each.
    assert training.text == (
        "Too few records to learn how much it counts when two records agree on: surname and "
        "given name; birth date; surname and place. Preset values were used instead."
    )
    assert [line.split(" skipped")[0] for line in training.detail.splitlines()] == [
        "EM blocked on sur, giv", "EM blocked on bdate", "EM blocked on sur, place"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "prior", "subjects"),
    [
        ("ru", "Слишком мало записей, чтобы узнать, как часто две записи относятся к одному лицу",
         "фамилия и имя; дата рождения; фамилия и место"),
        ("kk", "Екі жазбаның бір адамға қаншалықты жиі қатысты болатынын білуге жазбалар тым аз",
         "тегі мен аты; туған күні; тегі мен мекені"),
    ],
)  # fmt: skip
def test_the_notes_speak_russian_and_kazakh(two_records, language, prior, subjects) -> None:  # type: ignore[no-untyped-def]
    with translation.override(language):
        first, training = plain_notes(two_records.notes)
    assert first.text.startswith(prior)
    assert subjects in training.text
    # The analysts' detail stays in the model's terms.
    assert first.detail == "prior 0 from too few pairs: 0.0001 used instead"


def test_a_prior_not_estimated_and_one_from_too_few_pairs_are_told_once() -> None:
    notes = [
        LinkNote(NoteKind.PRIOR_NOT_ESTIMATED, "prior left at its default: no pairs"),
        LinkNote(NoteKind.PRIOR_TOO_FEW_PAIRS, "prior 0 from too few pairs: 0.0001 used instead"),
    ]
    (told,) = plain_notes(notes)
    assert told.text == TOO_FEW
    assert told.detail.splitlines() == [n.detail for n in notes]


@pytest.mark.parametrize(
    ("language", "count", "start"),
    [
        ("en", 1, "1 reviewer's «same» decision was not applied: "),
        ("en", 3, "3 reviewers' «same» decisions were not applied: "),
        ("ru", 1, "1 решение проверяющих «одно и то же лицо» не применено: "),
        ("ru", 3, "3 решения проверяющих «одно и то же лицо» не применены: "),
        ("ru", 5, "5 решений проверяющих «одно и то же лицо» не применены: "),
        ("kk", 3, "Тексерушілердің «бір тұлға» деген 3 шешімі қолданылмады: "),
    ],
)
def test_same_decisions_left_out_are_counted_in_the_users_language(
    language: str, count: int, start: str
) -> None:
    pairs = tuple((f"a{i}", f"b{i}") for i in range(count))
    note = LinkNote(NoteKind.SAME_NOT_APPLIED, "not applied: a0 / b0", {"pairs": pairs})
    with translation.override(language):
        (told,) = plain_notes([note])
    assert told.text.startswith(start)
    assert told.detail == "not applied: a0 / b0"


def test_the_link_command_prints_the_plain_note_then_the_detail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mapping = write_list(tmp_path, ["name,born", *(f"{n},{b}" for n, b, _ in ROWS[2:4])],
                         {"full_name": "name", "birth_date": "born"})  # fmt: skip
    assert main(["link", "--mapping", str(mapping), "--out", str(tmp_path / "c.csv")]) == 0
    printed = capsys.readouterr().out
    assert TOO_FEW in printed
    assert printed.index(TOO_FEW) < printed.index("prior 0 from too few pairs")
    assert "EM blocked on sur, giv skipped" in printed
    assert main(["link", "--mapping", str(mapping), "--out", str(tmp_path / "c.csv"),
                 "--json"]) == 0  # fmt: skip
    notes = json.loads(capsys.readouterr().out)["notes"]
    assert [n["kind"] for n in notes] == ["prior_too_few_pairs", "training_skipped"]
    assert notes[0]["text"] == TOO_FEW
    assert notes[0]["detail"] == "prior 0 from too few pairs: 0.0001 used instead"


@pytest.mark.django_db
def test_a_relink_writes_its_notes_in_the_language_it_runs_in(acting, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.AQIQAT_DATA_DIR = tmp_path
    import_small(tmp_path, acting)
    with translation.override("ru"):
        summary = relink_all(acting)
    (note,) = summary.notes
    assert note.kind == NoteKind.TRAINING_SKIPPED
    assert note.text.startswith("Слишком мало записей") and "фамилия и место" in note.text
    assert note.detail.startswith("EM blocked on sur, place skipped")


@pytest.mark.django_db(transaction=True)
def test_the_relink_page_shows_the_notes_in_the_users_language(
    personas, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.AQIQAT_DATA_DIR = tmp_path
    import_small(tmp_path, personas.admin)
    client = Client()
    client.force_login(personas.analyst)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "ru"
    page = relink_and_wait(client)
    assert "фамилия и место" in page and "Preset values" not in page
    # The model's terms are there for an analyst who opens them.
    assert "Технические подробности" in page
    assert "EM blocked on sur, place skipped" in page
