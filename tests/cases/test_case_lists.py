"""Lists of complaints and cases: filters, search in any script, the overdue list, and
CSV/XLSX exports with formula-like cells made inert."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from aqiqat.apps.audit.models import AuditEntry
from aqiqat.apps.places.models import Facility, Place
from aqiqat.selectors.cases import CaseFilters, ComplaintState, complaint_list, overdue
from aqiqat.services.cases.complaints import FollowUp, follow_up
from tests.cases.conftest import logged_in
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_overdue_list_holds_complaints_past_their_date_with_no_answer_and_no_case(
    personas, complaint_for, case_for
) -> None:
    today = timezone.localdate()
    late = complaint_for(filed_on=today - timedelta(days=45))
    complaint_for(filed_on=today - timedelta(days=10))
    answered = complaint_for(filed_on=today - timedelta(days=45))
    follow_up(personas.admin, answered, answered.version, FollowUp(answered_on=today))
    case_for(filed_on=today - timedelta(days=90))
    assert list(overdue(complaint_list(personas.admin, CaseFilters()))) == [late]
    response = logged_in(personas.documenter).get("/complaints/overdue/", follow=True)
    html = response.content.decode()
    assert "1 complaint you may see matches" in html
    assert "overdue by 15 days" in html


def test_the_complaint_list_filters_by_authority_region_facility_and_date(
    personas, complaint_for
) -> None:
    region = Place.objects.create(
        gazetteer_id="r-demo", kind="region", name_kk="Демо", name_ru="Демо", name_en="Demo Oblast"
    )
    facility = Facility.objects.create(
        code="f-demo", kind="detention", name_en="Demo detention centre", place=region
    )
    complaint_for(
        person=make_person("Ахметова Динара"),
        authority="ombudsman",
        facility=facility,
        filed_on=date(2022, 2, 5),
    )
    complaint_for(person=make_person("Ким Ольга"), authority="ombudsman", filed_on=date(2022, 2, 6))
    complaint_for(person=make_person("Иванов Пётр"), filed_on=date(2022, 2, 5))
    client = logged_in(personas.admin)
    for query in (
        f"region={region.pk}",
        f"facility={facility.pk}",
        "authority=ombudsman&date_from=2022-02-01&date_to=2022-02-05",
    ):
        html = client.get(f"/complaints/?{query}").content.decode()
        assert "Ахметова Динара" in html, query
        assert "Иванов Пётр" not in html, query
    assert "Ким Ольга" not in client.get(f"/complaints/?region={region.pk}").content.decode()


def test_search_finds_a_complaint_by_a_name_typed_in_another_script(
    personas, complaint_for
) -> None:
    complaint_for(person=make_person("Тоқаев Нұрлан Ерланұлы"))
    complaint_for(person=make_person("Ким Ольга"))
    for query in ("Tokayev", "ТОКАЕВ", "тоқаев нұрлан", "Nurlan Tokayev"):
        found = complaint_list(personas.admin, CaseFilters(query=query))
        assert [c.person.display_name for c in found] == ["Тоқаев Нұрлан Ерланұлы"], query


def test_search_finds_a_case_by_its_number_and_the_case_list_filters_by_status(
    personas, case_for
) -> None:
    case_for(number="227500000111")
    case_for(number="227500000222", person=make_person("Ким Ольга"))
    client = logged_in(personas.lawyer)
    html = client.get("/cases/?q=0111").content.decode()
    assert "227500000111" in html and "227500000222" not in html
    assert "227500000222" in client.get("/cases/?q=Kim").content.decode()
    assert "No case matches" in client.get("/cases/?status=verdict").content.decode()


def test_bad_filter_values_are_left_out_and_the_rest_still_apply(personas, complaint_for) -> None:
    complaint_for(person=make_person("Ахметова Динара"), authority="ombudsman")
    complaint_for(person=make_person("Иванов Пётр"))
    response = logged_in(personas.admin).get(
        "/complaints/?authority=ombudsman&date_from=not-a-date&region=nonsense"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ахметова Динара" in html and "Иванов Пётр" not in html


def test_a_complaint_list_exports_as_csv_with_formula_cells_made_inert(
    personas, complaint_for
) -> None:
    complaint_for(filed_by='=HYPERLINK("http://evil.invalid")', summary="+1 cmd")
    response = logged_in(personas.documenter).get("/complaints/?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(_body(response).decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["filed_by"] == '\'=HYPERLINK("http://evil.invalid")'
    assert rows[0]["summary"] == "'+1 cmd"
    assert rows[0]["person"] == "Серікбаев Ерлан Асқарұлы"
    assert rows[0]["person_latin"] == "Serıkbaev Erlan Asqarūly"
    export = AuditEntry.objects.get(action="export", actor=personas.documenter)
    assert export.detail["rows"] == 1


def test_a_lawyers_case_export_holds_only_their_cases_and_opens_in_excel(
    personas, case_for
) -> None:
    from aqiqat.services.accounts import create_user

    case_for(number="227500000001")
    other, _ = create_user("lawyer-export", role="lawyer", password=personas.password)
    case_for(lawyer=other, number="227500000002", person=make_person("Ким Ольга"))
    response = logged_in(personas.lawyer).get("/cases/?export=xlsx")
    sheet = load_workbook(io.BytesIO(_body(response)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("case_id", "number")
    assert [row[1] for row in rows[1:]] == ["227500000001"]


def test_the_complaint_states_filter_separates_waiting_answered_and_case_opened(
    personas, complaint_for, case_for
) -> None:
    waiting = complaint_for()
    answered = complaint_for()
    follow_up(personas.admin, answered, 1, FollowUp(answered_on=date(2022, 2, 1)))
    with_case = case_for().complaints.get()
    states = {
        ComplaintState.WAITING: waiting,
        ComplaintState.ANSWERED: answered,
        ComplaintState.CASE_OPENED: with_case,
    }
    for state, complaint in states.items():
        assert list(complaint_list(personas.admin, CaseFilters(status=state))) == [complaint]


@pytest.mark.parametrize(
    ("language", "heading", "late"),
    [("ru", "Жалобы", "просрочена на 15 дней"), ("kk", "Шағымдар", "мерзімі 15 күнге өтті")],
)
def test_the_complaint_list_speaks_russian_and_kazakh(
    personas, complaint_for, language, heading, late
) -> None:
    from django.conf import settings

    complaint_for(filed_on=timezone.localdate() - timedelta(days=45))
    client = logged_in(personas.documenter)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get("/complaints/").content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert late in html
