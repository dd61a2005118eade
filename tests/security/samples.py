"""Builders of the objects that the access matrix's URLs name.

Each takes the client about to ask, its user and the personas, makes a fictional object
(owned by the asking user where ownership matters) and returns the URL's keyword arguments.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

Builder = Callable[[Client, Any, Any], dict[str, Any]]
SAMPLES: dict[str, Builder] = {}


def sample(name: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        SAMPLES[name] = builder
        return builder

    return register


@sample("person")
def person(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    from tests.factories import make_person, make_record

    found = make_person("Тестов Вымышлен")
    make_record(person=found, full_name="Тестов Вымышлен")
    return {"person_id": found.pk}


@sample("person_event")
def person_event(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    from aqiqat.apps.people.models import Event
    from tests.factories import make_person

    found = make_person("Тестов Вымышлен")
    event = Event.objects.create(person=found, kind=Event.Kind.DETENTION)
    return {"person_id": found.pk, "event_id": event.pk, "_post": {"reason": ""}}


@sample("record_pair")
def record_pair(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    from tests.factories import make_record

    first = make_record(full_name="Тестов Вымышлен")
    second = make_record(full_name="Тестов Вымышленный")
    return {"_post": {"record_a": str(first.pk), "record_b": str(second.pk), "verdict": ""}}


@sample("person_change")
def person_change(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    from aqiqat.apps.people.models import PersonChange
    from tests.factories import make_person

    kept, other = make_person("Тестов Вымышлен"), make_person("Тестов Вымышленный")
    change = PersonChange.objects.create(
        kind="merge", person=kept, other=other, moved=[], stayed=[], reason="fictional"
    )
    return {"person_id": kept.pk, "change_id": change.pk, "_post": {"reason": ""}}


@sample("upload_token")
def upload_token(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    def send(sender: Client) -> Any:
        return sender.post(
            reverse("import-upload"),
            {
                "file": SimpleUploadedFile("list.csv", "№,ФИО\n1,Тестов Вымышлен\n".encode()),
                "source": "matrix-list",
                "kind": "ngo",
                "encoding": "",
            },
        )

    response = send(client)
    if response.status_code != 302:
        # This user may not upload: the token is someone else's, as an attacker would hold.
        owner = Client()
        owner.force_login(personas.documenter)
        response = send(owner)
    return {"token": response["Location"].rstrip("/").rsplit("/", 1)[-1]}


def _finished_job(user: Any) -> str:
    from aqiqat.services.background import start_job

    job = start_job(user, "matrix", lambda job: None)
    deadline = time.monotonic() + 10
    while not job.finished and time.monotonic() < deadline:
        time.sleep(0.01)
    return job.job_id


@sample("import_job")
def import_job(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    return {"job_id": _finished_job(user or personas.admin)}


@sample("estimate_job")
@sample("relink_job")
def relink_job(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    return {"job_id": _finished_job(user or personas.admin)}


@sample("enquiry")
def enquiry(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    from aqiqat.services.tracing.enquiries import EnquiryDetails, register_request

    request = register_request(
        personas.tracing_desk,
        EnquiryDetails(enquirer_name="Вымышленная Мать", sought_name="Тестов Вымышлен"),
    )
    return {"request_id": request.pk}


def _complaint(lawyer: Any, personas: Any) -> Any:
    from datetime import date

    from aqiqat.services.cases.complaints import ComplaintDetails, register_complaint
    from tests.factories import make_person

    return register_complaint(
        personas.documenter,
        ComplaintDetails(
            person=make_person("Тестов Вымышлен"),
            filed_by="Вымышленная Мать",
            authority="prosecutor",
            filed_on=date(2022, 1, 20),
            lawyer=lawyer,
        ),
    )


def _lawyer_or_none(user: Any) -> Any:
    from aqiqat.apps.accounts.roles import Role, has_role

    return user if user is not None and has_role(user, Role.LAWYER) else None


@sample("own_complaint")
def own_complaint(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    """A complaint followed by the asking user when that user is a lawyer."""
    complaint = _complaint(_lawyer_or_none(user), personas)
    return {"complaint_id": complaint.pk, "_post": {"version": "1"}}


@sample("others_complaint")
def others_complaint(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    complaint = _complaint(None, personas)
    return {"complaint_id": complaint.pk, "_post": {"version": "1"}}


def _case(lawyer: Any, personas: Any) -> Any:
    from datetime import date

    from aqiqat.services.cases.cases import CaseDetails, open_case

    complaint = _complaint(None, personas)
    case = open_case(
        personas.admin,
        complaint,
        complaint.version,
        CaseDetails(f"2275{time.monotonic_ns() % 10**8:08d}", "prosecutor", date(2022, 2, 1)),
    )
    if lawyer is not None:
        case.lawyers.add(lawyer)
    return case


@sample("assigned_case")
def assigned_case(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    """A case assigned to the asking user when that user is a lawyer."""
    case = _case(_lawyer_or_none(user), personas)
    return {"case_id": case.pk, "_post": {"version": str(case.version)}}


@sample("unassigned_case")
def unassigned_case(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    case = _case(personas.lawyer if _lawyer_or_none(user) is None else None, personas)
    return {"case_id": case.pk, "_post": {"version": str(case.version)}}


@sample("evidence")
def evidence(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    import io

    from aqiqat.services.evidence import store_evidence
    from tests.factories import make_person

    stored = store_evidence(
        io.BytesIO(b"fictional certificate"),
        original_name="certificate.txt",
        media_type="text/plain",
        actor=personas.documenter,
        person=make_person("Тестов Вымышлен"),
    )
    return {"evidence_id": stored.pk}


@sample("dashboard_chart")
def dashboard_chart(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    return {"name": "regions"}


@sample("documented_measure")
def documented_measure(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    return {"measure": "killed"}


@sample("memorial_consent")
def memorial_consent(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    from datetime import date

    from aqiqat.apps.figures.models import MemorialConsent
    from tests.factories import make_person

    killed = make_person("Тестов Вымышлен", status="killed")
    consent = MemorialConsent.objects.create(
        person=killed, given_by="his mother (fictional)", given_on=date(2022, 3, 1)
    )
    return {"consent_id": consent.pk, "_post": {"reason": ""}}
