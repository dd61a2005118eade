"""Schemathesis sends generated requests to every operation of the API's OpenAPI schema:
none may answer with a server error. Also: the search moved onto the API keeps its shape."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from aqiqat.web.api import api, endpoints

del endpoints  # imported for the routes it registers
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()


@pytest.fixture
def session_cookie(personas, settings) -> Iterator[str]:
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(personas.admin)
    # Requests go through the real WSGI handler, which closes the database connection at
    # the end of each request; the test's transaction must outlive them (as Django's
    # test client arranges for itself).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield f"sessionid={client.cookies['sessionid'].value}"
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_generated_request_makes_the_api_fail(case, session_cookie) -> None:
    case.call_and_validate(headers={"Cookie": session_cookie}, checks=[not_a_server_error])


@pytest.mark.django_db
def test_the_search_answers_the_same_at_its_old_and_new_addresses(personas) -> None:
    from tests.factories import make_person, make_record

    person = make_person("Тестов Вымышлен")
    make_record(person=person, full_name="Тестов Вымышлен")
    client = Client()
    client.force_login(personas.tracing_desk)
    new = client.get("/api/v1/search", {"q": "Testov Vymyshlen"})
    old = client.get("/api/search", {"q": "Testov Vymyshlen"})
    assert new.status_code == old.status_code == 200
    assert new.json() == old.json()
    assert new.json()["results"][0]["person_id"] == str(person.pk)
    refused = client.get("/api/v1/search", {"q": "1"})
    assert refused.status_code == 400 and refused.json()["error"]


@pytest.mark.django_db
def test_the_api_answers_anonymous_callers_401_and_outsiders_404(personas) -> None:
    assert Client().get("/api/v1/search", {"q": "Testov"}).status_code == 401
    outsider = Client()
    outsider.force_login(personas.outsider)
    assert outsider.get("/api/v1/search", {"q": "Testov"}).status_code == 404
