"""Every interface text speaks Russian and Kazakh, and the compiled catalogues say the same."""

from __future__ import annotations

import gettext
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

import aqiqat
from aqiqat.apps.people.models import Event
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.services.person_changes import merge_persons
from tests.factories import make_person, make_record, make_source
from tests.web.test_pages import logged_in

LOCALE = Path(aqiqat.__file__).parent / "locale"
LANGUAGES = ("ru", "kk")
PLURAL_FORMS = {"ru": 4, "kk": 2}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


@dataclass
class Entry:
    """One message of a .po file, as far as these tests need it."""

    line: int
    flags: set[str] = field(default_factory=set)
    parts: dict[str, str] = field(default_factory=dict)

    @property
    def msgid(self) -> str:
        return self.parts.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [text for key, text in self.parts.items() if key.startswith("msgstr")]


def read_po(path: Path) -> list[Entry]:
    """The messages of a .po file (obsolete ones, marked #~, are not messages)."""
    entries: list[Entry] = []
    current: Entry | None = None
    key = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            current.parts[key] += json.loads(line)
        else:
            key, _space, text = line.partition(" ")
            current.parts[key] = json.loads(text)
    return [entry for entry in entries if "msgid" in entry.parts]


def messages(language: str) -> list[Entry]:
    return [e for e in read_po(LOCALE / language / "LC_MESSAGES" / "django.po") if e.msgid]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_is_left_untranslated_or_fuzzy(language: str) -> None:
    entries = messages(language)
    assert len(entries) > 500, "the catalogue was not read"
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in entries if "fuzzy" in e.flags]
    empty = [f"line {e.line}: {e.msgid!r}" for e in entries if not all(e.translations)]
    assert not fuzzy, f"{language}: fuzzy, check and fix: {fuzzy}"
    assert not empty, f"{language}: not translated: {empty}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_and_plural_forms(language: str) -> None:
    for entry in messages(language):
        wanted = set(PLACEHOLDER.findall(entry.msgid + entry.parts.get("msgid_plural", "")))
        for text in entry.translations:
            # A plural form may leave out the number (Russian "one" forms often do).
            found = set(PLACEHOLDER.findall(text))
            assert found <= wanted, f"{language} line {entry.line}: {found - wanted}"
            if "msgid_plural" not in entry.parts:
                assert found == wanted, f"{language} line {entry.line}: {wanted - found}"
        if "msgid_plural" in entry.parts:
            assert len(entry.translations) == PLURAL_FORMS[language], entry.msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_the_po_file(language: str) -> None:
    """A .po edited without `make messages` would show English on the pages."""
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages(language):
        if "msgid_plural" in entry.parts:
            got = catalogue.ngettext(entry.msgid, entry.parts["msgid_plural"], 1)
            expected = entry.parts["msgstr[0]"]
        else:
            got, expected = catalogue.gettext(entry.msgid), entry.parts["msgstr"]
        if got != expected:
            stale.append(entry.msgid)
    assert not stale, f"{language}: run `make messages`; stale in django.mo: {stale[:5]}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "hint", "button"),
    [
        ("ru", "Исправить событие", "новая версия события", "Сохранить исправление"),
        ("kk", "Оқиғаны түзету", "оқиғаның жаңа нұсқасы", "Түзетуді сақтау"),
    ],
)
def test_the_event_correction_page_speaks_russian_and_kazakh(
    personas, language: str, heading: str, hint: str, button: str
) -> None:
    person = make_person("Тестов Алан")
    event = Event.objects.create(
        person=person, kind=Event.Kind.DETENTION, on=date(2022, 1, 6), on_precision="day"
    )
    event.records.add(make_record(person=person, full_name="Тестов Алан"))
    client = logged_in(personas.documenter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(f"/people/{person.pk}/events/{event.pk}/correct/").content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert hint in html and button in html
    assert "Save the correction" not in html and "Versions" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "title", "button"),
    [
        ("ru", "Оценка по базе данных", "Оценить и сохранить"),
        ("kk", "Дерекқор бойынша бағалау", "Бағалау және сақтау"),
    ],
)
def test_the_estimate_form_speaks_russian_and_kazakh(
    personas, language: str, title: str, button: str
) -> None:
    client = logged_in(personas.analyst)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/dashboard/estimate/").content.decode()
    assert f"<h1>{title}</h1>" in html
    assert button in html
    assert "Estimate and save" not in html and "Persons whose status is" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "notice"),
    [("ru", "Перейти к объединённому лицу"), ("kk", "Біріктірілген адамға өту")],
)
def test_a_merged_persons_page_speaks_russian_and_kazakh(
    personas, language: str, notice: str
) -> None:
    source = make_source()
    keep = make_person("Тестов Алан")
    other = make_person("Тестоф Аланн", status=PersonStatus.KILLED)
    make_record(source, full_name="Тестов Алан", person=keep)
    make_record(source, full_name="Тестоф Аланн", person=other)
    merge_persons(personas.analyst, keep, other, "same person, misspelt")
    client = logged_in(personas.documenter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(f"/people/{other.pk}/").content.decode()
    assert notice in html and "Go to the person kept" not in html
