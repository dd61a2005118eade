"""Builders for case-work tests: a complaint for a fictional person, a case on it."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_person


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def document(content: bytes = b"%PDF-1.4 fictional decision\n", name: str = "decision.pdf"):
    from aqiqat.services.cases.common import Upload

    return Upload(io.BytesIO(content), name, "application/pdf")


@pytest.fixture
def complaint_for(personas):
    """Files a complaint as the given user (default: the documenter persona)."""
    from aqiqat.services.cases.complaints import ComplaintDetails, register_complaint

    def make(
        user: Any = None, person: Any = None, filed_on: date = date(2022, 1, 20), **fields: Any
    ):
        fields.setdefault("authority", "prosecutor")
        return register_complaint(
            user or personas.documenter,
            ComplaintDetails(
                person=person or make_person("Серікбаев Ерлан Асқарұлы"),
                filed_by=fields.pop("filed_by", "Серікбаева Гүлнар (mother, fictional)"),
                filed_on=filed_on,
                **fields,
            ),
        )

    return make


@pytest.fixture
def case_for(personas, complaint_for):
    """Opens a case on a new complaint, as the lawyer persona (who is then assigned)."""
    from aqiqat.services.cases.cases import CaseDetails, open_case

    def make(lawyer: Any = None, number: str = "227500000001", **fields: Any):
        lawyer = lawyer or personas.lawyer
        complaint = complaint_for(**fields)
        return open_case(
            lawyer,
            complaint,
            complaint.version,
            CaseDetails(number=number, authority="prosecutor", opened_on=date(2022, 2, 1)),
        )

    return make
