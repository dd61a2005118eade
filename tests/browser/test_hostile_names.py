"""Hostile text in Chromium against the real server: names, an enquirer's details and a
file name carrying script tags, event handlers and javascript: links are shown as text;
no dialog opens and no injected element appears on any page that shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.test_served_demo import Served, browser, log_in, page, served  # noqa: F401
from tests.cli_process import run_aqiqat

pytestmark = pytest.mark.browser

HANDLER = "<img src=x onerror=alert(1) data-xss>"
SCRIPT = '<script>alert("xss")</script>'
LINK = '<a href="javascript:alert(2)" data-xss>link</a>'


def injected(tab: Page) -> int:
    return int(
        tab.evaluate(
            "document.querySelectorAll('[data-xss], a[href^=\"javascript:\"]').length"
            " + [...document.scripts].filter(s => s.text.includes('alert')).length"
        )
    )


def test_hostile_text_never_runs_on_any_page_that_shows_it(
    page: Page,  # noqa: F811
    served: Served,  # noqa: F811
    tmp_path: Path,
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    listing = tmp_path / f"list {HANDLER}.csv"
    listing.write_text(
        f"№;ФИО;Место\n1;Хостилов Ерлан;{SCRIPT} {HANDLER}\n2;Хостилова Айгерим {LINK};{HANDLER}\n",
        "utf-8",
    )
    imported = run_aqiqat("import", str(listing), "--source", "hostile", data_dir=served.data_dir)
    assert imported.returncode == 0, imported.stderr
    linked = run_aqiqat("link", "--database", data_dir=served.data_dir)
    assert linked.returncode == 0, linked.stderr

    log_in(page, served)
    visited = []

    def visit(path: str) -> None:
        page.goto(f"{served.url}{path}")
        page.wait_for_load_state("networkidle")
        visited.append(page.locator("main").inner_text())
        assert injected(page) == 0, path

    visit("/search/?q=Хостилов+Ерлан")
    visit("/people/?q=Хостилов")
    people = page.locator("table.people tbody tr a")
    assert people.count() >= 1
    for href in [people.nth(i).get_attribute("href") for i in range(people.count())]:
        visit(href or "/people/")
    # The payloads reached the pages, shown as text.
    assert any(HANDLER in text for text in visited)
    visit("/import/")
    visit("/tracing/enquiries/new/")
    page.fill("#id_enquirer_name", f"Мать {HANDLER}")
    page.fill("#id_enquirer_contact", LINK)
    page.fill("#id_relationship", SCRIPT)
    page.fill("#id_sought_name", "Хостилов Ерлан")
    page.click("form.enquiry button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert injected(page) == 0
    assert f"Мать {HANDLER}" in page.locator("main").inner_text()
    enquiry = page.url
    page.goto(enquiry.rstrip("/") + "/answer/")
    assert injected(page) == 0
    visit("/tracing/")
    visit("/review/")
    assert dialogs == []
