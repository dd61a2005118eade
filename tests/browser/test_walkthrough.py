"""The whole walk in the real served app: an interview, evidence, a complaint, a case moved
to court, the dashboard in three languages, and a public page that names no one.

Screenshots of the dashboard, the summary report and the public page go to docs/screenshots/.
"""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.test_case_work import new_user, shoot
from tests.browser.test_served_demo import Served, browser, log_in, served
from tests.cli_process import run_aqiqat

pytestmark = pytest.mark.browser
__all__ = ["browser", "served"]  # fixtures shared with the demo tests

INTERVIEWED = "Вымышленова Сәуле Тестқызы"  # fictional


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/"))


def drawn(image: Locator, seconds: float = 20) -> bool:
    """Whether the image loaded and has a size, waiting for the server to draw it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if image.evaluate("img => img.complete && img.naturalWidth > 0"):
            return True
        time.sleep(0.2)
    return False


def every_name_held(served: Served, tmp_path: Path) -> set[str]:
    """Every name as written in every record, and its Latin form, read by an export."""
    out = tmp_path / "records.csv"
    exported = run_aqiqat("export", "--format", "csv", "--out", str(out), data_dir=served.data_dir)
    assert exported.returncode == 0, exported.stderr
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    names = {row[key].strip() for row in rows for key in ("full_name", "name_latin")}
    return {name for name in names if len(name) > 3}


def test_from_an_interview_to_court_then_the_dashboard_and_a_public_page_naming_no_one(
    browser: Browser, served: Served, tmp_path: Path
) -> None:
    documenter = new_user(served, "documenter-walk", "documenter")
    lawyer = new_user(served, "lawyer-walk", "lawyer")
    analyst = new_user(served, "analyst-walk", "analyst")
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # A documenter records a mother's interview about her detained daughter.
    log_in(page, served, "documenter-walk", documenter)
    page.get_by_role("link", name="New interview").click()
    page.fill("#id_full_name", INTERVIEWED)
    page.fill("#id_detained_on", "06.01.2022")
    page.fill("#id_detained_at", "Алматы")
    page.fill("#id_testimony", "Дочь задержали у акимата (вымышленное показание).")
    page.check("#id_consent_publish_2")
    page.check("#id_consent_share_authorities_1")
    page.check("#id_consent_share_international_1")
    page.get_by_role("button", name="Save the interview").click()
    expect(page).to_have_url(re.compile(r"/people/[0-9a-f-]{36}/$"))
    expect(page.locator("ul.messages")).to_contain_text("was saved")

    # Evidence, kept by its SHA-256, and a complaint for the lawyer to follow.
    certificate = tmp_path / "справка-вымышленная.txt"
    certificate.write_text("Fictional medical certificate.\n")
    page.locator("details.attach-evidence summary").click()
    page.set_input_files("#id_evidence_file", str(certificate))
    page.fill("#id_evidence_description", "медицинская справка")
    page.get_by_role("button", name="Attach").click()
    expect(page.locator("ul.messages")).to_contain_text("SHA-256")
    page.get_by_role("link", name="File a complaint").click()
    page.fill("#id_filed_by", "Вымышленная мать (fictional)")
    page.select_option("#id_authority", "prosecutor")
    page.fill("#id_filed_on", "2022-01-20")
    page.select_option("#id_lawyer", label="lawyer-walk")
    page.get_by_role("button", name="Register the complaint").click()
    expect(page.locator("h1")).to_contain_text("Complaint to the prosecutor")
    log_out(page)

    # The lawyer records the case it led to and moves it to a verdict.
    log_in(page, served, "lawyer-walk", lawyer)
    page.get_by_role("link", name="Complaints", exact=True).click()
    page.locator("table.complaints tbody tr td a").first.click()
    page.fill("#id_case_number", "227500001111")
    page.fill("#id_case_opened_on", "2022-02-01")
    page.get_by_role("button", name="Record the case").click()
    for status, on in (
        ("under_investigation", "2022-03-01"),
        ("charges_brought", "2022-06-01"),
        ("in_court", "2022-09-01"),
        ("verdict", "2022-12-01"),
    ):
        page.select_option("#id_status_status", status)
        page.fill("#id_status_on", on)
        page.get_by_role("button", name="Record the status").click()
        expect(page.locator("ul.messages")).to_contain_text("Status recorded")
    expect(page.locator("dd.case-status")).to_contain_text("verdict")
    log_out(page)

    # The analyst's dashboard: official, documented and estimated side by side.
    log_in(page, served, "analyst-walk", analyst)
    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator("h1")).to_have_text("Dashboard")
    headlines = page.locator("table.headlines")
    expect(headlines).to_contain_text("227")
    expect(headlines).to_contain_text("Prosecutor General's Office")
    expect(headlines).to_contain_text("no estimate")
    cases = page.locator("section").filter(has_text="Criminal cases by latest status")
    expect(cases.locator("table")).to_contain_text("verdict")
    expect(page.locator("img.chart")).to_have_count(2)
    # Drawn on the server (SVG), so the charts need no script and pass the CSP.
    for chart in page.locator("img.chart").all():
        assert drawn(chart)
    shoot(page, "dashboard.png")
    page.get_by_role("link", name="Summary report", exact=True).click()
    expect(page.locator("h1")).to_have_text("Summary report")
    expect(page.locator("footer.anchor code.hash")).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    shoot(page, "summary-report.png")
    page.go_back()

    # The same dashboard in Russian and in Kazakh.
    page.select_option("#language", "ru")
    page.click("form.lang button")
    expect(page.locator("h1")).to_have_text("Сводка")
    expect(page.locator("table.headlines")).to_contain_text("оценки нет")
    page.select_option("#language", "kk")
    page.click("form.lang button")
    expect(page.locator("h1")).to_have_text("Жиынтық тақта")
    page.select_option("#language", "en")
    page.click("form.lang button")
    log_out(page)
    context.close()

    # Anyone, not logged in: the public figures page shows numbers and no one's name.
    public = browser.new_context(viewport={"width": 1200, "height": 900}, java_script_enabled=False)
    visitor = public.new_page()
    visitor.goto(f"{served.url}/public/")
    expect(visitor.locator("h1")).to_have_text("What is known, in numbers")
    expect(visitor.locator("table.public-table")).to_be_visible()
    text = visitor.locator("body").inner_text()
    names = every_name_held(served, tmp_path)
    assert INTERVIEWED in names and len(names) > 100
    assert [name for name in names if name in text] == []
    shoot(visitor, "public-figures.png")
    visitor.goto(f"{served.url}/public/methods/")
    expect(visitor.locator("h1")).to_have_text("How we count")
    public.close()
    assert not [e for e in errors if "Content Security Policy" in e]
