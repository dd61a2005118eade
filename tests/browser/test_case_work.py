"""Case work in the real served app: a documenter opens a person, adds an allegation,
attaches evidence and files a complaint for a lawyer to follow; the lawyer records the case
it led to and moves it through its statuses.
Screenshots of the person page, the case page and the case list go to docs/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_served_demo import Served, browser, log_in, served
from tests.cli_process import run_aqiqat

pytestmark = pytest.mark.browser
__all__ = ["browser", "served"]  # fixtures shared with the demo tests

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def new_user(served: Served, username: str, role: str) -> str:
    made = run_aqiqat("user", "add", username, "--role", role, data_dir=served.data_dir)
    assert made.returncode == 0, made.stderr
    found = re.search(r"shown once: (\S+)", made.stdout)
    assert found
    return found.group(1)


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=False)


def test_a_complaint_is_filed_for_a_lawyer_who_follows_the_case_to_court(
    browser: Browser, served: Served, tmp_path: Path
) -> None:
    documenter = new_user(served, "documenter-browser", "documenter")
    lawyer = new_user(served, "lawyer-browser", "lawyer")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, served, "documenter-browser", documenter)
    expect(page.locator("h1")).to_have_text("People")
    page.locator("table.people tbody tr td a").first.click()
    expect(page).to_have_url(re.compile(r"/people/[0-9a-f-]{36}/$"))
    name = page.locator("h1").inner_text()

    # An allegation, added to the timeline: nothing is overwritten.
    page.locator("details.add-event summary").click()
    page.select_option("#id_event_kind", "ill_treatment")
    page.select_option("#id_event_allegation_type", "beating")
    page.fill("#id_event_on", "07.01.2022")
    page.fill("#id_event_description", "Избит при задержании (вымышленное показание)")
    page.get_by_role("button", name="Add to the timeline").click()
    expect(page.locator("ul.messages")).to_contain_text("Added to the timeline")
    expect(page.locator("ul.allegations")).to_contain_text("Избит при задержании")

    # Evidence, kept by its SHA-256.
    certificate = tmp_path / "справка-вымышленная.txt"
    certificate.write_text("Fictional medical certificate: bruises on both legs.\n")
    page.locator("details.attach-evidence summary").click()
    page.set_input_files("#id_evidence_file", str(certificate))
    page.fill("#id_evidence_description", "медицинская справка")
    page.get_by_role("button", name="Attach").click()
    expect(page.locator("ul.messages")).to_contain_text("SHA-256")
    expect(page.locator("ul.evidence")).to_contain_text("справка-вымышленная.txt")
    shoot(page, "person-page.png")

    # The complaint, filed with its copy.
    page.get_by_role("link", name="File a complaint").click()
    page.fill("#id_filed_by", "Вымышленная Мать (fictional)")
    page.select_option("#id_authority", "prosecutor")
    page.fill("#id_filed_on", "2022-01-20")
    page.fill("#id_summary", "Избиение в ИВС (вымышленная жалоба).")
    page.select_option("#id_lawyer", label="lawyer-browser")
    page.set_input_files("#id_document", str(certificate))
    page.get_by_role("button", name="Register the complaint").click()
    expect(page.locator("ul.messages")).to_contain_text("an answer is due by 2022-02-19")
    expect(page.locator("h1")).to_contain_text("Complaint to the prosecutor")
    page.get_by_role("button", name="Log out").click()

    # The lawyer finds it among the complaints they follow, long overdue.
    log_in(page, served, "lawyer-browser", lawyer)
    page.get_by_role("link", name="Complaints", exact=True).click()
    expect(page.locator("table.complaints tbody tr")).to_have_count(1)
    expect(page.locator("table.complaints")).to_contain_text("overdue by")
    page.locator("table.complaints tbody tr td a").first.click()

    # The case it led to, then its statuses, each with a date and a document.
    page.fill("#id_case_number", "227500009999")
    page.fill("#id_case_opened_on", "2022-02-01")
    page.fill("#id_case_article", "146")
    page.get_by_role("button", name="Record the case").click()
    expect(page.locator("h1")).to_have_text("Case 227500009999")
    for status, on in (
        ("under_investigation", "2022-03-01"),
        ("charges_brought", "2022-06-01"),
        ("in_court", "2022-09-01"),
    ):
        page.select_option("#id_status_status", status)
        page.fill("#id_status_on", on)
        page.set_input_files("#id_status_document", str(certificate))
        page.get_by_role("button", name="Record the status").click()
        expect(page.locator("ul.messages")).to_contain_text("Status recorded")
    expect(page.locator("dd.case-status")).to_contain_text("in court")
    expect(page.locator("ol.case-history li")).to_have_count(4)
    expect(page.locator("ul").filter(has_text=name).first).to_be_visible()
    shoot(page, "case-page.png")

    page.get_by_role("link", name="Cases", exact=True).click()
    expect(page.locator("table.cases")).to_contain_text("227500009999")
    page.fill("#id_q", "9999")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("table.cases tbody tr")).to_have_count(1)
    shoot(page, "case-list.png")
    assert not [e for e in errors if "Content Security Policy" in e]
    context.close()
