"""Every page of the app, asked for by a logged-in user with no role, says "not found"."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

# Pages that are open to everyone signed in (or to everyone) by design.
OPEN = {
    "home",
    "login",
    "logout",
    "healthz",
    "person-list",
    "search",
    "password-change",
    "two-factor-setup",
}
# The public pages answer everyone, signed in or not, with aggregates only.
OPEN |= {"public-figures", "public-memorial", "public-methods"}
NO_CONTENT_FOR_OUTSIDER = {"person-list", "search"}


def protected_pages() -> list[URLPattern]:
    return [
        p
        for p in get_resolver("aqiqat.web.urls").url_patterns
        if isinstance(p, URLPattern) and p.name not in OPEN
    ]


def url_for(pattern: URLPattern) -> str:
    kwargs = {}
    for name, converter in pattern.pattern.converters.items():
        kwargs[name] = (
            uuid.uuid4() if type(converter).__name__ == "UUIDConverter" else "abcdefghijklmnop"
        )
    return reverse(pattern.name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", protected_pages(), ids=lambda p: p.name)
def test_the_outsider_gets_not_found_from_every_protected_page(personas, pattern) -> None:
    client = Client()
    client.force_login(personas.outsider)
    url = url_for(pattern)
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code in {404, 405}, (url, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(NO_CONTENT_FOR_OUTSIDER))
def test_the_open_lists_show_the_outsider_no_one(personas, name) -> None:
    from tests.factories import make_person, make_record

    person = make_person("Серікбаев Ерлан")
    make_record(person=person, full_name="Серікбаев Ерлан")
    client = Client()
    client.force_login(personas.outsider)
    response = client.get(reverse(name), {"q": "Serikbaev Erlan"})
    assert response.status_code in {200, 404}
    assert "Серікбаев" not in response.content.decode()
