"""A documenter on a phone records an interview in the real served app, with a suggestion."""

from __future__ import annotations

import re
import unicodedata

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.test_served_demo import Served, browser, log_in, served

pytestmark = pytest.mark.browser
__all__ = ["browser", "served"]  # fixtures shared with the demo tests

CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def typed_in_latin(latin: str) -> str:
    """How she would type a name in Latin letters: no diacritics, given name first."""
    plain = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    surname, given, *_ = plain.split()
    return f"{given} {surname}"


def test_a_documenter_on_a_phone_picks_a_cyrillic_suggestion_and_saves(
    browser: Browser, served: Served
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    log_in(page, served)
    rows = page.locator("table.people tbody tr")
    names = [rows.nth(i).locator("td").nth(0).inner_text() for i in range(rows.count())]
    latins = [rows.nth(i).locator("td").nth(1).inner_text() for i in range(rows.count())]
    name, latin = next(
        (n, la)
        for n, la in zip(names, latins, strict=True)
        if CYRILLIC.search(n) and len(la.split()) >= 2
    )

    page.goto(f"{served.url}/records/new/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.fill("#id_full_name", typed_in_latin(latin))
    suggestion = page.locator("#person-suggest li", has_text=name).first
    expect(suggestion).to_be_visible()
    suggestion.get_by_role("button").click()
    expect(page.locator("#picked")).to_contain_text(name)

    page.fill("#id_detained_on", "06.01.2022")
    page.fill("#id_detained_at", "Алматы")
    page.fill("#id_testimony", "Сына забрали с площади; три дня мы не знали, где он.")
    page.check("#id_consent_publish_1")
    page.check("#id_consent_share_authorities_1")
    page.check("#id_consent_share_international_2")
    page.get_by_role("button", name="Save the interview").click()

    expect(page).to_have_url(re.compile(r"/people/[0-9a-f-]{36}/$"))
    expect(page.locator("ul.messages")).to_contain_text("was saved")
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.locator("article.record").last).to_contain_text("Сына забрали с площади")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert not [e for e in errors if "Content Security Policy" in e]
    context.close()
