"""A small world of records with everything that makes exports hard, and readers for each format."""

from __future__ import annotations

import csv
import io
import itertools
import json
from dataclasses import dataclass
from typing import Any

import pytest
from defusedxml import ElementTree
from openpyxl import load_workbook

from aqiqat.apps.places.models import Place
from aqiqat.apps.sources.models import Record
from aqiqat.services.exports import PreparedExport
from tests.factories import make_person, make_record, make_source

PFIF = "{http://zesty.ca/pfif/1.4}"
KAZAKH = "Әбілқасымұлы Ғалымжан Үмітқызы Ңң Өө Һһ Іі"
FORMULAS = ['=HYPERLINK("http://x")', "+SUM(1)", "-1+1", "@cmd", "\t=1", "\r=1"]
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@dataclass
class World:
    tokaev: Record
    formulas: list[Record]
    kazakh: Record
    script: Record
    retracted: Record
    old: Record
    correction: Record

    @property
    def current_ids(self) -> set[str]:
        records = [self.tokaev, *self.formulas, self.kazakh, self.script, self.correction]
        return {r.public_id for r in records}


@pytest.fixture
def world(acting: Any) -> World:
    almaty = Place.objects.create(
        gazetteer_id="KZ-ALA", kind="city", name_kk="Алматы", name_ru="Алматы", name_en="Almaty"
    )
    ngo = make_source("ngo-list")
    relatives = make_source("relatives", kind="relative", channel="in_person")
    person = make_person("Тоқаев Нұрлан Ерланұлы")
    tokaev = make_record(
        ngo,
        person,
        list_record_id="ngo-list:1",
        full_name="Тоқаев Нұрлан Ерланұлы",
        surname="Тоқаев",
        given_name="Нұрлан",
        patronymic="Ерланұлы",
        sex="M",
        birth_date="1985-03-01",
        birth_date_precision="month",
        birth_year_min=1985,
        birth_year_max=1985,
        age=36,
        place_text="г. Алматы",
        place=almaty,
        event_date="2022-01-05",
        event_date_precision="day",
        claimed_status="detained",
        facility_text="ИВС ДП г. Алматы",
        testimony="Избили в коридоре.",
        medical_details="перелом ребра",
        informant_contact="+7 701 111 2233",
        consent_publish=True,
        consent_share_authorities=False,
    )
    formulas = [
        make_record(
            relatives,
            full_name=formula,
            place_text=formula,
            facility_text=formula,
            testimony=formula,
            claimed_status="missing",
        )
        for formula in FORMULAS
    ]
    kazakh = make_record(
        ngo, list_record_id="ngo-list:2", full_name=KAZAKH, claimed_status="killed"
    )
    script = make_record(ngo, list_record_id="ngo-list:3", full_name=SCRIPT, place_text="a & b < c")
    retracted = make_record(ngo, list_record_id="ngo-list:4", full_name="ОШИБОЧНАЯ ЗАПИСЬ")
    retracted.retract(acting, "entered twice")
    old = make_record(ngo, list_record_id="ngo-list:5", full_name="Ким Олег (old spelling)")
    correction = make_record(ngo, list_record_id="ngo-list:5", full_name="Ким Олег", supersedes=old)
    return World(tokaev, formulas, kazakh, script, retracted, old, correction)


def content(export: PreparedExport) -> bytes:
    return b"".join(export.chunks())


def read_csv(data: bytes, tagged: bool = False) -> tuple[list[str], list[dict[str, str]]]:
    """Rows of a CSV export; with `tagged`, the HXL hashtag row comes back first."""
    assert data.startswith("\ufeff".encode())
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader)
    tags = next(reader) if tagged else []
    return tags, [dict(zip(header, row, strict=True)) for row in reader]


def read_xlsx(data: bytes) -> list[dict[str, Any]]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = next(rows)
    # Empty cells at a row's end are not stored, so a short row is padded with None.
    return [dict(itertools.zip_longest(header, row)) for row in rows]


def read_json(data: bytes) -> list[dict[str, Any]]:
    return json.loads(data.decode("utf-8"))


def read_pfif(data: bytes) -> list[Any]:
    root = ElementTree.fromstring(data, forbid_dtd=True)
    assert root.tag == f"{PFIF}pfif"
    return root.findall(f"{PFIF}person")


def read_any(file_format: str, data: bytes) -> list[dict[str, Any]]:
    """Rows keyed by column name, for the tabular formats."""
    if file_format == "csv":
        return read_csv(data)[1]
    if file_format == "hxl":
        return read_csv(data, tagged=True)[1]
    if file_format == "xlsx":
        return read_xlsx(data)
    return read_json(data)
