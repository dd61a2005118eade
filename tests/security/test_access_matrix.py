"""Every URL of the site, asked by every role, answers as the access matrix says.

A URL with no row in aqiqat.web.access_matrix fails here: each new page needs a decision.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from aqiqat.web.access_matrix import (
    ANONYMOUS,
    EVERYONE_ASKED,
    OUTSIDER,
    Access,
    Outcome,
    rules_for,
)
from tests.security.samples import SAMPLES


def walk(
    patterns: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from walk(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", pattern


ALL_URLS = sorted(dict(walk(get_resolver().url_patterns)).items())
# Django's admin has many URLs under one rule; ask a few of them.
ADMIN_ASKED = {"admin:index", "admin:accounts_user_changelist", "admin:accounts_user_add"}
ASKED = [
    (name, pattern)
    for name, pattern in ALL_URLS
    if not name.startswith("admin:") or name in ADMIN_ASKED
]


@pytest.mark.parametrize("name", [name for name, _ in ALL_URLS])
def test_every_url_has_a_row_in_the_access_matrix(name: str) -> None:
    assert rules_for(name), f"{name} has no row in aqiqat/web/access_matrix.py"


def client_for(who: str, personas) -> tuple[Client, object | None]:
    client = Client()
    if who == ANONYMOUS:
        return client, None
    user = personas.outsider if who == OUTSIDER else personas.by_role[who]
    client.force_login(user)
    return client, user


def request_for(
    name: str, pattern: URLPattern, rule: Access, client, user, personas
) -> tuple[str, dict]:
    """The URL to ask and the form data to POST there."""
    if rule.sample:
        assert rule.sample in SAMPLES, f"add a builder {rule.sample!r} to tests/security/samples.py"
        kwargs = SAMPLES[rule.sample](client, user, personas)
    else:
        kwargs = {
            key: uuid.uuid4() if type(conv).__name__ == "UUIDConverter" else "abcdefghijklmnop"
            for key, conv in pattern.pattern.converters.items()
        }
    data = kwargs.pop("_post", {})
    return reverse(name, kwargs=kwargs), data


def outcome_of(response: HttpResponse) -> Outcome:
    if response.status_code == 404:
        return Outcome.NOT_FOUND
    if response.status_code == 401:
        return Outcome.UNAUTHORIZED
    if response.status_code in (301, 302):
        login = reverse(settings.LOGIN_URL)
        if response["Location"].split("?")[0] == login:
            return Outcome.LOGIN
    assert response.status_code < 500, response.status_code
    assert response.status_code not in (403, 405), response.status_code
    return Outcome.OK


@pytest.mark.django_db
@pytest.mark.parametrize("who", EVERYONE_ASKED)
@pytest.mark.parametrize(("name", "pattern"), ASKED, ids=[name for name, _ in ASKED])
def test_each_role_gets_what_the_matrix_says(personas, settings, tmp_path, name, pattern, who):
    settings.AQIQAT_DATA_DIR = tmp_path
    for rule in rules_for(name) or ():
        for method in rule.methods:
            client, user = client_for(who, personas)
            url, data = request_for(name, pattern, rule, client, user, personas)
            response = client.get(url) if method == "GET" else client.post(url, data)
            expected = rule.expected(who)
            assert outcome_of(response) == expected, (method, url, who, response.status_code)
