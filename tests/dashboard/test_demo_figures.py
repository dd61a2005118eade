"""The demo carries the official toll and a few fictional memorial consents."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from aqiqat.apps.figures.models import Measure, MemorialConsent, OfficialFigure
from aqiqat.apps.vocabulary import PersonStatus
from aqiqat.demo import generate
from aqiqat.services.demo_data import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_holds_the_official_toll_and_consents_for_killed_persons(acting) -> None:
    load_demo(generate(people=600, seed=3), actor=acting)
    toll = OfficialFigure.objects.get()
    assert (toll.measure, toll.value, toll.stated_on) == (Measure.KILLED, 227, date(2022, 1, 15))
    consents = MemorialConsent.objects.select_related("person")
    assert consents.exists()
    assert all(c.person.status == PersonStatus.KILLED for c in consents)
    page = Client().get(reverse("public-memorial")).content.decode()
    assert consents[0].person.display_name in page
