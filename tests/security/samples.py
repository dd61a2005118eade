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


@sample("record_pair")
def record_pair(client: Client, user: Any, personas: Any) -> dict[str, Any]:
    from tests.factories import make_record

    first = make_record(full_name="Тестов Вымышлен")
    second = make_record(full_name="Тестов Вымышленный")
    return {"_post": {"record_a": str(first.pk), "record_b": str(second.pk), "verdict": ""}}


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
