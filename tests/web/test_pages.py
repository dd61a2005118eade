"""The web shell: login everywhere, role-limited pages, sensitive reads audited."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from aqiqat.apps.audit.models import AuditEntry
from tests.factories import make_person, make_record

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_page_but_login_requires_a_login(personas) -> None:
    person = make_person()
    for url in ["/", "/people/", f"/people/{person.pk}/"]:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    assert Client().get("/login/").status_code == 200


def test_a_viewer_sees_the_person_list(personas) -> None:
    make_person("Тоқаев Нұрлан Ерланұлы", display_name_latin="Toqaev Nūrlan Erlanūly")
    response = logged_in(personas.viewer).get("/people/")
    assert response.status_code == 200
    assert "Тоқаев Нұрлан Ерланұлы" in response.content.decode()


def test_the_list_search_finds_a_person_by_a_record_name(personas, acting) -> None:
    person = make_person("Ким Ольга")
    make_record(person=person, full_name="KIM OLGA")
    make_person("Ким Олег")
    page = logged_in(personas.viewer).get("/people/", {"q": "olga"}).content.decode()
    assert "Ким Ольга" in page
    assert "Ким Олег" not in page


def test_the_outsider_gets_404_for_a_person_like_for_a_missing_one(personas) -> None:
    person = make_person()
    outsider = logged_in(personas.outsider)
    assert outsider.get(f"/people/{person.pk}/").status_code == 404
    assert outsider.get(f"/people/{uuid.uuid4()}/").status_code == 404
    assert "Серікбаев" not in outsider.get("/people/").content.decode()


def test_testimony_is_shown_to_a_documenter_and_the_read_is_audited(personas, acting) -> None:
    person = make_person()
    make_record(person=person, testimony="He was beaten in the corridor of the facility.")
    page = logged_in(personas.documenter).get(f"/people/{person.pk}/").content.decode()
    assert "beaten in the corridor" in page
    read = AuditEntry.objects.filter(action="view", object_id=str(person.pk)).get()
    assert read.actor == personas.documenter
    assert read.detail == {"fields": ["testimony"]}


def test_testimony_is_hidden_from_a_tracing_desk_volunteer(personas, acting) -> None:
    person = make_person()
    make_record(person=person, testimony="He was beaten in the corridor of the facility.")
    page = logged_in(personas.tracing_desk).get(f"/people/{person.pk}/").content.decode()
    assert "beaten" not in page
    assert not AuditEntry.objects.filter(action="view").exists()


def test_a_retracted_record_stays_readable_to_admins_only(personas, acting) -> None:
    person = make_person()
    record = make_record(person=person, full_name="ОШИБОЧНАЯ ЗАПИСЬ")
    record.retract(acting, "entered for the wrong person")
    admin_page = logged_in(personas.admin).get(f"/people/{person.pk}/").content.decode()
    assert "ОШИБОЧНАЯ ЗАПИСЬ" in admin_page
    assert "entered for the wrong person" in admin_page
    viewer_page = logged_in(personas.viewer).get(f"/people/{person.pk}/").content.decode()
    assert "ОШИБОЧНАЯ ЗАПИСЬ" not in viewer_page


def test_names_with_html_are_shown_as_text_not_run(personas, acting) -> None:
    person = make_person("<script>alert(1)</script>Асан")
    make_record(person=person, full_name='<img src=x onerror="alert(2)">')
    page = logged_in(personas.viewer).get(f"/people/{person.pk}/").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Асан" in page
    assert "<img src=x" not in page


def test_the_interface_speaks_russian_and_kazakh(personas) -> None:
    client = logged_in(personas.viewer)
    client.post("/i18n/setlang/", {"language": "ru", "next": "/people/"})
    assert "Люди" in client.get("/people/").content.decode()
    client.post("/i18n/setlang/", {"language": "kk", "next": "/people/"})
    assert "Адамдар" in client.get("/people/").content.decode()


def test_pages_carry_a_content_security_policy_and_no_remote_assets(personas) -> None:
    response = logged_in(personas.viewer).get("/people/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "http://" not in response.content.decode().replace("http://testserver", "")
    assert "https://" not in response.content.decode()


def test_django_admin_is_open_to_admins_only(personas) -> None:
    assert logged_in(personas.admin).get("/admin/").status_code == 200
    # Other roles get the same "not found" as for a page that does not exist.
    assert logged_in(personas.documenter).get("/admin/").status_code == 404


def test_logins_and_failed_logins_are_audited(personas) -> None:
    client = Client()
    client.post("/login/", {"username": "viewer-persona", "password": "wrong password"})
    client.post("/login/", {"username": "viewer-persona", "password": personas.password})
    actions = list(AuditEntry.objects.order_by("seq").values_list("action", "detail"))
    assert ("login_failed", {"username": "viewer-persona"}) in actions
    login = AuditEntry.objects.get(action="login")
    assert login.actor == personas.viewer


def test_five_failed_logins_lock_the_account_even_for_the_right_password(personas) -> None:
    client = Client()
    for _ in range(5):
        client.post("/login/", {"username": "lawyer-persona", "password": "guess"})
    response = client.post("/login/", {"username": "lawyer-persona", "password": personas.password})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_raw_row_hides_contact_cells_from_roles_that_may_not_see_them(personas, acting) -> None:
    from tests.factories import make_source

    source = make_source(
        "relatives", mapping={"columns": {"full_name": "ФИО", "contact": "Телефон заявителя"}}
    )
    person = make_person()
    make_record(
        source=source,
        person=person,
        raw={"ФИО": "Серікбаев Ерлан", "Телефон заявителя": "+7 700 000 0000"},
    )
    viewer_page = logged_in(personas.viewer).get(f"/people/{person.pk}/").content.decode()
    assert "+7 700 000 0000" not in viewer_page
    assert "Серікбаев Ерлан" in viewer_page
    desk_page = logged_in(personas.tracing_desk).get(f"/people/{person.pk}/").content.decode()
    assert "+7 700 000 0000" in desk_page
    read = AuditEntry.objects.get(action="view", actor=personas.tracing_desk)
    assert read.detail == {"fields": ["raw:contact"]}


def test_the_person_page_shows_the_reviewers_decisions_that_made_the_person(
    personas, acting
) -> None:
    from aqiqat.apps.people.models import LinkDecision

    person = make_person("Тоқаев Нұрлан")
    mine = make_record(person=person, full_name="ТОКАЕВ НУРЛАН")
    other = make_record(full_name="Tokayev Nurlan")
    LinkDecision.objects.create(
        record_a=mine, record_b=other, verdict="different", note="different fathers"
    )
    analyst_page = logged_in(personas.analyst).get(f"/people/{person.pk}/").content.decode()
    assert "Reviewers&#x27; decisions" in analyst_page or "Reviewers' decisions" in analyst_page
    assert "Tokayev Nurlan" in analyst_page
    assert "different fathers" in analyst_page
    viewer_page = logged_in(personas.viewer).get(f"/people/{person.pk}/").content.decode()
    assert "different fathers" not in viewer_page


def test_the_raw_row_hides_id_numbers_and_addresses_like_contacts(personas, acting) -> None:
    from tests.factories import make_source

    columns = {"full_name": "ФИО", "id_number": "ИИН", "address": "Адрес"}
    source = make_source("prosecutor", mapping={"columns": columns})
    person = make_person()
    make_record(
        source=source,
        person=person,
        raw={"ФИО": "Серікбаев Ерлан", "ИИН": "900512300417", "Адрес": "ул. Абая, 12"},
    )
    for role in (personas.viewer, personas.analyst, personas.lawyer):
        page = logged_in(role).get(f"/people/{person.pk}/").content.decode()
        assert "900512300417" not in page and "ул. Абая, 12" not in page
        assert "Серікбаев Ерлан" in page
    desk_page = logged_in(personas.tracing_desk).get(f"/people/{person.pk}/").content.decode()
    assert "900512300417" in desk_page and "ул. Абая, 12" in desk_page
    read = AuditEntry.objects.get(action="view", actor=personas.tracing_desk)
    assert read.detail == {"fields": ["raw:address", "raw:id_number"]}
