"""In the real served app: a documenter corrects the date of an event (both versions stay on
the timeline), and an analyst's estimate from the dashboard that the data cannot support is
refused with the reason."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.test_case_work import new_user
from tests.browser.test_served_demo import Served, browser, log_in, served

pytestmark = pytest.mark.browser
__all__ = ["browser", "served"]  # fixtures shared with the demo tests


def test_a_documenter_corrects_the_date_of_an_event(browser: Browser, served: Served) -> None:
    password = new_user(served, "documenter-corrects", "documenter")
    page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    log_in(page, served, "documenter-corrects", password)
    page.locator("table.people tbody tr td a").first.click()
    expect(page).to_have_url(re.compile(r"/people/[0-9a-f-]{36}/$"))
    page.locator("details.add-event summary").click()
    page.select_option("#id_event_kind", "detention")
    page.fill("#id_event_on", "06.01.2022")
    page.get_by_role("button", name="Add to the timeline").click()
    expect(page.locator("ul.messages")).to_contain_text("Added to the timeline")
    before = page.locator("ol.timeline li").count()

    page.locator("ol.timeline li", has_text="2022-01-06").get_by_role(
        "link", name="Correct"
    ).click()
    expect(page.locator("h1")).to_have_text("Correct an event")
    expect(page.locator("#id_correct_on")).to_have_value("06.01.2022")
    page.fill("#id_correct_on", "05.01.2022")
    page.fill("#id_correct_reason", "the detention record gives the 5th (fictional)")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator("ul.messages")).to_contain_text("Corrected: detention")
    expect(page.locator("ol.timeline li")).to_have_count(before + 1)
    expect(page.locator("ol.timeline li.corrected")).to_contain_text("2022-01-06")
    expect(page.locator("ol.timeline li", has_text="2022-01-05").last).to_contain_text(
        "corrects an earlier entry"
    )


def test_an_estimate_the_demo_cannot_support_is_refused_in_words(
    browser: Browser, served: Served
) -> None:
    password = new_user(served, "analyst-estimates", "analyst")
    page = browser.new_context(viewport={"width": 1200, "height": 900}).new_page()
    log_in(page, served, "analyst-estimates", password)
    page.goto(f"{served.url}/dashboard/")
    page.locator("details.run-estimate summary").click()
    page.select_option("#id_status", "killed")
    page.select_option("#id_method", "loglinear")
    page.get_by_role("button", name="Estimate and save").click()
    expect(page).to_have_url(re.compile(r"/dashboard/estimate/[^/]+/$"))
    # The page refreshes itself until the run is done. The 300-person demo's detention list
    # shares no one with the other lists, so no estimate can be made, and it says so.
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(
        "The data cannot support an estimate, so none was saved", timeout=120_000
    )
    expect(alert).to_contain_text("shares no record with any other list")
    page.get_by_role("link", name="Try other persons or another method").click()
    expect(page.locator("h1")).to_have_text("Estimate from the database")
