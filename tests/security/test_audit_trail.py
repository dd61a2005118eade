"""Administrators read the audit trail of a person; reading it is audited; others get 404."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aqiqat.apps.audit.log import acting_as
from aqiqat.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_an_admin_sees_the_entries_about_a_person_and_their_records(personas) -> None:
    from tests.factories import make_person, make_record

    with acting_as(personas.documenter):
        person = make_person("Тестов Вымышлен")
        record = make_record(person=person, full_name="Тестов Вымышлен")
        other = make_person("Другой Человек")
    client = Client()
    client.force_login(personas.admin)
    page = client.get(reverse("person-audit", args=[person.pk]))
    assert page.status_code == 200
    shown = {entry.object_id for entry in page.context["entries"]}
    assert {str(person.pk), str(record.pk)} <= shown
    assert str(other.pk) not in shown
    assert AuditEntry.objects.filter(
        action="view", object_id=str(person.pk), actor=personas.admin
    ).exists()


@pytest.mark.parametrize("role", ["documenter", "analyst", "lawyer", "tracing_desk", "viewer"])
def test_other_roles_get_not_found(personas, role) -> None:
    from tests.factories import make_person

    person = make_person("Тестов Вымышлен")
    client = Client()
    client.force_login(personas.by_role[role])
    assert client.get(reverse("person-audit", args=[person.pk])).status_code == 404


def test_the_person_page_links_to_the_trail_for_admins_only(personas) -> None:
    from tests.factories import make_person

    person = make_person("Тестов Вымышлен")
    link = reverse("person-audit", args=[person.pk])
    for user, shown in ((personas.admin, True), (personas.viewer, False)):
        client = Client()
        client.force_login(user)
        page = client.get(reverse("person-detail", args=[person.pk])).content.decode()
        assert (link in page) is shown
