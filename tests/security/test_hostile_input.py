"""Hostile text in every field is shown as text, never run; every form needs its CSRF token.

Payloads (script tags, event handlers, javascript: links) are planted in every free-text
field of people, records, sources, import batches and enquiries; then every page of the
access matrix is fetched by an administrator, with the planted objects in the URLs.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import URLPattern, reverse

from aqiqat.apps.audit.log import acting_as
from aqiqat.web.access_matrix import ANONYMOUS, MATRIX, Outcome, rules_for
from tests.security.samples import SAMPLES
from tests.security.test_access_matrix import ALL_URLS

pytestmark = pytest.mark.django_db

PAYLOAD = (
    '<script>alert("xss")</script><img src=x onerror=alert(1) data-xss>'
    '"\'><a href="javascript:alert(2)">link</a>'
)
# What would be in the page if a payload were copied into it unescaped.
EXECUTABLE = re.compile(r'<script>alert\("xss"\)|<img src=x onerror|href="javascript:', re.I)
PATTERNS = dict(ALL_URLS)


def hostile(model: type[models.Model], skip: set[str] = frozenset()) -> dict[str, str]:
    """The payload for every free-text field of `model` that can hold it."""
    values = {}
    for field in model._meta.fields:
        if (
            field.name in skip
            or field.choices
            or not isinstance(field, models.CharField | models.TextField)
        ):
            continue
        if field.max_length is None or field.max_length >= len(PAYLOAD):
            values[field.name] = PAYLOAD
    return values


@pytest.fixture
def planted(personas) -> dict[str, Any]:
    from aqiqat.apps.people.models import Person
    from aqiqat.apps.sources.models import ImportBatch, Record, Source
    from aqiqat.services.tracing.enquiries import EnquiryDetails, register_request
    from tests.factories import make_person, make_record, make_source

    with acting_as(personas.documenter):
        source = make_source(**hostile(Source, {"retraction_reason", "name"}), name="hostile")
        person = make_person(PAYLOAD, **hostile(Person, {"display_name"}))
        make_record(
            source=source,
            person=person,
            raw={PAYLOAD: PAYLOAD},
            **hostile(Record, {"retraction_reason", "name_key"}),
        )
        ImportBatch.objects.create(
            source=source,
            file_name=PAYLOAD + ".csv",
            file_sha256="0" * 64,
            file_format="csv",
            file_size=1,
        )
    enquiry = register_request(
        personas.tracing_desk,
        EnquiryDetails(
            enquirer_name=PAYLOAD,
            enquirer_contact=PAYLOAD,
            relationship=PAYLOAD[:100],
            sought_name=PAYLOAD,
            sought_place_text=PAYLOAD,
        ),
    )
    return {"person_id": person.pk, "request_id": enquiry.pk}


def pages() -> list[str]:
    return sorted(
        name
        for name, rules in MATRIX.items()
        if "*" not in name
        and name in PATTERNS
        and any("GET" in rule.methods and rule.anonymous != Outcome.OK for rule in rules)
    )


def test_every_page_shows_hostile_text_as_text(personas, planted, settings, tmp_path) -> None:
    settings.AQIQAT_DATA_DIR = tmp_path
    client = Client()
    client.force_login(personas.admin)
    checked, shown = 0, set()
    for name in pages():
        pattern: URLPattern = PATTERNS[name]
        rule = (rules_for(name) or ())[0]
        kwargs = SAMPLES[rule.sample](client, personas.admin, personas) if rule.sample else {}
        kwargs.pop("_post", None)
        kwargs.update({k: v for k, v in planted.items() if k in pattern.pattern.converters})
        url = reverse(name, kwargs=kwargs)
        for query in ({}, {"q": PAYLOAD}):
            response = client.get(url, query)
            assert response.status_code < 500, (url, response.status_code)
            if not response.get("Content-Type", "").startswith("text/html"):
                continue  # JSON and files: the scripts that show them use textContent
            body = response.content.decode(errors="replace")
            found = EXECUTABLE.search(body)
            assert found is None, (url, body[max(0, found.start() - 200) : found.end() + 50])
            if "&lt;script&gt;alert(" in body:
                shown.add(name)
        checked += 1
    assert checked >= 20
    # The payloads did reach the pages (escaped), so the check above had something to see.
    assert {"person-detail", "person-list", "tracing-enquiry", "import-upload"} <= shown


def post_urls() -> list[tuple[str, str]]:
    forms = sorted(
        (name, role_with_access(name))
        for name, rules in MATRIX.items()
        if "*" not in name
        and name in PATTERNS
        and any("POST" in rule.methods and rule.anonymous != Outcome.OK for rule in rules)
    )
    return [*forms, ("login", ANONYMOUS)]


def role_with_access(name: str) -> str:
    rule = next(r for r in rules_for(name) or () if "POST" in r.methods)
    return "admin" if "admin" in rule.allowed else sorted(rule.allowed)[0]


@pytest.mark.parametrize(("name", "who"), post_urls())
def test_every_form_refuses_a_post_without_its_csrf_token(personas, name, who) -> None:
    client = Client(enforce_csrf_checks=True)
    if who != ANONYMOUS:
        client.force_login(personas.by_role.get(who) or personas.outsider)
    pattern = PATTERNS[name]
    rule = next(r for r in rules_for(name) or () if "POST" in r.methods)
    kwargs: dict[str, Any] = {}
    if rule.sample:
        kwargs = SAMPLES[rule.sample](Client(), personas.by_role.get(who), personas)
    else:
        kwargs = {key: uuid.uuid4() for key in pattern.pattern.converters}
    data = kwargs.pop("_post", {})
    response = client.post(reverse(name, kwargs=kwargs), data)
    assert response.status_code == 403, (name, response.status_code)
