"""The demo holds case work to look at: events, allegations, complaints (some overdue),
cases with several status changes, kept as the services keep them."""

from __future__ import annotations

import pytest
from django.db.models import Count

from aqiqat.apps.cases.models import Case, Complaint
from aqiqat.apps.people.models import Event, Person
from aqiqat.demo import generate
from aqiqat.selectors.cases import CaseFilters, ComplaintState, case_list, complaint_list
from aqiqat.services.demo_data import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_complaints_cases_and_overdue_answers_kept_as_the_services_keep_them(
    personas,
) -> None:
    load_demo(generate(people=600, seed=11), actor=personas.admin)
    people = Person.objects.count()
    with_complaint = Complaint.objects.values("person").distinct().count()
    assert 0.12 < with_complaint / people < 0.35
    overdue = complaint_list(personas.admin, CaseFilters(status=ComplaintState.OVERDUE))
    assert overdue.exists()
    assert complaint_list(personas.admin, CaseFilters(status=ComplaintState.ANSWERED)).exists()
    long_cases = Case.objects.annotate(steps=Count("status_changes")).filter(steps__gte=3)
    assert long_cases.exists()
    for case in Case.objects.all():
        latest = case.current_status()
        assert latest is not None
        assert (case.status, case.status_on) == (latest.status, latest.on)
    case = long_cases.first()
    person = case.complaints.first().person
    assert list(case_list(personas.admin, CaseFilters(query=person.display_name_latin))) != []
    assert Event.objects.filter(kind="ill_treatment").exclude(allegation_type="").exists()
    assert Complaint.objects.exclude(facility=None).exclude(region=None).exists()
