"""The tracing desk in Chromium against the real server: a search across scripts, a record
imported by another process found at once, an enquiry matched, confirmed and answered."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from aqiqat.names import transliterate
from tests.browser.test_served_demo import Served, browser, log_in, page, served  # noqa: F401
from tests.cli_process import run_aqiqat
from tests.crypto.folders import open_database

pytestmark = pytest.mark.browser


def test_the_desk_finds_registers_confirms_and_answers(
    page: Page,  # noqa: F811
    served: Served,  # noqa: F811
    tmp_path: Path,
) -> None:
    log_in(page, served)
    with open_database(served.data_dir) as db:
        name, born = db.execute(
            "SELECT p.display_name, p.birth_year FROM people_person p"
            " JOIN sources_record r ON r.person_id = p.id ORDER BY p.display_name LIMIT 1"
        ).fetchone()
    surname, given = name.split()[:2]
    page.click("nav >> text=Find a person")
    page.fill("#q", transliterate(f"{given} {surname}", "icao"))
    page.fill("#born", str(born))
    page.click("form.search-person button[type=submit]")
    first = page.locator("ol.search-results li.result").first
    expect(first.locator(".result-name")).to_have_text(name)
    expect(first.locator("ul.why")).to_contain_text("born agrees")

    # Another process imports a list; the running server finds its record at once.
    listing = tmp_path / "late.csv"
    listing.write_text("№;ФИО;Год рождения\n1;Жолдасбекова Ақерке Нұрланқызы;1999\n", "utf-8")
    imported = run_aqiqat("import", str(listing), "--source", "late-list", data_dir=served.data_dir)
    assert imported.returncode == 0, imported.stderr
    page.fill("#q", "Zholdasbekova Akerke")
    page.fill("#born", "")
    page.click("form.search-person button[type=submit]")
    expect(page.locator("ol.search-results li.result").first).to_contain_text("Жолдасбекова")

    page.fill("#q", "x" * 300)
    page.click("form.search-person button[type=submit]")
    expect(page.locator(".search-error")).to_contain_text("too long")

    page.click("nav >> text=Tracing desk")
    page.click("text=Register an enquiry")
    page.fill("#id_enquirer_name", "Мать")
    page.fill("#id_enquirer_contact", "+7 000 123 45 67")
    page.fill("#id_sought_name", f"{surname} {given}")
    page.fill("#id_sought_birth_year", str(born))
    page.click("form.enquiry button[type=submit]")
    expect(page.locator(".enquiry-status")).to_have_text("possible match")
    page.locator("li.match").first.locator("button[value=confirm]").click()
    expect(page.locator(".enquiry-status")).to_have_text("confirmed: status told to family")
    expect(page.locator("ol.history li")).to_have_count(3)
    page.click("text=Answer for the family (printable)")
    expect(page.locator(".answer-status")).not_to_contain_text("no confirmed information")
    expect(page.locator("article.answer")).not_to_contain_text("+7 000")
